# Generated from notebooks/self_attention/self_attention.ipynb by `python -m autograder build self_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q1_4"
points = 9

@test_case(points=None, hidden=False)
def test_hand_attention_shapes_and_rows(scores_hand, weights_hand, output_hand):
    import torch
    expected = [('scores_hand', scores_hand, (3, 3)), ('weights_hand', weights_hand, (3, 3)), ('output_hand', output_hand, (3, 2))]
    for name, matrix, shape in expected:
        got = tuple(torch.as_tensor(matrix, dtype=torch.float64).shape)
        assert got == shape, f'{name} should have shape {shape}, got {got}'
    row_sums = torch.as_tensor(weights_hand, dtype=torch.float64).sum(dim=1)
    assert torch.allclose(row_sums, torch.ones(3, dtype=torch.float64), atol=0.01), 'each row of weights_hand should sum to 1'

@test_case(points=3, hidden=True)
def test_hand_scores(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    scores_hand, ref = graded(env, 'q1_4', 'scores_hand')
    with seeded(14):
        X = torch.tensor([[0.8, -0.4], [1.2, 0.3], [-0.5, 1.1]], dtype=torch.float64)
        W_Q = torch.tensor([[0.6, -0.2], [0.1, 0.5]], dtype=torch.float64)
        W_K = torch.tensor([[-0.3, 0.7], [0.4, 0.9]], dtype=torch.float64)
    exact = X @ W_Q @ (X @ W_K).T
    answer = torch.as_tensor(scores_hand, dtype=torch.float64)
    assert_close(answer, exact, 'scores_hand (the unscaled scores Q K^T)', atol=0.005, rtol=0.0)

@test_case(points=3, hidden=True)
def test_hand_weights(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    weights_hand, ref = graded(env, 'q1_4', 'weights_hand')
    with seeded(15):
        X = torch.tensor([[0.8, -0.4], [1.2, 0.3], [-0.5, 1.1]], dtype=torch.float64)
        W_Q = torch.tensor([[0.6, -0.2], [0.1, 0.5]], dtype=torch.float64)
        W_K = torch.tensor([[-0.3, 0.7], [0.4, 0.9]], dtype=torch.float64)
    exact = torch.softmax(X @ W_Q @ (X @ W_K).T, dim=-1)
    answer = torch.as_tensor(weights_hand, dtype=torch.float64)
    assert_close(answer, exact, 'weights_hand (the softmax of each row of scores)', atol=0.005, rtol=0.0)

@test_case(points=3, hidden=True)
def test_hand_output(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    output_hand, ref = graded(env, 'q1_4', 'output_hand')
    with seeded(16):
        X = torch.tensor([[0.8, -0.4], [1.2, 0.3], [-0.5, 1.1]], dtype=torch.float64)
        W_Q = torch.tensor([[0.6, -0.2], [0.1, 0.5]], dtype=torch.float64)
        W_K = torch.tensor([[-0.3, 0.7], [0.4, 0.9]], dtype=torch.float64)
        W_V = torch.tensor([[1.0, -0.5], [0.2, 0.8]], dtype=torch.float64)
    exact = torch.softmax(X @ W_Q @ (X @ W_K).T, dim=-1) @ (X @ W_V)
    answer = torch.as_tensor(output_hand, dtype=torch.float64)
    assert_close(answer, exact, 'output_hand (the weights times the values)', atol=0.005, rtol=0.0)

