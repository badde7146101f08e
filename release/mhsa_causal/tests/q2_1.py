# Generated from notebooks/mhsa_causal/mhsa_causal.ipynb by `python -m autograder build mhsa_causal`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q2_1"
points = 3

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_compute_scores_shapes(MultiHeadSelfAttention):
    import torch
    model = MultiHeadSelfAttention(input_size=7, hidden=9, num_heads=3)
    scores, v = model.compute_scores(torch.randn(2, 5, 7))
    assert tuple(scores.shape) == (2, 3, 5, 5), f'scores: expected shape (2, 3, 5, 5), got {tuple(scores.shape)}'
    assert tuple(v.shape) == (2, 3, 5, 3), f'v: expected shape (2, 3, 5, 3), got {tuple(v.shape)}'



@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_no_forbidden_shortcut(env):
    try:
        from hwtools.reach import live_cells, reached_names
    except ImportError as exc:
        raise AssertionError("q2_1: the forbidden-shortcut check needs "
                             "hwtools/reach.py beside this notebook (download the "
                             f"homework folder again): {exc}") from exc
    forbidden = {'MultiheadAttention': 'nn.MultiheadAttention', 'multi_head_attention_forward': 'F.multi_head_attention_forward', 'scaled_dot_product_attention': 'F.scaled_dot_product_attention'}
    cells = live_cells(env)
    for name, attribute in [('MultiHeadSelfAttention', 'compute_scores')]:
        names = reached_names(cells, name, attribute, set(['SelfAttention', 'apply_causal_mask', 'forward']) - {name})
        found = sorted(names & forbidden.keys())
        assert not found, (f"q2_1: your answer uses {', '.join(forbidden[n] for n in found)}, "
                           "which this question does not allow; it scores 0 until it is written "
                           "without it")
