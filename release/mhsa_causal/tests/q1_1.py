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

