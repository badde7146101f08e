# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q4_2"
points = 10

@test_case(points=None, hidden=False)
def test_dot_product_attention_shapes(DotProductAttention):
    import torch
    attention = DotProductAttention(dropout=0.0)
    output, weights = attention(torch.randn(2, 3, 4), torch.randn(2, 5, 4), torch.randn(2, 5, 6), torch.tensor([2, 5]))
    assert tuple(output.shape) == (2, 3, 6), f'output: expected shape (2, 3, 6), got {tuple(output.shape)}'
    assert tuple(weights.shape) == (2, 3, 5), f'weights: expected shape (2, 3, 5), got {tuple(weights.shape)}'
    values = torch.arange(10.0).reshape(1, 5, 2)
    output, weights = attention(torch.zeros(1, 2, 3), torch.randn(1, 5, 3), values, torch.tensor([4]))
    assert torch.allclose(weights[0], torch.tensor([[0.25, 0.25, 0.25, 0.25, 0.0]] * 2), atol=1e-06), f'weights: expected 0.25 on the 4 valid keys, got {weights[0]}'
    assert torch.allclose(output[0], values[0, :4].mean(dim=0).expand(2, 2), atol=1e-05), 'output: expected the mean of the 4 valid values'
    keys = torch.tensor([[[1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.0]]])
    output, weights = attention(torch.ones(1, 1, 4), keys, torch.tensor([[[1.0], [0.0]]]), torch.tensor([2]))
    expected = torch.softmax(torch.tensor([2.0, 0.0]), dim=0)
    assert torch.allclose(weights[0, 0], expected, atol=1e-05), f'weights: expected {expected} (scores divided by sqrt(d)), got {weights[0, 0]}'

@test_case(points=3, hidden=True)
def test_dot_product_attention_1d_valid_lens(env):
    import torch
    from _hwkit import assert_close, graded, seeded, substituted
    Attention, ref = graded(env, 'q4_2', 'DotProductAttention')
    with seeded(61):
        queries, keys, values = (torch.randn(3, 4, 6), torch.randn(3, 7, 6), torch.randn(3, 7, 2))
    valid_lens = torch.tensor([7, 3, 1])
    with substituted(env, masked_softmax=ref.masked_softmax):
        result = Attention(0.0).eval()(queries, keys, values, valid_lens)
    expected = ref.DotProductAttention(0.0).eval()(queries, keys, values, valid_lens)
    assert_close(result, expected, '(output, attention_weights) with 1-D valid_lens')

@test_case(points=2, hidden=True)
def test_dot_product_attention_2d_valid_lens(env):
    import torch
    from _hwkit import assert_close, graded, seeded, substituted
    Attention, ref = graded(env, 'q4_2', 'DotProductAttention')
    with seeded(62):
        queries, keys, values = (torch.randn(2, 3, 5), torch.randn(2, 4, 5), torch.randn(2, 4, 3))
    valid_lens = torch.tensor([[1, 2, 4], [4, 3, 2]])
    with substituted(env, masked_softmax=ref.masked_softmax):
        result = Attention(0.0).eval()(queries, keys, values, valid_lens)
    expected = ref.DotProductAttention(0.0).eval()(queries, keys, values, valid_lens)
    assert_close(result, expected, '(output, attention_weights) with 2-D valid_lens')

@test_case(points=3, hidden=True)
def test_dot_product_attention_scaling_no_valid_lens(env):
    import torch
    from _hwkit import assert_close, graded, seeded, substituted
    Attention, ref = graded(env, 'q4_2', 'DotProductAttention')
    with seeded(63):
        queries, keys, values = (3 * torch.randn(4, 6, 16), torch.randn(4, 9, 16), torch.randn(4, 9, 8))
    with substituted(env, masked_softmax=ref.masked_softmax):
        result = Attention(0.0).eval()(queries, keys, values)
    expected = ref.DotProductAttention(0.0).eval()(queries, keys, values)
    assert_close(result, expected, '(output, attention_weights) with d=16 and no valid_lens')

@test_case(points=2, hidden=True)
def test_dot_product_attention_dropout(env):
    import torch
    from _hwkit import assert_close, graded, seeded, substituted
    Attention, ref = graded(env, 'q4_2', 'DotProductAttention')
    with seeded(64):
        queries, keys, values = (torch.randn(2, 5, 4), torch.randn(2, 6, 4), torch.randn(2, 6, 4))
    valid_lens = torch.tensor([3, 6])
    with substituted(env, masked_softmax=ref.masked_softmax):
        attention = Attention(0.5)
        attention.eval()
        first = attention(queries, keys, values, valid_lens)
        second = attention(queries, keys, values, valid_lens)
        training = Attention(1.0).train()(queries, keys, values, valid_lens)
    expected = ref.DotProductAttention(0.5).eval()(queries, keys, values, valid_lens)
    expected_training = ref.DotProductAttention(1.0).train()(queries, keys, values, valid_lens)
    assert_close(first, expected, '(output, attention_weights) in eval mode with dropout=0.5')
    assert_close(second, first, 'a second call in eval mode (dropout must be off)')
    assert_close(training, expected_training, '(output, attention_weights) in training mode with dropout=1.0 (dropout applies to the weights that multiply the values; the weights returned are those before dropout)')

