# Generated from notebooks/transformer_mha/transformer_mha.ipynb by `python -m autograder build transformer_mha`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q3_5"
points = 10

@test_case(points=None, hidden=False)
def test_forward_shape(MultiHeadAttention):
    import torch
    mha = MultiHeadAttention(num_heads=2, embedding_dim=8, qk_length=3, value_length=5)
    x = torch.randn(4, 6, 8)
    out = mha(x, x, x)
    assert tuple(out.shape) == (4, 6, 8), f'expected shape (4, 6, 8), got {tuple(out.shape)}'
    kv = torch.randn(4, 7, 8)
    with torch.no_grad():
        mha.W_q.weight.zero_()
        if mha.W_q.bias is not None:
            mha.W_q.bias.zero_()
        out = mha(x, kv, kv)
        expected = mha.W_o(mha.W_v(kv).mean(dim=1, keepdim=True)).expand(4, 6, 8)
    assert torch.allclose(out, expected, atol=1e-05), 'with all-zero queries the output should be W_o of the mean of the values'

@test_case(points=4, hidden=True)
def test_forward_self_attention(env):
    import torch
    from _hwkit import assert_close, assert_shape, graded, seeded
    MHA, ref = graded(env, 'q3_5', 'MultiHeadAttention', attribute='forward')
    with seeded(71):
        mha = ref.MultiHeadAttention(num_heads=4, embedding_dim=12, qk_length=3, value_length=5)
        x = torch.randn(2, 6, 12)
    result = MHA.forward(mha, x, x, x)
    assert_shape(result, (2, 6, 12), 'output of self-attention on a (2, 6, 12) input')
    assert_close(result, ref.MultiHeadAttention.forward(mha, x, x, x), 'output of self-attention (4 heads, qk_length 3, value_length 5)')

@test_case(points=2, hidden=True)
def test_forward_cross_attention(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    MHA, ref = graded(env, 'q3_5', 'MultiHeadAttention', attribute='forward')
    with seeded(72):
        mha = ref.MultiHeadAttention(num_heads=2, embedding_dim=6, qk_length=4, value_length=3)
        query, key, value = (torch.randn(3, 2, 6), torch.randn(3, 7, 6), torch.randn(3, 7, 6))
    result = MHA.forward(mha, query, key, value)
    assert_close(result, ref.MultiHeadAttention.forward(mha, query, key, value), 'output with 2 queries attending over 7 keys and values (different inputs)')

@test_case(points=2, hidden=True)
def test_forward_every_step(env):
    import torch
    from _hwkit import assert_close, assert_shape, graded, seeded
    MHA, ref = graded(env, 'q3_5', 'MultiHeadAttention', attribute='forward')
    with seeded(73):
        mha = ref.MultiHeadAttention(num_heads=3, embedding_dim=8, qk_length=2, value_length=4)
        query, key, value = (torch.randn(2, 5, 8), torch.randn(2, 6, 8), torch.randn(2, 6, 8))
    seen = {}
    attend = mha.scaled_attention
    combine = mha.combine_heads

    def recording_attention(Q, K, V):
        seen.setdefault('attention', (Q, K, V))
        return attend(Q, K, V)

    def recording_combine(x):
        seen.setdefault('combine', x)
        return combine(x)
    mha.scaled_attention = recording_attention
    mha.combine_heads = recording_combine
    result = MHA.forward(mha, query, key, value)
    Q, K, V = seen.get('attention', (None, None, None))
    assert_shape(Q, (2, 3, 5, 2), 'queries given to scaled_attention')
    assert_shape(K, (2, 3, 6, 2), 'keys given to scaled_attention')
    assert_shape(V, (2, 3, 6, 4), 'values given to scaled_attention')
    assert_close(V, ref.MultiHeadAttention.split_heads(mha, mha.W_v(value), 4), 'values given to scaled_attention (W_v of the value input, split)')
    assert_shape(seen.get('combine'), (2, 3, 5, 4), 'tensor given to combine_heads')
    assert_shape(result, (2, 5, 8), 'output of forward')

@test_case(points=2, hidden=True)
def test_forward_heads_are_independent(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    MHA, ref = graded(env, 'q3_5', 'MultiHeadAttention', attribute='forward')
    heads, vl = (3, 2)
    with seeded(74):
        mha = ref.MultiHeadAttention(num_heads=heads, embedding_dim=heads * vl, qk_length=4, value_length=vl)
        x = torch.randn(2, 5, heads * vl)
        change = torch.randn(4, heads * vl)
    with torch.no_grad():
        mha.W_o.weight.copy_(torch.eye(heads * vl))
        mha.W_o.bias.zero_()
    before = MHA.forward(mha, x, x, x).detach()
    with torch.no_grad():
        mha.W_q.weight[4:8] += change
    after = MHA.forward(mha, x, x, x).detach()
    assert_close(after[..., 0:2], before[..., 0:2], "head 0 after changing head 1's query projection")
    assert_close(after[..., 4:6], before[..., 4:6], "head 2 after changing head 1's query projection")
    assert_close(after, ref.MultiHeadAttention.forward(mha, x, x, x).detach(), "output after changing head 1's query projection")

