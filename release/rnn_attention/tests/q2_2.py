# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q2_2"
points = 5

@test_case(points=None, hidden=False)
def test_lstm_forward_shape(lstm_forward):
    import torch
    T, d, h = (5, 4, 3)
    weights = []
    for _ in range(4):
        weights += [torch.randn(d, h), torch.randn(h, h), torch.randn(h)]
    H_seq, C_seq = lstm_forward(torch.randn(T, d), torch.zeros(h), torch.zeros(h), *weights)
    assert tuple(H_seq.shape) == (T, h) and tuple(C_seq.shape) == (T, h), 'lstm_forward should return two tensors of shape (T, h)'

