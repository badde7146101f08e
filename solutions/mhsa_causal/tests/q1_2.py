# Generated from notebooks/mhsa_causal/mhsa_causal.ipynb by `python -m autograder build mhsa_causal`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q1_2"
points = 3

@test_case(points=None, hidden=False)
def test_self_attention_output_shape(SelfAttention):
    import torch
    out = SelfAttention(input_size=7, hidden=9)(torch.randn(3, 5, 7))
    assert tuple(out.shape) == (3, 5, 9), f'expected shape (3, 5, 9), got {tuple(out.shape)}'
    model = SelfAttention(input_size=7, hidden=9)
    x = torch.randn(2, 5, 7)
    with torch.no_grad():
        model.q.weight.zero_()
        if model.q.bias is not None:
            model.q.bias.zero_()
        out = model(x)
        expected = model.v(x).mean(dim=1, keepdim=True).expand(2, 5, 9)
    assert torch.allclose(out, expected, atol=1e-05), 'with all-zero queries the output should be the mean of the values'

@test_case(points=1, hidden=True)
def test_self_attention_forward_random(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    SA, ref = graded(env, 'q1_2', 'SelfAttention', attribute='forward')
    with seeded(12):
        model = ref.SelfAttention(input_size=7, hidden=9)
        x = torch.randn(3, 5, 7)
    result = SA.forward(model, x)
    assert_close(result, ref.SelfAttention.forward(model, x), 'output for a (3, 5, 7) input, hidden=9')

@test_case(points=1, hidden=True)
def test_self_attention_forward_scaled(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    SA, ref = graded(env, 'q1_2', 'SelfAttention', attribute='forward')
    with seeded(13):
        model = ref.SelfAttention(input_size=4, hidden=16)
        x = 3 * torch.randn(2, 6, 4)
    with torch.no_grad():
        probs = torch.softmax(model.q(x) @ model.k(x).transpose(1, 2) / 4.0, dim=-1)
        expected = probs @ model.v(x)
    assert_close(SA.forward(model, x), expected, 'output with hidden=16 (scores divided by 4)')

@test_case(points=1, hidden=True)
def test_self_attention_forward_other_shapes(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    SA, ref = graded(env, 'q1_2', 'SelfAttention', attribute='forward')
    for batch, seq, size, hidden in [(1, 1, 3, 2), (4, 8, 5, 6)]:
        with seeded(14):
            model = ref.SelfAttention(input_size=size, hidden=hidden).double()
            x = torch.randn(batch, seq, size, dtype=torch.float64)
        assert_close(SA.forward(model, x), ref.SelfAttention.forward(model, x), f'output for a {(batch, seq, size)} input in float64, hidden={hidden}', atol=1e-10, rtol=1e-10)

