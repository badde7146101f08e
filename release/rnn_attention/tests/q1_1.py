# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q1_1"
points = 5

@test_case(points=None, hidden=False)
def test_rnn_step_shape(rnn_step):
    import torch
    d, h = (4, 3)
    h_t = rnn_step(torch.randn(d), torch.randn(h), torch.randn(d, h), torch.randn(h, h), torch.randn(h))
    assert tuple(h_t.shape) == (h,), f'rnn_step should return shape ({h},), got {tuple(h_t.shape)}'

