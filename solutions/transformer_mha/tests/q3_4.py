# Generated from notebooks/transformer_mha/transformer_mha.ipynb by `python -m autograder build transformer_mha`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q3_4"
points = 8

@test_case(points=None, hidden=False)
def test_attention_shapes(MultiHeadAttention):
    import torch
    mha = MultiHeadAttention(num_heads=2, embedding_dim=8, qk_length=3, value_length=5)
    out, w = mha.scaled_attention(torch.randn(4, 2, 6, 3), torch.randn(4, 2, 7, 3), torch.randn(4, 2, 7, 5))
    assert tuple(out.shape) == (4, 2, 6, 5), f'output: expected shape (4, 2, 6, 5), got {tuple(out.shape)}'
    assert tuple(w.shape) == (4, 2, 6, 7), f'weights: expected shape (4, 2, 6, 7), got {tuple(w.shape)}'
    V = torch.randn(1, 2, 7, 5)
    out, w = mha.scaled_attention(torch.zeros(1, 2, 6, 3), torch.randn(1, 2, 7, 3), V)
    assert torch.allclose(w, torch.full((1, 2, 6, 7), 1 / 7), atol=1e-06), 'weights: all-zero queries should weigh the 7 keys equally'
    assert torch.allclose(out, V.mean(dim=2, keepdim=True).expand(1, 2, 6, 5), atol=1e-05), 'output: expected the mean of the values'

@test_case(points=3, hidden=True)
def test_attention_against_reference(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    MHA, ref = graded(env, 'q3_4', 'MultiHeadAttention', attribute='scaled_attention')
    with seeded(61):
        mha = ref.MultiHeadAttention(num_heads=3, embedding_dim=10, qk_length=4, value_length=6)
        Q, K, V = (torch.randn(2, 3, 5, 4), torch.randn(2, 3, 7, 4), torch.randn(2, 3, 7, 6))
    result = MHA.scaled_attention(mha, Q, K, V)
    expected = ref.MultiHeadAttention.scaled_attention(mha, Q, K, V)
    assert_close(result, expected, '(output, weights) with 5 queries, 7 keys, qk_length 4, value_length 6')

@test_case(points=2, hidden=True)
def test_attention_scaled_by_qk_length(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    MHA, ref = graded(env, 'q3_4', 'MultiHeadAttention', attribute='scaled_attention')
    with seeded(62):
        mha = ref.MultiHeadAttention(num_heads=2, embedding_dim=8, qk_length=16, value_length=3)
        Q, K, V = (2 * torch.randn(1, 2, 4, 16), torch.randn(1, 2, 6, 16), torch.randn(1, 2, 6, 3))
    weights = torch.softmax(torch.matmul(Q, K.transpose(-2, -1)) / 4.0, dim=-1)
    result = MHA.scaled_attention(mha, Q, K, V)
    assert_close(result[1], weights, 'weights with qk_length 16 (scores divided by 4)')
    assert_close(result[0], torch.matmul(weights, V), 'output with qk_length 16')

@test_case(points=3, hidden=True)
def test_attention_each_head_on_its_own(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    MHA, ref = graded(env, 'q3_4', 'MultiHeadAttention', attribute='scaled_attention')
    with seeded(63):
        mha = ref.MultiHeadAttention(num_heads=4, embedding_dim=8, qk_length=3, value_length=2)
        Q, K, V = (torch.randn(3, 4, 2, 3), torch.randn(3, 4, 5, 3), torch.randn(3, 4, 5, 2))
    result = MHA.scaled_attention(mha, Q, K, V)
    for b in range(3):
        for i in range(4):
            w = torch.softmax(Q[b, i] @ K[b, i].T / 3 ** 0.5, dim=-1)
            assert_close(result[0][b, i], w @ V[b, i], f'output of sequence {b}, head {i}, computed on its own')

