# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q7_2"
points = 10

@test_case(points=None, hidden=False)
def test_transpose_output_shape(MultiHeadAttention):
    import torch
    mha = MultiHeadAttention(num_hiddens=12, num_heads=3, dropout=0.0)
    out = mha.transpose_output(torch.randn(6, 5, 4))
    assert tuple(out.shape) == (2, 5, 12), f'expected shape (2, 5, 12), got {tuple(out.shape)}'
    X = torch.arange(6 * 5 * 4, dtype=torch.float32).reshape(6, 5, 4)
    out = mha.transpose_output(X)
    assert torch.equal(out[0, :, 4:8], X[1]) and torch.equal(out[1, :, 0:4], X[3]), 'transpose_output: out[b, :, h * 4:(h + 1) * 4] should be X[b * num_heads + h]'

@test_case(points=5, hidden=True)
def test_transpose_output_inverts_transpose_qkv(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    MHA, ref = graded(env, 'q7_2', 'MultiHeadAttention', attribute='transpose_output')
    mha = MHA(num_hiddens=12, num_heads=3, dropout=0.0)
    with seeded(91):
        X = torch.randn(2, 5, 12)
    split = ref.MultiHeadAttention.transpose_qkv(mha, X)
    assert_close(mha.transpose_output(split), X, 'transpose_output(transpose_qkv(X)), which must give X back')

@test_case(points=3, hidden=True)
def test_transpose_output_elements(env):
    import torch
    from _hwkit import assert_close, graded
    MHA, ref = graded(env, 'q7_2', 'MultiHeadAttention', attribute='transpose_output')
    mha = MHA(num_hiddens=8, num_heads=4, dropout=0.0)
    X = torch.arange(3 * 4 * 2 * 2, dtype=torch.float32).reshape(12, 2, 2)
    assert_close(mha.transpose_output(X), ref.MultiHeadAttention.transpose_output(mha, X), 'which element goes where in transpose_output (3 examples, 4 heads)')

@test_case(points=2, hidden=True)
def test_transpose_output_other_head_counts(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    MHA, ref = graded(env, 'q7_2', 'MultiHeadAttention', attribute='transpose_output')
    for num_heads, shape in [(1, (2, 3, 4)), (8, (8, 2, 2)), (5, (20, 1, 2))]:
        mha = MHA(num_hiddens=num_heads * shape[-1], num_heads=num_heads, dropout=0.0)
        with seeded(92):
            X = torch.randn(*shape)
        assert_close(mha.transpose_output(X), ref.MultiHeadAttention.transpose_output(mha, X), f'transpose_output with {num_heads} heads on a {shape} input')

