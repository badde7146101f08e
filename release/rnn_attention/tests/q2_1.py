# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q2_1"
points = 5

@test_case(points=None, hidden=False)
def test_rnn_forward_shape(rnn_forward):
    import torch
    T, d, h = (5, 4, 3)
    H_seq = rnn_forward(torch.randn(T, d), torch.zeros(h), torch.randn(d, h), torch.randn(h, h), torch.randn(h))
    assert tuple(H_seq.shape) == (T, h), f'rnn_forward should return shape ({T}, {h}), got {tuple(H_seq.shape)}'

