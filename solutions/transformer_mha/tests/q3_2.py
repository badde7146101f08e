# Generated from notebooks/transformer_mha/transformer_mha.ipynb by `python -m autograder build transformer_mha`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q3_2"
points = 6

@test_case(points=None, hidden=False)
def test_split_heads_shape(MultiHeadAttention):
    import torch
    mha = MultiHeadAttention(num_heads=2, embedding_dim=8, qk_length=3, value_length=5)
    out = mha.split_heads(torch.randn(4, 7, 10), 5)
    assert tuple(out.shape) == (4, 2, 7, 5), f'expected shape (4, 2, 7, 5), got {tuple(out.shape)}'
    x = torch.arange(4 * 7 * 10, dtype=torch.float32).reshape(4, 7, 10)
    out = mha.split_heads(x, 5)
    assert torch.equal(out[:, 1], x[..., 5:10]), 'split_heads: head 1 should be x[..., 5:10]'

@test_case(points=1, hidden=True)
def test_split_heads_shapes_qk_and_value(env):
    import torch
    from _hwkit import assert_shape, graded, seeded
    MHA, ref = graded(env, 'q3_2', 'MultiHeadAttention', attribute='split_heads')
    with seeded(41):
        mha = ref.MultiHeadAttention(num_heads=3, embedding_dim=10, qk_length=4, value_length=6)
        queries, values = (torch.randn(2, 5, 12), torch.randn(2, 8, 18))
    assert_shape(MHA.split_heads(mha, queries, 4), (2, 3, 5, 4), 'split_heads of (2, 5, 12) with qk_length 4')
    assert_shape(MHA.split_heads(mha, values, 6), (2, 3, 8, 6), 'split_heads of (2, 8, 18) with value_length 6')

@test_case(points=2, hidden=True)
def test_split_heads_elements(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    MHA, ref = graded(env, 'q3_2', 'MultiHeadAttention', attribute='split_heads')
    with seeded(42):
        mha = ref.MultiHeadAttention(num_heads=2, embedding_dim=4, qk_length=3, value_length=2)
    x = torch.arange(2 * 4 * 6, dtype=torch.float32).reshape(2, 4, 6)
    assert_close(MHA.split_heads(mha, x, 3), ref.MultiHeadAttention.split_heads(mha, x, 3), 'which element goes where in split_heads (2 sequences, 4 steps, 2 heads of 3)')

@test_case(points=2, hidden=True)
def test_split_heads_each_head_is_its_block(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    MHA, ref = graded(env, 'q3_2', 'MultiHeadAttention', attribute='split_heads')
    for heads, vec, shape in [(1, 5, (3, 2)), (4, 2, (1, 6)), (5, 3, (2, 1))]:
        with seeded(43):
            mha = ref.MultiHeadAttention(num_heads=heads, embedding_dim=4, qk_length=vec, value_length=vec)
            x = torch.randn(shape[0], shape[1], heads * vec)
        blocks = torch.stack([x[..., i * vec:(i + 1) * vec] for i in range(heads)], dim=1)
        assert_close(MHA.split_heads(mha, x, vec), blocks, f'split_heads with {heads} heads of length {vec} on a {tuple(x.shape)} input')

@test_case(points=1, hidden=True)
def test_split_heads_passes_gradients(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    MHA, ref = graded(env, 'q3_2', 'MultiHeadAttention', attribute='split_heads')
    with seeded(44):
        mha = ref.MultiHeadAttention(num_heads=2, embedding_dim=4, qk_length=3, value_length=3)
        x = torch.randn(2, 4, 6, requires_grad=True)
        upstream = torch.randn(2, 2, 4, 3)
    loss = (MHA.split_heads(mha, x, 3) * upstream).sum() + 0 * x.sum()
    loss.backward()
    assert_close(x.grad, upstream.transpose(1, 2).reshape(2, 4, 6), "gradient reaching x through split_heads (it must stay in torch's autograd graph)")

