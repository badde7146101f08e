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
    c_prev = torch.tensor([1.0, -1.0])
    weights = []
    for bias in (1.0, 2.0, 3.0, 0.5):
        weights += [torch.zeros(2, 2), torch.zeros(2, 2), torch.full((2,), bias)]
    h_t, c_t = lstm_step(torch.ones(2), torch.zeros(2), c_prev, *weights)
    s = torch.sigmoid
    c_expected = s(torch.tensor(1.0)) * c_prev + s(torch.tensor(2.0)) * torch.tanh(torch.tensor(0.5))
    h_expected = s(torch.tensor(3.0)) * torch.tanh(c_expected)
    assert torch.allclose(c_t, c_expected, atol=1e-06), f'lstm_step: c_t should be {c_expected}, got {c_t}'
    assert torch.allclose(h_t, h_expected, atol=1e-06), f'lstm_step: h_t should be {h_expected}, got {h_t}'

@test_case(points=2, hidden=True)
def test_lstm_step_random(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    lstm_step, ref = graded(env, 'q1_2', 'lstm_step')
    with seeded(21):
        d, h = (4, 3)
        args = [torch.randn(d), torch.randn(h), torch.randn(h)]
        for _ in range(4):
            args += [torch.randn(d, h), torch.randn(h, h), torch.randn(h)]
    assert_close(lstm_step(*args), ref.lstm_step(*args), '(h_t, c_t) on random inputs')

@test_case(points=2, hidden=True)
def test_lstm_step_each_gate(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    lstm_step, ref = graded(env, 'q1_2', 'lstm_step')
    d, h = (3, 2)
    with seeded(22):
        x_t, h_prev, c_prev = (torch.randn(d), torch.randn(h), torch.randn(h))
    for gate, name in enumerate(['forget', 'input', 'output', 'candidate']):
        args = [x_t, h_prev, c_prev]
        for k in range(4):
            scale = 2.0 if k == gate else 0.0
            args += [scale * torch.ones(d, h), -scale * torch.ones(h, h), torch.full((h,), 0.5 * k)]
        assert_close(lstm_step(*args), ref.lstm_step(*args), f"(h_t, c_t) when only the {name} gate's weights are non-zero")

@test_case(points=1, hidden=True)
def test_lstm_step_other_sizes_float64(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    lstm_step, ref = graded(env, 'q1_2', 'lstm_step')
    with seeded(23):
        d, h = (6, 5)
        args = [torch.randn(d, dtype=torch.float64), torch.randn(h, dtype=torch.float64), torch.randn(h, dtype=torch.float64)]
        for _ in range(4):
            args += [torch.randn(d, h, dtype=torch.float64), torch.randn(h, h, dtype=torch.float64), torch.randn(h, dtype=torch.float64)]
    assert_close(lstm_step(*args), ref.lstm_step(*args), '(h_t, c_t) with d=6, h=5 in float64', atol=1e-10, rtol=1e-10)

