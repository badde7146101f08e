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

