# Generated from notebooks/transformer_mha/transformer_mha.ipynb by `python -m autograder build transformer_mha`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q3_3"
points = 6

@test_case(points=None, hidden=False)
def test_combine_heads_shape(MultiHeadAttention):
    import torch
    mha = MultiHeadAttention(num_heads=2, embedding_dim=8, qk_length=3, value_length=5)
    out = mha.combine_heads(torch.randn(4, 2, 7, 5))
    assert tuple(out.shape) == (4, 7, 10), f'expected shape (4, 7, 10), got {tuple(out.shape)}'
    x = torch.arange(4 * 2 * 7 * 5, dtype=torch.float32).reshape(4, 2, 7, 5)
    out = mha.combine_heads(x)
    assert torch.equal(out[..., 5:10], x[:, 1]), 'combine_heads: out[..., 5:10] should be head 1'

@test_case(points=2, hidden=True)
def test_combine_heads_inverts_split_heads(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    MHA, ref = graded(env, 'q3_3', 'MultiHeadAttention', attribute='combine_heads')
    with seeded(51):
        mha = ref.MultiHeadAttention(num_heads=3, embedding_dim=10, qk_length=4, value_length=6)
        x = torch.randn(2, 5, 18)
        queries = torch.randn(2, 5, 12)
    split = ref.MultiHeadAttention.split_heads(mha, x, 6)
    assert_close(MHA.combine_heads(mha, split), x, 'combine_heads(split_heads(x)), which must give x back')
    split_queries = ref.MultiHeadAttention.split_heads(mha, queries, 4)
    assert_close(MHA.combine_heads(mha, split_queries), queries, 'combine_heads of queries split with qk_length 4 (value_length is 6), which must give them back')

@test_case(points=2, hidden=True)
def test_combine_heads_elements(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    MHA, ref = graded(env, 'q3_3', 'MultiHeadAttention', attribute='combine_heads')
    with seeded(52):
        mha = ref.MultiHeadAttention(num_heads=4, embedding_dim=8, qk_length=2, value_length=3)
    x = torch.arange(2 * 4 * 5 * 3, dtype=torch.float32).reshape(2, 4, 5, 3)
    concatenated = torch.cat([x[:, i] for i in range(4)], dim=-1)
    assert_close(MHA.combine_heads(mha, x), concatenated, 'which element goes where in combine_heads (2 sequences, 4 heads, 5 steps)')

@test_case(points=1, hidden=True)
def test_combine_heads_other_head_counts(env):
    import torch
    from _hwkit import assert_close, assert_shape, graded, seeded
    MHA, ref = graded(env, 'q3_3', 'MultiHeadAttention', attribute='combine_heads')
    for heads, shape in [(1, (2, 1, 3, 4)), (6, (1, 6, 2, 2)), (3, (3, 3, 1, 5))]:
        with seeded(53):
            mha = ref.MultiHeadAttention(num_heads=heads, embedding_dim=4, qk_length=2, value_length=shape[-1])
            x = torch.randn(*shape)
        combined = MHA.combine_heads(mha, x)
        assert_shape(combined, (shape[0], shape[2], heads * shape[3]), f'combine_heads of a {shape} input')
        assert_close(combined, ref.MultiHeadAttention.combine_heads(mha, x), f'combine_heads with {heads} heads')

@test_case(points=1, hidden=True)
def test_combine_heads_passes_gradients(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    MHA, ref = graded(env, 'q3_3', 'MultiHeadAttention', attribute='combine_heads')
    with seeded(54):
        mha = ref.MultiHeadAttention(num_heads=2, embedding_dim=4, qk_length=3, value_length=3)
        x = torch.randn(2, 2, 4, 3, requires_grad=True)
        upstream = torch.randn(2, 4, 6)
    loss = (MHA.combine_heads(mha, x) * upstream).sum() + 0 * x.sum()
    loss.backward()
    assert_close(x.grad, upstream.reshape(2, 4, 2, 3).transpose(1, 2), "gradient reaching x through combine_heads (it must stay in torch's autograd graph)")

