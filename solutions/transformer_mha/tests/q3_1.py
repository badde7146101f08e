# Generated from notebooks/transformer_mha/transformer_mha.ipynb by `python -m autograder build transformer_mha`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q3_1"
points = 4

@test_case(points=None, hidden=False)
def test_projection_shapes(MultiHeadAttention):
    import torch
    mha = MultiHeadAttention(num_heads=2, embedding_dim=8, qk_length=3, value_length=5)
    for name in ('W_q', 'W_k', 'W_v', 'W_o'):
        layer = getattr(mha, name, None)
        assert isinstance(layer, torch.nn.Linear), f'self.{name} should be an nn.Linear'
        assert layer.bias is not None, f'self.{name} should keep its default bias'
    count = sum((p.numel() for p in mha.parameters()))
    assert count == 286, f'num_heads=2, embedding_dim=8, qk_length=3, value_length=5: expected 286 parameters, got {count}'

@test_case(points=2, hidden=True)
def test_init_layer_shapes(env):
    import torch
    from _hwkit import assert_shape, graded, seeded
    MHA, ref = graded(env, 'q3_1', 'MultiHeadAttention', attribute='__init__')
    with seeded(31):
        mha = MHA(num_heads=3, embedding_dim=10, qk_length=4, value_length=6)
    assert_shape(mha.W_q.weight, (12, 10), 'W_q.weight with 3 heads, embedding_dim=10, qk_length=4')
    assert_shape(mha.W_q.bias, (12,), 'W_q.bias')
    assert_shape(mha.W_k.weight, (12, 10), 'W_k.weight with 3 heads, embedding_dim=10, qk_length=4')
    assert_shape(mha.W_k.bias, (12,), 'W_k.bias')
    assert_shape(mha.W_v.weight, (18, 10), 'W_v.weight with 3 heads, embedding_dim=10, value_length=6')
    assert_shape(mha.W_v.bias, (18,), 'W_v.bias')
    assert_shape(mha.W_o.weight, (10, 18), 'W_o.weight (from 3 * 6 features back to 10)')
    assert_shape(mha.W_o.bias, (10,), 'W_o.bias')

@test_case(points=2, hidden=True)
def test_init_parameter_count_other_sizes(env):
    import torch
    from _hwkit import assert_close, assert_shape, graded, seeded
    MHA, ref = graded(env, 'q3_1', 'MultiHeadAttention', attribute='__init__')
    for heads, dim, qk, vl in [(1, 4, 4, 4), (4, 6, 2, 7), (8, 16, 3, 1)]:
        with seeded(32):
            mha = MHA(num_heads=heads, embedding_dim=dim, qk_length=qk, value_length=vl)
        count = torch.tensor(float(sum((p.numel() for p in mha.parameters()))))
        expected = 2 * (dim * heads * qk + heads * qk) + (dim * heads * vl + heads * vl) + (heads * vl * dim + dim)
        assert_close(count, torch.tensor(float(expected)), f'number of parameters with {heads} heads, embedding_dim={dim}, qk_length={qk}, value_length={vl}')
        assert_shape(mha.W_o.weight, (dim, heads * vl), f'W_o.weight with {heads} heads of value_length {vl}')

