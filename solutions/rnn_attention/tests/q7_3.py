# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q7_3"
points = 10

@test_case(points=None, hidden=False)
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

@test_case(points=4, hidden=True)
def test_multihead_attention_1d_valid_lens(env):
    import torch
    from _hwkit import assert_close, graded, seeded, with_reference_methods, materialize
    MHA, ref = graded(env, 'q7_3', 'MultiHeadAttention', attribute='forward')
    with seeded(101):
        mha = with_reference_methods(materialize(MHA(16, 4, 0.5).eval(), 16), ref.MultiHeadAttention, 'transpose_qkv', 'transpose_output')
        queries, keys = (torch.randn(3, 5, 16), torch.randn(3, 7, 16))
        output = mha(queries, keys, keys, torch.tensor([7, 2, 4]))
    expected = ref.MultiHeadAttention.forward(mha, queries, keys, keys, torch.tensor([7, 2, 4]))
    assert_close(output, expected, 'output with 1-D valid_lens (4 heads, eval mode)')

@test_case(points=3, hidden=True)
def test_multihead_attention_2d_valid_lens(env):
    import torch
    from _hwkit import assert_close, graded, seeded, with_reference_methods, materialize
    MHA, ref = graded(env, 'q7_3', 'MultiHeadAttention', attribute='forward')
    with seeded(102):
        mha = with_reference_methods(materialize(MHA(6, 2, 0.0).eval(), 6), ref.MultiHeadAttention, 'transpose_qkv', 'transpose_output')
        queries, keys, values = (torch.randn(2, 3, 6), torch.randn(2, 4, 6), torch.randn(2, 4, 6))
        valid_lens = torch.tensor([[1, 2, 4], [4, 1, 3]])
        output = mha(queries, keys, values, valid_lens)
    expected = ref.MultiHeadAttention.forward(mha, queries, keys, values, valid_lens)
    assert_close(output, expected, 'output with 2-D valid_lens (one length per query)')

@test_case(points=3, hidden=True)
def test_multihead_attention_no_valid_lens_heads_independent(env):
    import torch
    from _hwkit import assert_close, graded, seeded, with_reference_methods, materialize
    MHA, ref = graded(env, 'q7_3', 'MultiHeadAttention', attribute='forward')
    with seeded(103):
        mha = with_reference_methods(materialize(MHA(8, 8, 0.0).eval(), 8), ref.MultiHeadAttention, 'transpose_qkv', 'transpose_output')
        queries, keys, values = (torch.randn(1, 2, 8), torch.randn(1, 3, 8), torch.randn(1, 3, 8))
        output = mha(queries, keys, values, None)
    expected = ref.MultiHeadAttention.forward(mha, queries, keys, values, None)
    assert_close(output, expected, 'output with 8 heads and no valid_lens')

