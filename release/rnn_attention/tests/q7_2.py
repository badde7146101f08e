# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q7_2"
points = 10

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_transpose_output_shape(MultiHeadAttention):
    import torch
    mha = MultiHeadAttention(num_hiddens=12, num_heads=3, dropout=0.0)
    out = mha.transpose_output(torch.randn(6, 5, 4))
    assert tuple(out.shape) == (2, 5, 12), f'expected shape (2, 5, 12), got {tuple(out.shape)}'
    X = torch.arange(6 * 5 * 4, dtype=torch.float32).reshape(6, 5, 4)
    out = mha.transpose_output(X)
    assert torch.equal(out[0, :, 4:8], X[1]) and torch.equal(out[1, :, 0:4], X[3]), 'transpose_output: out[b, :, h * 4:(h + 1) * 4] should be X[b * num_heads + h]'



@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_no_forbidden_shortcut(env):
    try:
        from hwtools.reach import live_cells, reached_names
    except ImportError as exc:
        raise AssertionError("q7_2: the forbidden-shortcut check needs "
                             "hwtools/reach.py beside this notebook (download the "
                             f"homework folder again): {exc}") from exc
    forbidden = {'MultiHeadAttention': 'd2l.MultiHeadAttention', 'MultiheadAttention': 'nn.MultiheadAttention', 'multi_head_attention_forward': 'F.multi_head_attention_forward'}
    cells = live_cells(env)
    for name, attribute in [('MultiHeadAttention', 'transpose_output')]:
        names = reached_names(cells, name, attribute, set(['DotProductAttention', 'Seq2SeqAttentionDecoder', 'forward', 'lstm_forward', 'lstm_step', 'masked_softmax', 'rnn_forward', 'rnn_step', 'transpose_qkv']) - {name})
        found = sorted(names & forbidden.keys())
        assert not found, (f"q7_2: your answer uses {', '.join(forbidden[n] for n in found)}, "
                           "which this question does not allow; it scores 0 until it is written "
                           "without it")
