# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q7_3"
points = 10

@test_case(points=None, hidden=False)
def test_multihead_attention_shape(MultiHeadAttention):
    import torch
    mha = MultiHeadAttention(num_hiddens=12, num_heads=3, dropout=0.0)
    out = mha(torch.ones(2, 4, 12), torch.ones(2, 6, 12), torch.ones(2, 6, 12), torch.tensor([3, 2]))
    assert tuple(out.shape) == (2, 4, 12), f'expected shape (2, 4, 12), got {tuple(out.shape)}'

