# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q7_1"
points = 10

@test_case(points=None, hidden=False)
def test_transpose_qkv_shape(MultiHeadAttention):
    import torch
    mha = MultiHeadAttention(num_hiddens=12, num_heads=3, dropout=0.0)
    out = mha.transpose_qkv(torch.randn(2, 5, 12))
    assert tuple(out.shape) == (6, 5, 4), f'expected shape (6, 5, 4), got {tuple(out.shape)}'
    X = torch.arange(2 * 5 * 12, dtype=torch.float32).reshape(2, 5, 12)
    out = mha.transpose_qkv(X)
    assert torch.equal(out[1], X[0, :, 4:8]) and torch.equal(out[3], X[1, :, 0:4]), 'transpose_qkv: out[b * num_heads + h] should be X[b, :, h * 4:(h + 1) * 4]'

@test_case(points=3, hidden=True)
def test_transpose_qkv_shape_hidden(env):
    import torch
    from _hwkit import assert_shape, graded, seeded
    MHA, ref = graded(env, 'q7_1', 'MultiHeadAttention', attribute='transpose_qkv')
    mha = MHA(num_hiddens=20, num_heads=4, dropout=0.0)
    with seeded(81):
        X = torch.randn(3, 7, 20)
    assert_shape(mha.transpose_qkv(X), (12, 7, 5), 'transpose_qkv of a (3, 7, 20) input with 4 heads')

@test_case(points=5, hidden=True)
def test_transpose_qkv_elements(env):
    import torch
    from _hwkit import assert_close, graded
    MHA, ref = graded(env, 'q7_1', 'MultiHeadAttention', attribute='transpose_qkv')
    mha = MHA(num_hiddens=6, num_heads=2, dropout=0.0)
    X = torch.arange(2 * 4 * 6, dtype=torch.float32).reshape(2, 4, 6)
    assert_close(mha.transpose_qkv(X), ref.MultiHeadAttention.transpose_qkv(mha, X), 'which element goes where in transpose_qkv (2 examples, 4 steps, 2 heads)')

@test_case(points=2, hidden=True)
def test_transpose_qkv_other_head_counts(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    MHA, ref = graded(env, 'q7_1', 'MultiHeadAttention', attribute='transpose_qkv')
    for num_heads, shape in [(1, (2, 3, 4)), (8, (1, 2, 16)), (5, (4, 1, 10))]:
        mha = MHA(num_hiddens=shape[-1], num_heads=num_heads, dropout=0.0)
        with seeded(82):
            X = torch.randn(*shape)
        assert_close(mha.transpose_qkv(X), ref.MultiHeadAttention.transpose_qkv(mha, X), f'transpose_qkv with {num_heads} heads on a {shape} input')

