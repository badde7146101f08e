# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q4_2"
points = 10

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
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



@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_no_forbidden_shortcut(env):
    try:
        from hwtools.reach import live_cells, reached_names
    except ImportError as exc:
        raise AssertionError("q4_2: the forbidden-shortcut check needs "
                             "hwtools/reach.py beside this notebook (download the "
                             f"homework folder again): {exc}") from exc
    forbidden = {'DotProductAttention': 'd2l.DotProductAttention', 'MultiheadAttention': 'nn.MultiheadAttention', 'scaled_dot_product_attention': 'F.scaled_dot_product_attention'}
    cells = live_cells(env)
    for name, attribute in [('DotProductAttention', None)]:
        names = reached_names(cells, name, attribute, set(['Seq2SeqAttentionDecoder', 'forward', 'lstm_forward', 'lstm_step', 'masked_softmax', 'rnn_forward', 'rnn_step', 'transpose_output', 'transpose_qkv']) - {name})
        found = sorted(names & forbidden.keys())
        assert not found, (f"q4_2: your answer uses {', '.join(forbidden[n] for n in found)}, "
                           "which this question does not allow; it scores 0 until it is written "
                           "without it")
