# Generated from notebooks/mhsa_causal/mhsa_causal.ipynb by `python -m autograder build mhsa_causal`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "style_2"
points = 0

@test_case(points=None, hidden=False)
def test_task2_style_check(MultiHeadSelfAttention):
    import inspect
    import textwrap
    import pycodestyle
    ignore = ['E121', 'E123', 'E126', 'E226', 'E24', 'E704', 'W503', 'W504', 'E266', 'W292', 'W391']
    for fn in (MultiHeadSelfAttention.compute_scores, MultiHeadSelfAttention.apply_causal_mask, MultiHeadSelfAttention.forward):
        lines = textwrap.dedent(inspect.getsource(fn)).splitlines(True)
        issues = pycodestyle.Checker(lines=lines, quiet=True, max_line_length=99, ignore=ignore).check_all()
        assert issues == 0, f'{fn.__qualname__}: {issues} PEP 8 issues (they cost 1 point of Task 2); run pycodestyle --max-line-length=99 on the cell'

@test_case(points=1, hidden=True)
def test_task2_style(env):
    import torch
    from _hwkit import assert_close, graded, style_issues
    MultiHeadSelfAttention, ref = graded(env, 'style_2', 'MultiHeadSelfAttention')
    assert_close(style_issues(MultiHeadSelfAttention.compute_scores, MultiHeadSelfAttention.apply_causal_mask, MultiHeadSelfAttention.forward), torch.tensor(0.0), 'Task 2: number of PEP 8 issues, each answer that has one costs 1 point of Task 2', atol=0, rtol=0)

@test_case(points=-1, hidden=True)
def test_task2_style_deduction(env):
    """Takes back the point of the test above: the question is worth 0, PEP 8 issues cost 1
    point of Task 2. It checks nothing, so that no answer can make it fail."""

