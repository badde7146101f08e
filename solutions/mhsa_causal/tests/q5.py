# Generated from notebooks/mhsa_causal/mhsa_causal.ipynb by `python -m autograder build mhsa_causal`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_style_checker_available():
    import pycodestyle
    assert pycodestyle.__version__

@test_case(points=1, hidden=True)
def test_task1_style(env):
    import torch
    from _hwkit import answered, assert_close, graded, style_issues
    SelfAttention, ref = graded(env, 'q5', 'SelfAttention')
    assert_close(answered(SelfAttention.__init__, SelfAttention.forward), torch.tensor(1.0), 'Task 1: every answer is written (style counts only for written code)')
    assert_close(style_issues(SelfAttention.__init__, SelfAttention.forward), torch.tensor(0.0), 'Task 1: number of PEP 8 issues (run pycodestyle --max-line-length=99 on the cells)', atol=0, rtol=0)

@test_case(points=1, hidden=True)
def test_task2_style(env):
    import torch
    from _hwkit import answered, assert_close, graded, style_issues
    MultiHeadSelfAttention, ref = graded(env, 'q5', 'MultiHeadSelfAttention')
    assert_close(answered(MultiHeadSelfAttention.compute_scores, MultiHeadSelfAttention.apply_causal_mask, MultiHeadSelfAttention.forward), torch.tensor(1.0), 'Task 2: every answer is written (style counts only for written code)')
    assert_close(style_issues(MultiHeadSelfAttention.compute_scores, MultiHeadSelfAttention.apply_causal_mask, MultiHeadSelfAttention.forward), torch.tensor(0.0), 'Task 2: number of PEP 8 issues (run pycodestyle --max-line-length=99 on the cells)', atol=0, rtol=0)

