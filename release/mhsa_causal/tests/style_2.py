# Generated from notebooks/mhsa_causal/mhsa_causal.ipynb by `python -m autograder build mhsa_causal`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "style_2"
points = 0

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_task2_style_check(MultiHeadSelfAttention):
    import inspect
    import textwrap
    import pycodestyle
    ignore = ['E121', 'E123', 'E126', 'E226', 'E24', 'E704', 'W503', 'W504', 'E266', 'W292', 'W391']
    for fn in (MultiHeadSelfAttention.compute_scores, MultiHeadSelfAttention.apply_causal_mask, MultiHeadSelfAttention.forward):
        lines = textwrap.dedent(inspect.getsource(fn)).splitlines(True)
        issues = pycodestyle.Checker(lines=lines, quiet=True, max_line_length=99, ignore=ignore).check_all()
        assert issues == 0, f'{fn.__qualname__}: {issues} PEP 8 issues (they cost 1 point of Task 2); run pycodestyle --max-line-length=99 on the cell'

