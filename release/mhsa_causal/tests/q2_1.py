# Generated from notebooks/mhsa_causal/mhsa_causal.ipynb by `python -m autograder build mhsa_causal`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q2_1"
points = 3

@test_case(points=None, hidden=False)
def test_compute_scores_shapes(MultiHeadSelfAttention):
    import torch
    model = MultiHeadSelfAttention(input_size=7, hidden=9, num_heads=3)
    scores, v = model.compute_scores(torch.randn(2, 5, 7))
    assert tuple(scores.shape) == (2, 3, 5, 5), f'scores: expected shape (2, 3, 5, 5), got {tuple(scores.shape)}'
    assert tuple(v.shape) == (2, 3, 5, 3), f'v: expected shape (2, 3, 5, 3), got {tuple(v.shape)}'

