# Generated from notebooks/self_attention/self_attention.ipynb by `python -m autograder build self_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q1_2"
points = 6

@test_case(points=None, hidden=False)
def test_hand_qkv_are_3_by_2(Q_hand, K_hand, V_hand):
    import torch
    for name, matrix in [('Q_hand', Q_hand), ('K_hand', K_hand), ('V_hand', V_hand)]:
        shape = tuple(torch.as_tensor(matrix, dtype=torch.float64).shape)
        assert shape == (3, 2), f'{name} should be 3 rows of 2 numbers, got shape {shape}'

@test_case(points=2, hidden=True)
def test_hand_queries(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    Q_hand, ref = graded(env, 'q1_2', 'Q_hand')
    with seeded(11):
        X = torch.tensor([[0.8, -0.4], [1.2, 0.3], [-0.5, 1.1]], dtype=torch.float64)
        W_Q = torch.tensor([[0.6, -0.2], [0.1, 0.5]], dtype=torch.float64)
    answer = torch.as_tensor(Q_hand, dtype=torch.float64)
    assert_close(answer, X @ W_Q, 'Q_hand (the queries X W_Q)', atol=0.005, rtol=0.0)

@test_case(points=2, hidden=True)
def test_hand_keys(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    K_hand, ref = graded(env, 'q1_2', 'K_hand')
    with seeded(12):
        X = torch.tensor([[0.8, -0.4], [1.2, 0.3], [-0.5, 1.1]], dtype=torch.float64)
        W_K = torch.tensor([[-0.3, 0.7], [0.4, 0.9]], dtype=torch.float64)
    answer = torch.as_tensor(K_hand, dtype=torch.float64)
    assert_close(answer, X @ W_K, 'K_hand (the keys X W_K)', atol=0.005, rtol=0.0)

@test_case(points=2, hidden=True)
def test_hand_values(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    V_hand, ref = graded(env, 'q1_2', 'V_hand')
    with seeded(13):
        X = torch.tensor([[0.8, -0.4], [1.2, 0.3], [-0.5, 1.1]], dtype=torch.float64)
        W_V = torch.tensor([[1.0, -0.5], [0.2, 0.8]], dtype=torch.float64)
    answer = torch.as_tensor(V_hand, dtype=torch.float64)
    assert_close(answer, X @ W_V, 'V_hand (the values X W_V)', atol=0.005, rtol=0.0)

