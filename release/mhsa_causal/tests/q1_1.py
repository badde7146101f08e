# Generated from notebooks/mhsa_causal/mhsa_causal.ipynb by `python -m autograder build mhsa_causal`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q1_1"
points = 1

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_self_attention_has_three_linear_maps(SelfAttention):
    import torch
    model = SelfAttention(input_size=7, hidden=9)
    for name in ('q', 'k', 'v'):
        layer = getattr(model, name, None)
        assert isinstance(layer, torch.nn.Linear), f'self.{name} should be an nn.Linear'
        assert tuple(layer.weight.shape) == (9, 7), f'self.{name}.weight: expected (9, 7), got {tuple(layer.weight.shape)}'



@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_no_forbidden_shortcut(env):
    try:
        from hwtools.reach import live_cells, reached_names
    except ImportError as exc:
        raise AssertionError("q1_1: the forbidden-shortcut check needs "
                             "hwtools/reach.py beside this notebook (download the "
                             f"homework folder again): {exc}") from exc
    forbidden = {'MultiheadAttention': 'nn.MultiheadAttention', 'scaled_dot_product_attention': 'F.scaled_dot_product_attention'}
    cells = live_cells(env)
    for name, attribute in [('SelfAttention', None)]:
        names = reached_names(cells, name, attribute, set(['apply_causal_mask', 'compute_scores', 'forward']) - {name})
        found = sorted(names & forbidden.keys())
        assert not found, (f"q1_1: your answer uses {', '.join(forbidden[n] for n in found)}, "
                           "which this question does not allow; it scores 0 until it is written "
                           "without it")
