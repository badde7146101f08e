# Generated from notebooks/mhsa_causal/mhsa_causal.ipynb by `python -m autograder build mhsa_causal`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q2_2"
points = 1

@test_case(points=None, hidden=False)
def test_causal_mask_first_row(MultiHeadSelfAttention):
    import torch
    model = MultiHeadSelfAttention(input_size=4, hidden=4, num_heads=2, causal=True)
    probs = torch.softmax(model.apply_causal_mask(torch.zeros(1, 2, 3, 3)), dim=-1)
    assert torch.allclose(probs[0, 0], torch.tensor([[1.0, 0.0, 0.0], [0.5, 0.5, 0.0], [1 / 3, 1 / 3, 1 / 3]])), f'with all scores 0, query i should spread its weight over keys 0..i, got {probs[0, 0]}'

@test_case(points=1, hidden=True)
def test_causal_mask(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    MHSA, ref = graded(env, 'q2_2', 'MultiHeadSelfAttention', attribute='apply_causal_mask')
    with seeded(31):
        model = MHSA(input_size=4, hidden=6, num_heads=2, causal=True)
        scores = torch.randn(2, 2, 5, 5)
        single = torch.randn(1, 3, 1, 1)
        ties = torch.randint(-1, 2, (2, 2, 4, 4)).float()
    future = torch.ones(5, 5, dtype=torch.bool).triu(diagonal=1)
    masked = model.apply_causal_mask(scores.clone())
    expected = scores.masked_fill(future, float('-inf'))
    assert_close(torch.softmax(masked, dim=-1), torch.softmax(expected, dim=-1), 'softmax of the masked scores (no weight on future keys)')
    assert_close(masked.masked_fill(future, 0.0), scores.masked_fill(future, 0.0), "masked scores at and before each query's position (they must not change)")
    assert_close(model.apply_causal_mask(single.clone()), single, 'scores of sequences of length 1')
    ties_future = torch.ones(4, 4, dtype=torch.bool).triu(diagonal=1)
    assert_close(torch.softmax(model.apply_causal_mask(ties.clone()), dim=-1), torch.softmax(ties.masked_fill(ties_future, float('-inf')), dim=-1), 'softmax of masked scores with many zeros (the mask must not depend on the values)')

