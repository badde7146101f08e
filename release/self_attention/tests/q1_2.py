# Generated from notebooks/self_attention/self_attention.ipynb by `python -m autograder build self_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q1_2"
points = 6

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_hand_qkv_are_3_by_2(Q_hand, K_hand, V_hand):
    import torch
    for name, matrix in [('Q_hand', Q_hand), ('K_hand', K_hand), ('V_hand', V_hand)]:
        shape = tuple(torch.as_tensor(matrix, dtype=torch.float64).shape)
        assert shape == (3, 2), f'{name} should be 3 rows of 2 numbers, got shape {shape}'

