# Generated from notebooks/mhsa_causal/mhsa_causal.ipynb by `python -m autograder build mhsa_causal`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q2_3"
points = 2

@test_case(points=None, hidden=False)
def test_forward_shapes(MultiHeadSelfAttention):
    import torch
    model = MultiHeadSelfAttention(input_size=7, hidden=9, num_heads=3)
    att, probs = model(torch.randn(2, 5, 7), return_attention=True)
    assert tuple(att.shape) == (2, 5, 9), f'att: expected shape (2, 5, 9), got {tuple(att.shape)}'
    assert tuple(probs.shape) == (6, 5, 5), f'probs: expected shape (6, 5, 5), got {tuple(probs.shape)}'

