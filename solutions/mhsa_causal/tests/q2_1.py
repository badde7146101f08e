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

@test_case(points=1, hidden=True)
def test_compute_scores_against_reference(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    MHSA, ref = graded(env, 'q2_1', 'MultiHeadSelfAttention', attribute='compute_scores')
    with seeded(21):
        model = MHSA(input_size=7, hidden=9, num_heads=3)
        x = torch.randn(3, 5, 7)
    result = model.compute_scores(x)
    expected = ref.MultiHeadSelfAttention.compute_scores(model, x)
    assert_close(result, expected, '(scores, v) for a (3, 5, 7) input with 3 heads')

@test_case(points=1, hidden=True)
def test_compute_scores_each_head_on_its_own(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    MHSA, ref = graded(env, 'q2_1', 'MultiHeadSelfAttention', attribute='compute_scores')
    with seeded(22):
        model = MHSA(input_size=5, hidden=12, num_heads=4)
        x = torch.randn(2, 6, 5)
    result = model.compute_scores(x)
    with torch.no_grad():
        queries, keys = (model.q(x), model.k(x))
    for h in range(4):
        block = slice(3 * h, 3 * h + 3)
        expected = queries[..., block] @ keys[..., block].transpose(1, 2) / 3 ** 0.5
        assert_close(result[0][:, h], expected, f'scores of head {h} (its own block of 3 features, scaled by sqrt(3))')

@test_case(points=1, hidden=True)
def test_compute_scores_values_and_divisibility(env):
    import torch
    from _hwkit import assert_close, assert_shape, graded, seeded
    MHSA, ref = graded(env, 'q2_1', 'MultiHeadSelfAttention', attribute='compute_scores')
    for heads in (1, 6):
        with seeded(23):
            model = MHSA(input_size=4, hidden=6, num_heads=heads)
            x = torch.randn(2, 3, 4)
        result = model.compute_scores(x)
        size = 6 // heads
        with torch.no_grad():
            values = model.v(x)
        split = torch.stack([values[..., h * size:(h + 1) * size] for h in range(heads)], dim=1)
        assert_shape(result[0], (2, heads, 3, 3), f'scores with {heads} heads')
        assert_close(result[1], split, f'values split into {heads} heads')
    raised = 0.0
    try:
        MHSA(input_size=7, hidden=10, num_heads=3)
    except ValueError:
        raised = 1.0
    assert_close(torch.tensor(raised), torch.tensor(1.0), 'MultiHeadSelfAttention(hidden=10, num_heads=3) must raise ValueError')

