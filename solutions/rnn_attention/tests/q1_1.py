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
    x, W_x, b = (torch.ones(2), torch.full((2, 2), 0.5), torch.tensor([0.1, -0.2]))
    h_t = rnn_step(x, torch.zeros(2), W_x, torch.zeros(2, 2), b)
    expected = torch.tanh(torch.tensor([1.1, 0.8]))
    assert torch.allclose(h_t, expected, atol=1e-06), f'rnn_step: expected {expected}, got {h_t} (is the bias added?)'

@test_case(points=2, hidden=True)
def test_rnn_step_random(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    rnn_step, ref = graded(env, 'q1_1', 'rnn_step')
    with seeded(11):
        args = [torch.randn(4), torch.randn(3), torch.randn(4, 3), torch.randn(3, 3), torch.randn(3)]
    assert_close(rnn_step(*args), ref.rnn_step(*args), 'rnn_step on random inputs')

@test_case(points=1, hidden=True)
def test_rnn_step_bias_and_state(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    rnn_step, ref = graded(env, 'q1_1', 'rnn_step')
    with seeded(12):
        x_t, h_prev, b = (torch.randn(5), torch.randn(2), torch.randn(2))
    zero_x, zero_h = (torch.zeros(5, 2), torch.zeros(2, 2))
    assert_close(rnn_step(x_t, h_prev, zero_x, zero_h, b), torch.tanh(b), 'rnn_step with zero weights (the bias alone)')
    eye = torch.eye(2)
    assert_close(rnn_step(x_t, h_prev, zero_x, eye, b), ref.rnn_step(x_t, h_prev, zero_x, eye, b), 'rnn_step with the previous state only')

@test_case(points=2, hidden=True)
def test_rnn_step_other_sizes_float64(env):
    import torch
    from _hwkit import assert_close, assert_dtype, graded, seeded
    rnn_step, ref = graded(env, 'q1_1', 'rnn_step')
    with seeded(13):
        args = [torch.randn(7, dtype=torch.float64), torch.randn(5, dtype=torch.float64), torch.randn(7, 5, dtype=torch.float64), torch.randn(5, 5, dtype=torch.float64), torch.randn(5, dtype=torch.float64)]
    h_t = rnn_step(*args)
    assert_close(h_t, ref.rnn_step(*args), 'rnn_step with d=7, h=5', atol=1e-10, rtol=1e-10)
    assert_dtype(h_t, torch.float64, 'rnn_step on float64 inputs')

