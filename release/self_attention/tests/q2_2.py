# Generated from notebooks/self_attention/self_attention.ipynb by `python -m autograder build self_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q2_2"
points = 5

@test_case(points=None, hidden=False)
def test_run_demo_shapes(run_demo):
    import torch
    demo_input, demo_result = run_demo()
    assert tuple(demo_input.shape) == (2, 3, 4), f'x: expected shape (2, 3, 4), got {tuple(demo_input.shape)}'
    assert tuple(demo_result.shape) == (2, 3, 3), f'scores: expected shape (2, 3, 3), got {tuple(demo_result.shape)}'

