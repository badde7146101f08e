# Generated from notebooks/self_attention/self_attention.ipynb by `python -m autograder build self_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q2_2"
points = 5

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_run_demo_shapes(run_demo):
    import torch
    demo_input, demo_result = run_demo()
    assert tuple(demo_input.shape) == (2, 3, 4), f'x: expected shape (2, 3, 4), got {tuple(demo_input.shape)}'
    assert tuple(demo_result.shape) == (2, 3, 3), f'scores: expected shape (2, 3, 3), got {tuple(demo_result.shape)}'



@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_no_forbidden_shortcut(env):
    try:
        from hwtools.reach import live_cells, reached_names
    except ImportError as exc:
        raise AssertionError("q2_2: the forbidden-shortcut check needs "
                             "hwtools/reach.py beside this notebook (download the "
                             f"homework folder again): {exc}") from exc
    forbidden = {'MultiheadAttention': 'nn.MultiheadAttention', 'math': 'math', 'np': 'np', 'numpy': 'numpy', 'scaled_dot_product_attention': 'F.scaled_dot_product_attention'}
    cells = live_cells(env)
    for name, attribute in [('run_demo', None)]:
        names = reached_names(cells, name, attribute, set(['SelfAttention']) - {name})
        found = sorted(names & forbidden.keys())
        assert not found, (f"q2_2: your answer uses {', '.join(forbidden[n] for n in found)}, "
                           "which this question does not allow; it scores 0 until it is written "
                           "without it")
