# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q7_2"
points = 10

@test_case(points=None, hidden=False)
def test_transpose_output_shape(MultiHeadAttention):
    import torch
    mha = MultiHeadAttention(num_hiddens=12, num_heads=3, dropout=0.0)
    out = mha.transpose_output(torch.randn(6, 5, 4))
    assert tuple(out.shape) == (2, 5, 12), f'expected shape (2, 5, 12), got {tuple(out.shape)}'

