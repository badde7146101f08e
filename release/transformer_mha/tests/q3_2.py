# Generated from notebooks/transformer_mha/transformer_mha.ipynb by `python -m autograder build transformer_mha`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q3_2"
points = 6

@test_case(points=None, hidden=False)
def test_split_heads_shape(MultiHeadAttention):
    import torch
    mha = MultiHeadAttention(num_heads=2, embedding_dim=8, qk_length=3, value_length=5)
    out = mha.split_heads(torch.randn(4, 7, 10), 5)
    assert tuple(out.shape) == (4, 2, 7, 5), f'expected shape (4, 2, 7, 5), got {tuple(out.shape)}'

