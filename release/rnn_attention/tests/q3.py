# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 15

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_masked_softmax_zeros_padding(masked_softmax):
    import torch
    P = masked_softmax(torch.rand(3, 1, 4), torch.tensor([4, 2, 3]))
    assert tuple(P.shape) == (3, 1, 4), f'expected shape (3, 1, 4), got {tuple(P.shape)}'
    assert float(P[1, 0, 2:].abs().sum()) == 0.0, 'positions beyond the valid length must get weight 0'
    assert torch.allclose(P.sum(dim=-1), torch.ones(3, 1)), 'each row of weights must sum to 1'



@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_no_forbidden_shortcut(env):
    try:
        from hwtools.reach import live_cells, reached_names
    except ImportError as exc:
        raise AssertionError("q3: the forbidden-shortcut check needs "
                             "hwtools/reach.py beside this notebook (download the "
                             f"homework folder again): {exc}") from exc
    forbidden = {'masked_softmax': 'd2l.masked_softmax'}
    cells = live_cells(env)
    for name, attribute in [('masked_softmax', None)]:
        names = reached_names(cells, name, attribute, set(['DotProductAttention', 'Seq2SeqAttentionDecoder', 'forward', 'lstm_forward', 'lstm_step', 'rnn_forward', 'rnn_step', 'transpose_output', 'transpose_qkv']) - {name})
        found = sorted(names & forbidden.keys())
        assert not found, (f"q3: your answer uses {', '.join(forbidden[n] for n in found)}, "
                           "which this question does not allow; it scores 0 until it is written "
                           "without it")
