# Generated from notebooks/mhsa_causal/mhsa_causal.ipynb by `python -m autograder build mhsa_causal`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q1_1"
points = 1

@test_case(points=None, hidden=False)
def test_self_attention_has_three_linear_maps(SelfAttention):
    import torch
    model = SelfAttention(input_size=7, hidden=9)
    for name in ('q', 'k', 'v'):
        layer = getattr(model, name, None)
        assert isinstance(layer, torch.nn.Linear), f'self.{name} should be an nn.Linear'
        assert tuple(layer.weight.shape) == (9, 7), f'self.{name}.weight: expected (9, 7), got {tuple(layer.weight.shape)}'

@test_case(points=1, hidden=True)
def test_self_attention_init(env):
    import torch
    from _hwkit import assert_close, assert_shape, graded, seeded
    SA, ref = graded(env, 'q1_1', 'SelfAttention', attribute='__init__')
    with seeded(11):
        model = SA(input_size=7, hidden=9)
        other = SA(input_size=3, hidden=8)
    for name in ('q', 'k', 'v'):
        layer = getattr(model, name)
        assert_shape(layer.weight, (9, 7), f'self.{name}.weight with input_size=7, hidden=9')
        assert_shape(layer.bias, (9,), f'self.{name}.bias with hidden=9')
    assert_close(torch.tensor(float(model.scale)), torch.tensor(3.0), 'self.scale with hidden=9')
    assert_close(torch.tensor(float(other.scale)), torch.tensor(8.0).sqrt(), 'self.scale with hidden=8')
    count = torch.tensor(float(sum((p.numel() for p in model.parameters()))))
    assert_close(count, torch.tensor(3.0 * (7 * 9 + 9)), 'number of parameters (three linear maps)')

