# Generated from notebooks/transformer_mha/transformer_mha.ipynb by `python -m autograder build transformer_mha`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q3_4"
points = 8

@test_case(points=None, hidden=False)
def test_attention_shapes(MultiHeadAttention):
    import torch
    mha = MultiHeadAttention(num_heads=2, embedding_dim=8, qk_length=3, value_length=5)
    out, w = mha.scaled_attention(torch.randn(4, 2, 6, 3), torch.randn(4, 2, 7, 3), torch.randn(4, 2, 7, 5))
    assert tuple(out.shape) == (4, 2, 6, 5), f'output: expected shape (4, 2, 6, 5), got {tuple(out.shape)}'
    assert tuple(w.shape) == (4, 2, 6, 7), f'weights: expected shape (4, 2, 6, 7), got {tuple(w.shape)}'

