# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q7_1"
points = 10

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_transpose_qkv_shape(MultiHeadAttention):
    import torch
    mha = MultiHeadAttention(num_hiddens=12, num_heads=3, dropout=0.0)
    out = mha.transpose_qkv(torch.randn(2, 5, 12))
    assert tuple(out.shape) == (6, 5, 4), f'expected shape (6, 5, 4), got {tuple(out.shape)}'
    X = torch.arange(2 * 5 * 12, dtype=torch.float32).reshape(2, 5, 12)
    out = mha.transpose_qkv(X)
    assert torch.equal(out[1], X[0, :, 4:8]) and torch.equal(out[3], X[1, :, 0:4]), 'transpose_qkv: out[b * num_heads + h] should be X[b, :, h * 4:(h + 1) * 4]'



@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_no_forbidden_shortcut(env):
    try:
        from hwtools.reach import live_cells, reached_names
    except ImportError as exc:
        raise AssertionError("q7_1: the forbidden-shortcut check needs "
                             "hwtools/reach.py beside this notebook (download the "
                             f"homework folder again): {exc}") from exc
    forbidden = {'MultiHeadAttention': 'd2l.MultiHeadAttention', 'MultiheadAttention': 'nn.MultiheadAttention', 'multi_head_attention_forward': 'F.multi_head_attention_forward'}
    cells = live_cells(env)
    for name, attribute in [('MultiHeadAttention', 'transpose_qkv')]:
        names = reached_names(cells, name, attribute, set(['DotProductAttention', 'Seq2SeqAttentionDecoder', 'forward', 'lstm_forward', 'lstm_step', 'masked_softmax', 'rnn_forward', 'rnn_step', 'transpose_output']) - {name})
        found = sorted(names & forbidden.keys())
        assert not found, (f"q7_1: your answer uses {', '.join(forbidden[n] for n in found)}, "
                           "which this question does not allow; it scores 0 until it is written "
                           "without it")
