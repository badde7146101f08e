# Generated from notebooks/mhsa_causal/mhsa_causal.ipynb by `python -m autograder build mhsa_causal`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_style_of_written_answers(SelfAttention, MultiHeadSelfAttention):
    import inspect
    import textwrap
    import pycodestyle
    ignore = ['E121', 'E123', 'E126', 'E226', 'E24', 'E704', 'W503', 'W504', 'E266', 'W292', 'W391']
    for fn in (SelfAttention.forward, MultiHeadSelfAttention.compute_scores, MultiHeadSelfAttention.apply_causal_mask, MultiHeadSelfAttention.forward):
        source = inspect.getsource(fn)
        assert 'NotImplementedError' not in source, f'{fn.__qualname__}: write the answer first (style counts only for written code)'
        lines = textwrap.dedent(source).splitlines(True)
        issues = pycodestyle.Checker(lines=lines, quiet=True, max_line_length=99, ignore=ignore).check_all()
        assert issues == 0, f'{fn.__qualname__}: {issues} PEP 8 issues; run pycodestyle --max-line-length=99 on the cell'

