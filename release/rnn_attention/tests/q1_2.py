# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q1_2"
points = 5

@test_case(points=None, hidden=False)
def test_lstm_step_shape(lstm_step):
    import torch
    d, h = (4, 3)
    weights = []
    for _ in range(4):
        weights += [torch.randn(d, h), torch.randn(h, h), torch.randn(h)]
    h_t, c_t = lstm_step(torch.randn(d), torch.randn(h), torch.randn(h), *weights)
    assert tuple(h_t.shape) == (h,) and tuple(c_t.shape) == (h,), 'lstm_step should return two tensors of shape (h,)'

