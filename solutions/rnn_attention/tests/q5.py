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

@test_case(points=3, hidden=True)
def test_decoder_matches_reference(env):
    import torch
    from d2l import torch as d2l
    from _hwkit import assert_close, graded, seeded, materialize
    Decoder, ref = graded(env, 'q5', 'Seq2SeqAttentionDecoder')
    with seeded(71):
        encoder = d2l.Seq2SeqEncoder(11, 6, 8, 2).eval()
        decoder = materialize(Decoder(11, 6, 8, 2).eval(), 8)
        with torch.no_grad():
            for parameter in decoder.attention.parameters():
                parameter.mul_(8)
        X_enc, X_dec = (torch.randint(0, 11, (3, 5)), torch.randint(0, 11, (3, 4)))
        state = decoder.init_state(encoder(X_enc), torch.tensor([5, 2, 3]))
        output, _ = decoder(X_dec, state)
    expected = ref.Seq2SeqAttentionDecoder.forward(decoder, X_dec, state)
    assert_close(output, expected[0], 'decoder output with enc_valid_lens [5, 2, 3]')

@test_case(points=1, hidden=True)
def test_decoder_attention_weights(env):
    import torch
    from d2l import torch as d2l
    from _hwkit import assert_close, graded, seeded, materialize
    Decoder, ref = graded(env, 'q5', 'Seq2SeqAttentionDecoder')
    with seeded(74):
        encoder = d2l.Seq2SeqEncoder(10, 5, 7, 2).eval()
        decoder = materialize(Decoder(10, 5, 7, 2).eval(), 7)
        with torch.no_grad():
            for parameter in decoder.attention.parameters():
                parameter.mul_(8)
        X_enc, X_dec = (torch.randint(0, 10, (2, 6)), torch.randint(0, 10, (2, 3)))
        state = decoder.init_state(encoder(X_enc), torch.tensor([6, 3]))
        decoder(X_dec, state)
        weights = [step.reshape(2, 6) for step in decoder.attention_weights]
    ref.Seq2SeqAttentionDecoder.forward(decoder, X_dec, state)
    expected = [step.reshape(2, 6) for step in ref.Seq2SeqAttentionDecoder.attention_weights.fget(decoder)]
    assert_close(weights, expected, 'decoder.attention_weights: the attention weights of each of the 3 steps')

@test_case(points=3, hidden=True)
def test_decoder_returned_state(env):
    import torch
    from d2l import torch as d2l
    from _hwkit import assert_close, assert_shape, graded, seeded, materialize
    Decoder, ref = graded(env, 'q5', 'Seq2SeqAttentionDecoder')
    with seeded(72):
        encoder = d2l.Seq2SeqEncoder(9, 5, 6, 3).eval()
        decoder = materialize(Decoder(9, 5, 6, 3).eval(), 6)
        with torch.no_grad():
            for parameter in decoder.attention.parameters():
                parameter.mul_(8)
        X_enc, X_dec = (torch.randint(0, 9, (2, 6)), torch.randint(0, 9, (2, 3)))
        state = decoder.init_state(encoder(X_enc), torch.tensor([4, 6]))
        _, new_state = decoder(X_dec, state)
    expected = ref.Seq2SeqAttentionDecoder.forward(decoder, X_dec, state)[1]
    assert_shape(new_state[0], (2, 6, 6), 'state[0], the encoder outputs')
    assert_close(new_state[0], expected[0], 'state[0], the encoder outputs')
    assert_close(new_state[1], expected[1], "state[1], the decoder's hidden state after the last step")

@test_case(points=3, hidden=True)
def test_decoder_one_layer_no_valid_lens(env):
    import torch
    from d2l import torch as d2l
    from _hwkit import assert_close, graded, seeded, materialize
    Decoder, ref = graded(env, 'q5', 'Seq2SeqAttentionDecoder')
    with seeded(73):
        encoder = d2l.Seq2SeqEncoder(7, 4, 5, 1).eval()
        decoder = materialize(Decoder(7, 4, 5, 1).eval(), 5)
        X_enc, X_dec = (torch.randint(0, 7, (5, 3)), torch.randint(0, 7, (5, 1)))
        state = decoder.init_state(encoder(X_enc), None)
        output, _ = decoder(X_dec, state)
    expected = ref.Seq2SeqAttentionDecoder.forward(decoder, X_dec, state)
    assert_close(output, expected[0], 'decoder output with one layer, one step and no valid lengths')

