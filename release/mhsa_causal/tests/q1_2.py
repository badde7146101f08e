# Generated from notebooks/mhsa_causal/mhsa_causal.ipynb by `python -m autograder build mhsa_causal`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q1_2"
points = 3

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
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



@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_no_forbidden_shortcut(env):
    try:
        from hwtools.reach import live_cells, reached_names
    except ImportError as exc:
        raise AssertionError("q1_2: the forbidden-shortcut check needs "
                             "hwtools/reach.py beside this notebook (download the "
                             f"homework folder again): {exc}") from exc
    forbidden = {'MultiheadAttention': 'nn.MultiheadAttention', 'scaled_dot_product_attention': 'F.scaled_dot_product_attention'}
    cells = live_cells(env)
    for name, attribute in [('SelfAttention', 'forward')]:
        names = reached_names(cells, name, attribute, set(['SelfAttention', 'apply_causal_mask', 'compute_scores', 'forward']) - {name})
        found = sorted(names & forbidden.keys())
        assert not found, (f"q1_2: your answer uses {', '.join(forbidden[n] for n in found)}, "
                           "which this question does not allow; it scores 0 until it is written "
                           "without it")
