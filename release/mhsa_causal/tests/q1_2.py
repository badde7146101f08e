# Generated from notebooks/mhsa_causal/mhsa_causal.ipynb by `python -m autograder build mhsa_causal`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q1_2"
points = 3

@test_case(points=None, hidden=False)
def test_self_attention_output_shape(SelfAttention):
    import torch
    out = SelfAttention(input_size=7, hidden=9)(torch.randn(3, 5, 7))
    assert tuple(out.shape) == (3, 5, 9), f'expected shape (3, 5, 9), got {tuple(out.shape)}'

