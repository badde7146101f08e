# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q2_2"
points = 5

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
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



@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_no_forbidden_shortcut(env):
    try:
        from hwtools.reach import live_cells, reached_names
    except ImportError as exc:
        raise AssertionError("q2_2: the forbidden-shortcut check needs "
                             "hwtools/reach.py beside this notebook (download the "
                             f"homework folder again): {exc}") from exc
    forbidden = {'LSTM': 'nn.LSTM', 'LSTMCell': 'nn.LSTMCell', 'RNN': 'nn.RNN', 'RNNCell': 'nn.RNNCell', 'lstm_cell': 'torch.lstm_cell', 'rnn_tanh_cell': 'torch.rnn_tanh_cell'}
    cells = live_cells(env)
    for name, attribute in [('lstm_forward', None)]:
        names = reached_names(cells, name, attribute, set(['DotProductAttention', 'Seq2SeqAttentionDecoder', 'forward', 'lstm_step', 'masked_softmax', 'rnn_forward', 'rnn_step', 'transpose_output', 'transpose_qkv']) - {name})
        found = sorted(names & forbidden.keys())
        assert not found, (f"q2_2: your answer uses {', '.join(forbidden[n] for n in found)}, "
                           "which this question does not allow; it scores 0 until it is written "
                           "without it")
