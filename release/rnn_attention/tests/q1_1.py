# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q1_1"
points = 5

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_rnn_step_shape(rnn_step):
    import torch
    d, h = (4, 3)
    h_t = rnn_step(torch.randn(d), torch.randn(h), torch.randn(d, h), torch.randn(h, h), torch.randn(h))
    assert tuple(h_t.shape) == (h,), f'rnn_step should return shape ({h},), got {tuple(h_t.shape)}'
    x, W_x, b = (torch.ones(2), torch.full((2, 2), 0.5), torch.tensor([0.1, -0.2]))
    h_t = rnn_step(x, torch.zeros(2), W_x, torch.zeros(2, 2), b)
    expected = torch.tanh(torch.tensor([1.1, 0.8]))
    assert torch.allclose(h_t, expected, atol=1e-06), f'rnn_step: expected {expected}, got {h_t} (is the bias added?)'



@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_no_forbidden_shortcut(env):
    try:
        from hwtools.reach import live_cells, reached_names
    except ImportError as exc:
        raise AssertionError("q1_1: the forbidden-shortcut check needs "
                             "hwtools/reach.py beside this notebook (download the "
                             f"homework folder again): {exc}") from exc
    forbidden = {'LSTM': 'nn.LSTM', 'LSTMCell': 'nn.LSTMCell', 'RNN': 'nn.RNN', 'RNNCell': 'nn.RNNCell', 'lstm_cell': 'torch.lstm_cell', 'rnn_tanh_cell': 'torch.rnn_tanh_cell'}
    cells = live_cells(env)
    for name, attribute in [('rnn_step', None)]:
        names = reached_names(cells, name, attribute, set(['DotProductAttention', 'Seq2SeqAttentionDecoder', 'forward', 'lstm_forward', 'lstm_step', 'masked_softmax', 'rnn_forward', 'transpose_output', 'transpose_qkv']) - {name})
        found = sorted(names & forbidden.keys())
        assert not found, (f"q1_1: your answer uses {', '.join(forbidden[n] for n in found)}, "
                           "which this question does not allow; it scores 0 until it is written "
                           "without it")
