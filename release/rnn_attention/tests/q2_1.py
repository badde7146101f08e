# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q2_1"
points = 5

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
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



@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_no_forbidden_shortcut(env):
    try:
        from hwtools.reach import live_cells, reached_names
    except ImportError as exc:
        raise AssertionError("q2_1: the forbidden-shortcut check needs "
                             "hwtools/reach.py beside this notebook (download the "
                             f"homework folder again): {exc}") from exc
    forbidden = {'LSTM': 'nn.LSTM', 'LSTMCell': 'nn.LSTMCell', 'RNN': 'nn.RNN', 'RNNCell': 'nn.RNNCell', 'lstm_cell': 'torch.lstm_cell', 'rnn_tanh_cell': 'torch.rnn_tanh_cell'}
    cells = live_cells(env)
    for name, attribute in [('rnn_forward', None)]:
        names = reached_names(cells, name, attribute, set(['DotProductAttention', 'Seq2SeqAttentionDecoder', 'forward', 'lstm_forward', 'lstm_step', 'masked_softmax', 'rnn_step', 'transpose_output', 'transpose_qkv']) - {name})
        found = sorted(names & forbidden.keys())
        assert not found, (f"q2_1: your answer uses {', '.join(forbidden[n] for n in found)}, "
                           "which this question does not allow; it scores 0 until it is written "
                           "without it")
