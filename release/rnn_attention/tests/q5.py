# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 10

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_decoder_output_shape(Seq2SeqAttentionDecoder):
    import torch
    from d2l import torch as d2l
    encoder = d2l.Seq2SeqEncoder(10, 8, 16, 2)
    decoder = Seq2SeqAttentionDecoder(10, 8, 16, 2)
    state = decoder.init_state(encoder(torch.zeros((4, 5), dtype=torch.long)), None)
    output, state = decoder(torch.zeros((4, 7), dtype=torch.long), state)
    assert tuple(output.shape) == (4, 7, 10), f'output: expected shape (4, 7, 10), got {tuple(output.shape)}'



@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_no_forbidden_shortcut(env):
    try:
        from hwtools.reach import live_cells, reached_names
    except ImportError as exc:
        raise AssertionError("q5: the forbidden-shortcut check needs "
                             "hwtools/reach.py beside this notebook (download the "
                             f"homework folder again): {exc}") from exc
    forbidden = {'Seq2SeqAttentionDecoder': 'd2l.Seq2SeqAttentionDecoder'}
    cells = live_cells(env)
    for name, attribute in [('Seq2SeqAttentionDecoder', None)]:
        names = reached_names(cells, name, attribute, set(['DotProductAttention', 'forward', 'lstm_forward', 'lstm_step', 'masked_softmax', 'rnn_forward', 'rnn_step', 'transpose_output', 'transpose_qkv']) - {name})
        found = sorted(names & forbidden.keys())
        assert not found, (f"q5: your answer uses {', '.join(forbidden[n] for n in found)}, "
                           "which this question does not allow; it scores 0 until it is written "
                           "without it")
