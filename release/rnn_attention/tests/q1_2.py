# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q1_2"
points = 5

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
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



@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_no_forbidden_shortcut(env):
    try:
        from hwtools.reach import live_cells, reached_names
    except ImportError as exc:
        raise AssertionError("q1_2: the forbidden-shortcut check needs "
                             "hwtools/reach.py beside this notebook (download the "
                             f"homework folder again): {exc}") from exc
    forbidden = {'LSTM': 'nn.LSTM', 'LSTMCell': 'nn.LSTMCell', 'RNN': 'nn.RNN', 'RNNCell': 'nn.RNNCell', 'lstm_cell': 'torch.lstm_cell', 'rnn_tanh_cell': 'torch.rnn_tanh_cell'}
    cells = live_cells(env)
    for name, attribute in [('lstm_step', None)]:
        names = reached_names(cells, name, attribute, set(['DotProductAttention', 'Seq2SeqAttentionDecoder', 'forward', 'lstm_forward', 'masked_softmax', 'rnn_forward', 'rnn_step', 'transpose_output', 'transpose_qkv']) - {name})
        found = sorted(names & forbidden.keys())
        assert not found, (f"q1_2: your answer uses {', '.join(forbidden[n] for n in found)}, "
                           "which this question does not allow; it scores 0 until it is written "
                           "without it")
