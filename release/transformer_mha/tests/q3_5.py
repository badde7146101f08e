# Generated from notebooks/transformer_mha/transformer_mha.ipynb by `python -m autograder build transformer_mha`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q3_5"
points = 10

@test_case(points=None, hidden=False)
def test_forward_shape(MultiHeadAttention):
    import torch
    mha = MultiHeadAttention(num_heads=2, embedding_dim=8, qk_length=3, value_length=5)
    x = torch.randn(4, 6, 8)
    out = mha(x, x, x)
    assert tuple(out.shape) == (4, 6, 8), f'expected shape (4, 6, 8), got {tuple(out.shape)}'

