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
    h0 = torch.tensor([1.0, -1.0])
    H_seq = rnn_forward(torch.ones(3, 2), h0, torch.zeros(2, 2), 0.5 * torch.eye(2), torch.full((2,), 0.1))
    state, expected = (h0, [])
    for _ in range(3):
        state = torch.tanh(0.5 * state + 0.1)
        expected.append(state)
    expected = torch.stack(expected)
    assert torch.allclose(H_seq, expected, atol=1e-06), f'rnn_forward: expected {expected}, got {H_seq}'

@test_case(points=3, hidden=True)
def test_rnn_forward_random(env):
    import torch
    from _hwkit import assert_close, graded, seeded, substituted
    rnn_forward, ref = graded(env, 'q2_1', 'rnn_forward')
    with seeded(31):
        args = [torch.randn(6, 4), torch.randn(3), torch.randn(4, 3), torch.randn(3, 3), torch.randn(3)]
    with substituted(env, rnn_step=ref.rnn_step):
        H_seq = rnn_forward(*args)
    assert_close(H_seq, ref.rnn_forward(*args), 'hidden states of a 6-step sequence')

@test_case(points=2, hidden=True)
def test_rnn_forward_one_step_and_long(env):
    import torch
    from _hwkit import assert_close, graded, seeded, substituted
    rnn_forward, ref = graded(env, 'q2_1', 'rnn_forward')
    with seeded(32):
        one = [torch.randn(1, 2), torch.randn(5), torch.randn(2, 5), torch.randn(5, 5), torch.randn(5)]
        long = [torch.randn(40, 3), torch.zeros(2), 0.5 * torch.randn(3, 2), 0.5 * torch.randn(2, 2), torch.randn(2)]
    with substituted(env, rnn_step=ref.rnn_step):
        assert_close(rnn_forward(*one), ref.rnn_forward(*one), 'a sequence of one step')
        assert_close(rnn_forward(*long), ref.rnn_forward(*long), 'a sequence of 40 steps')

