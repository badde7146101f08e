# Generated from notebooks/self_attention/self_attention.ipynb by `python -m autograder build self_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q2_1"
points = 20

@test_case(points=None, hidden=False)
def test_self_attention_shapes(SelfAttention):
    import torch
    attention = SelfAttention(d_model=4)
    out, sc = attention(torch.randn(2, 3, 4))
    assert tuple(out.shape) == (2, 3, 4), f'output: expected shape (2, 3, 4), got {tuple(out.shape)}'
    assert tuple(sc.shape) == (2, 3, 3), f'scores: expected shape (2, 3, 3), got {tuple(sc.shape)}'
    x = torch.randn(2, 3, 4)
    with torch.no_grad():
        attention.W_q.weight.zero_()
        if attention.W_q.bias is not None:
            attention.W_q.bias.zero_()
        out, sc = attention(x)
        expected = attention.W_v(x).mean(dim=1, keepdim=True).expand(2, 3, 4)
    assert torch.allclose(sc, torch.zeros(2, 3, 3), atol=1e-06), 'scores: with all-zero queries every score should be 0'
    assert torch.allclose(out, expected, atol=1e-05), 'output: with all-zero queries it should be the mean of the values'
    x = torch.tensor([[[1.0, 0.0, 0.0, 0.0], [0.0, 2.0, 0.0, 0.0], [1.0, 1.0, 0.0, 0.0]]])
    with torch.no_grad():
        for layer in (attention.W_q, attention.W_k, attention.W_v):
            layer.weight.copy_(torch.eye(4))
            if layer.bias is not None:
                layer.bias.zero_()
        out, sc = attention(x)
    known_scores = torch.tensor([[[1.0, 0.0, 1.0], [0.0, 4.0, 2.0], [1.0, 2.0, 2.0]]])
    known_output = torch.tensor([[[0.8446, 0.733, 0.0, 0.0], [0.1332, 1.8509, 0.0, 0.0], [0.5777, 1.267, 0.0, 0.0]]])
    assert torch.allclose(sc, known_scores, atol=0.0001), f'scores of the identity example: expected {known_scores}, got {sc}'
    assert torch.allclose(out, known_output, atol=0.001), f'output of the identity example: expected {known_output}, got {out}'

@test_case(points=6, hidden=True)
def test_self_attention_output(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    SA, ref = graded(env, 'q2_1', 'SelfAttention', attribute='forward')
    with seeded(21):
        module = SA.__new__(SA)
        torch.nn.Module.__init__(module)
        module.d_model = 4
        module.W_q, module.W_k, module.W_v = (torch.nn.Linear(4, 4) for _ in range(3))
        inputs = torch.randn(2, 3, 4)
    result = module(inputs)
    expected = ref.SelfAttention.forward(module, inputs)
    assert_close(result[0], expected[0], 'output of forward (batch 2, length 3, d_model 4)')

@test_case(points=6, hidden=True)
def test_self_attention_scores_unscaled(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    SA, ref = graded(env, 'q2_1', 'SelfAttention', attribute='forward')
    with seeded(22):
        module = SA.__new__(SA)
        torch.nn.Module.__init__(module)
        module.d_model = 4
        module.W_q, module.W_k, module.W_v = (torch.nn.Linear(4, 4) for _ in range(3))
        inputs = torch.randn(2, 3, 4)
    result = module(inputs)
    queries, keys = (module.W_q(inputs), module.W_k(inputs))
    unscaled = torch.matmul(queries, keys.transpose(1, 2))
    assert_close(result[1], unscaled.detach(), 'scores returned by forward (unscaled, before the softmax)')

@test_case(points=4, hidden=True)
def test_self_attention_large_model_no_scaling(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    SA, ref = graded(env, 'q2_1', 'SelfAttention', attribute='forward')
    with seeded(23):
        module = SA.__new__(SA)
        torch.nn.Module.__init__(module)
        module.d_model = 16
        module.W_q, module.W_k, module.W_v = (torch.nn.Linear(16, 16) for _ in range(3))
        inputs = 2.0 * torch.randn(3, 6, 16)
    result = module(inputs)
    expected = ref.SelfAttention.forward(module, inputs)
    assert_close(result, expected, '(output, scores) with d_model=16 and 6 positions')

@test_case(points=4, hidden=True)
def test_self_attention_one_sequence_float64(env):
    import torch
    from _hwkit import assert_close, assert_dtype, graded, seeded
    SA, ref = graded(env, 'q2_1', 'SelfAttention', attribute='forward')
    with seeded(24):
        module = SA.__new__(SA)
        torch.nn.Module.__init__(module)
        module.d_model = 5
        module.W_q, module.W_k, module.W_v = (torch.nn.Linear(5, 5) for _ in range(3))
        module.double()
        inputs = torch.randn(1, 7, 5, dtype=torch.float64)
    result = module(inputs)
    expected = ref.SelfAttention.forward(module, inputs)
    assert_close(result, expected, '(output, scores) for one sequence of 7 positions in float64', atol=1e-10, rtol=1e-10)
    assert_dtype(result[0], torch.float64, 'output for float64 input')

