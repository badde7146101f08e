# Generated from notebooks/self_attention/self_attention.ipynb by `python -m autograder build self_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q2_1"
points = 20

@test_case(points=None, hidden=False)
def test_self_attention_shapes(SelfAttention):
    import torch
    attention = SelfAttention(d_model=4)
    out, sc = attention(torch.randn(2, 3, 4))
    assert tuple(out.shape) == (2, 3, 4), f'output: expected shape (2, 3, 4), got {tuple(out.shape)}'
    assert tuple(sc.shape) == (2, 3, 3), f'scores: expected shape (2, 3, 3), got {tuple(sc.shape)}'

