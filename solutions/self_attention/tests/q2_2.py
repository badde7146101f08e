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

@test_case(points=2, hidden=True)
def test_run_demo_input(env):
    import torch
    from _hwkit import assert_close, graded, seeded, substituted
    run_demo, ref = graded(env, 'q2_2', 'run_demo')
    with substituted(env, SelfAttention=ref.SelfAttention), seeded(25):
        result = run_demo()
    with seeded(25):
        expected = ref.run_demo()
    assert_close(result[0], expected[0], 'x made by run_demo (seed 42, module first, then x)')

@test_case(points=3, hidden=True)
def test_run_demo_scores(env):
    import torch
    from _hwkit import assert_close, assert_shape, graded, seeded, substituted
    run_demo, ref = graded(env, 'q2_2', 'run_demo')
    with substituted(env, SelfAttention=ref.SelfAttention), seeded(26):
        result = run_demo()
    with seeded(26):
        expected = ref.run_demo()
    assert_shape(result[1], (2, 3, 3), 'scores returned by run_demo')
    assert_close(result[1], expected[1].detach(), 'scores returned by run_demo')

