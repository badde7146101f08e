# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 15

@test_case(points=None, hidden=False)
def test_masked_softmax_zeros_padding(masked_softmax):
    import torch
    P = masked_softmax(torch.rand(3, 1, 4), torch.tensor([4, 2, 3]))
    assert tuple(P.shape) == (3, 1, 4), f'expected shape (3, 1, 4), got {tuple(P.shape)}'
    assert float(P[1, 0, 2:].abs().sum()) == 0.0, 'positions beyond the valid length must get weight 0'
    assert torch.allclose(P.sum(dim=-1), torch.ones(3, 1)), 'each row of weights must sum to 1'

