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
    weights = []
    for bias in (1.0, 2.0, 3.0, 0.5):
        weights += [torch.zeros(2, 2), torch.zeros(2, 2), torch.full((2,), bias)]
    c0 = torch.tensor([1.0, -1.0])
    H_seq, C_seq = lstm_forward(torch.ones(3, 2), torch.zeros(2), c0, *weights)
    s, cell, expected = (torch.sigmoid, c0, [])
    for _ in range(3):
        cell = s(torch.tensor(1.0)) * cell + s(torch.tensor(2.0)) * torch.tanh(torch.tensor(0.5))
        expected.append(cell)
    expected = torch.stack(expected)
    assert torch.allclose(C_seq, expected, atol=1e-06), f'lstm_forward: C_seq should be {expected}, got {C_seq}'
    assert torch.allclose(H_seq, s(torch.tensor(3.0)) * torch.tanh(expected), atol=1e-06), 'lstm_forward: H_seq is not o_t * tanh(c_t)'

@test_case(points=3, hidden=True)
def test_lstm_forward_random(env):
    import torch
    from _hwkit import assert_close, graded, seeded, substituted
    lstm_forward, ref = graded(env, 'q2_2', 'lstm_forward')
    with seeded(41):
        d, h = (4, 3)
        args = [torch.randn(7, d), torch.randn(h), torch.randn(h)]
        for _ in range(4):
            args += [torch.randn(d, h), torch.randn(h, h), torch.randn(h)]
    with substituted(env, lstm_step=ref.lstm_step):
        result = lstm_forward(*args)
    assert_close(result, ref.lstm_forward(*args), '(H_seq, C_seq) of a 7-step sequence')

@test_case(points=2, hidden=True)
def test_lstm_forward_one_step(env):
    import torch
    from _hwkit import assert_close, graded, seeded, substituted
    lstm_forward, ref = graded(env, 'q2_2', 'lstm_forward')
    with seeded(42):
        d, h = (2, 6)
        args = [torch.randn(1, d), torch.randn(h), torch.randn(h)]
        for _ in range(4):
            args += [torch.randn(d, h), torch.randn(h, h), torch.randn(h)]
    with substituted(env, lstm_step=ref.lstm_step):
        result = lstm_forward(*args)
    assert_close(result, ref.lstm_forward(*args), '(H_seq, C_seq) of a one-step sequence')

