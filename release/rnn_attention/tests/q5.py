# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 10

@test_case(points=None, hidden=False)
def test_decoder_output_shape(Seq2SeqAttentionDecoder):
    import torch
    from d2l import torch as d2l
    encoder = d2l.Seq2SeqEncoder(10, 8, 16, 2)
    decoder = Seq2SeqAttentionDecoder(10, 8, 16, 2)
    state = decoder.init_state(encoder(torch.zeros((4, 5), dtype=torch.long)), None)
    output, state = decoder(torch.zeros((4, 7), dtype=torch.long), state)
    assert tuple(output.shape) == (4, 7, 10), f'output: expected shape (4, 7, 10), got {tuple(output.shape)}'

