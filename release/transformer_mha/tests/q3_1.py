# Generated from notebooks/transformer_mha/transformer_mha.ipynb by `python -m autograder build transformer_mha`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q3_1"
points = 4

@test_case(points=None, hidden=False)
def test_projection_shapes(MultiHeadAttention):
    import torch
    mha = MultiHeadAttention(num_heads=2, embedding_dim=8, qk_length=3, value_length=5)
    assert tuple(mha.W_q.weight.shape) == (6, 8), f'W_q.weight: expected (6, 8), got {tuple(mha.W_q.weight.shape)}'
    assert tuple(mha.W_v.weight.shape) == (10, 8), f'W_v.weight: expected (10, 8), got {tuple(mha.W_v.weight.shape)}'

