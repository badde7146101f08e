# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q7_3"
points = 10

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_multihead_attention_shape(MultiHeadAttention):
    import torch
    mha = MultiHeadAttention(num_hiddens=12, num_heads=3, dropout=0.0)
    out = mha(torch.ones(2, 4, 12), torch.ones(2, 6, 12), torch.ones(2, 6, 12), torch.tensor([3, 2]))
    assert tuple(out.shape) == (2, 4, 12), f'expected shape (2, 4, 12), got {tuple(out.shape)}'
    values = torch.randn(2, 6, 12)
    with torch.no_grad():
        mha.W_q.weight.zero_()
        out = mha(torch.randn(2, 4, 12), torch.randn(2, 6, 12), values, torch.tensor([3, 2]))
        v = mha.W_v(values)
        expected = mha.W_o(torch.stack([v[0, :3].mean(dim=0), v[1, :2].mean(dim=0)]))
    assert torch.allclose(out, expected[:, None, :].expand(2, 4, 12), atol=1e-05), 'with all-zero queries the output should be W_o of the mean of the valid values'



@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_no_forbidden_shortcut(env):
    try:
        from hwtools.reach import live_cells, reached_names
    except ImportError as exc:
        raise AssertionError("q7_3: the forbidden-shortcut check needs "
                             "hwtools/reach.py beside this notebook (download the "
                             f"homework folder again): {exc}") from exc
    forbidden = {'MultiHeadAttention': 'd2l.MultiHeadAttention', 'MultiheadAttention': 'nn.MultiheadAttention', 'multi_head_attention_forward': 'F.multi_head_attention_forward'}
    cells = live_cells(env)
    for name, attribute in [('MultiHeadAttention', 'forward')]:
        names = reached_names(cells, name, attribute, set(['DotProductAttention', 'Seq2SeqAttentionDecoder', 'lstm_forward', 'lstm_step', 'masked_softmax', 'rnn_forward', 'rnn_step', 'transpose_output', 'transpose_qkv']) - {name})
        found = sorted(names & forbidden.keys())
        assert not found, (f"q7_3: your answer uses {', '.join(forbidden[n] for n in found)}, "
                           "which this question does not allow; it scores 0 until it is written "
                           "without it")
