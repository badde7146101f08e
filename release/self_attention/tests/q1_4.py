# Generated from notebooks/self_attention/self_attention.ipynb by `python -m autograder build self_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q1_4"
points = 9

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_hand_attention_shapes_and_rows(scores_hand, weights_hand, output_hand):
    import torch
    expected = [('scores_hand', scores_hand, (3, 3)), ('weights_hand', weights_hand, (3, 3)), ('output_hand', output_hand, (3, 2))]
    for name, matrix, shape in expected:
        got = tuple(torch.as_tensor(matrix, dtype=torch.float64).shape)
        assert got == shape, f'{name} should have shape {shape}, got {got}'
    row_sums = torch.as_tensor(weights_hand, dtype=torch.float64).sum(dim=1)
    assert torch.allclose(row_sums, torch.ones(3, dtype=torch.float64), atol=0.01), 'each row of weights_hand should sum to 1'

