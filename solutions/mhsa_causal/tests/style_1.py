# Generated from notebooks/mhsa_causal/mhsa_causal.ipynb by `python -m autograder build mhsa_causal`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "style_1"
points = 0

@test_case(points=None, hidden=False)
def test_task1_style_check(SelfAttention):
    import inspect
    import textwrap
    import pycodestyle
    ignore = ['E121', 'E123', 'E126', 'E226', 'E24', 'E704', 'W503', 'W504', 'E266', 'W292', 'W391']
    for fn in (SelfAttention.__init__, SelfAttention.forward):
        lines = textwrap.dedent(inspect.getsource(fn)).splitlines(True)
        issues = pycodestyle.Checker(lines=lines, quiet=True, max_line_length=99, ignore=ignore).check_all()
        assert issues == 0, f'{fn.__qualname__}: {issues} PEP 8 issues (they cost 1 point of Task 1); run pycodestyle --max-line-length=99 on the cell'

@test_case(points=1, hidden=True)
def test_task1_style(env):
    import torch
    from _hwkit import assert_close, graded, style_issues
    SelfAttention, ref = graded(env, 'style_1', 'SelfAttention')
    assert_close(style_issues(SelfAttention.__init__, SelfAttention.forward), torch.tensor(0.0), 'Task 1: number of PEP 8 issues, each answer that has one costs 1 point of Task 1', atol=0, rtol=0)

@test_case(points=-1, hidden=True)
def test_task1_style_deduction(env):
    """Takes back the point of the test above, so that the question is worth 0 and PEP 8 issues
    cost 1 point of Task 1 (a deduction, as the course grades it). It checks nothing and calls
    nothing of the notebook's, so that no answer can make it fail and dodge the deduction."""

