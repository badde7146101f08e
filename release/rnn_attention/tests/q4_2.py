# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q4_2"
points = 10

@test_case(points=None, hidden=False)
def test_dot_product_attention_shapes(DotProductAttention):
    import torch
    attention = DotProductAttention(dropout=0.0)
    output, weights = attention(torch.randn(2, 3, 4), torch.randn(2, 5, 4), torch.randn(2, 5, 6), torch.tensor([2, 5]))
    assert tuple(output.shape) == (2, 3, 6), f'output: expected shape (2, 3, 6), got {tuple(output.shape)}'
    assert tuple(weights.shape) == (2, 3, 5), f'weights: expected shape (2, 3, 5), got {tuple(weights.shape)}'

