# Generated from notebooks/mhsa_causal/mhsa_causal.ipynb by `python -m autograder build mhsa_causal`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q2_2"
points = 1

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_causal_mask_first_row(MultiHeadSelfAttention):
    import torch
    model = MultiHeadSelfAttention(input_size=4, hidden=4, num_heads=2, causal=True)
    probs = torch.softmax(model.apply_causal_mask(torch.zeros(1, 2, 3, 3)), dim=-1)
    assert torch.allclose(probs[0, 0], torch.tensor([[1.0, 0.0, 0.0], [0.5, 0.5, 0.0], [1 / 3, 1 / 3, 1 / 3]])), f'with all scores 0, query i should spread its weight over keys 0..i, got {probs[0, 0]}'



@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_no_forbidden_shortcut(env):
    try:
        from hwtools.reach import live_cells, reached_names
    except ImportError as exc:
        raise AssertionError("q2_2: the forbidden-shortcut check needs "
                             "hwtools/reach.py beside this notebook (download the "
                             f"homework folder again): {exc}") from exc
    forbidden = {'MultiheadAttention': 'nn.MultiheadAttention', 'multi_head_attention_forward': 'F.multi_head_attention_forward', 'scaled_dot_product_attention': 'F.scaled_dot_product_attention'}
    cells = live_cells(env)
    for name, attribute in [('MultiHeadSelfAttention', 'apply_causal_mask')]:
        names = reached_names(cells, name, attribute, set(['SelfAttention', 'compute_scores', 'forward']) - {name})
        found = sorted(names & forbidden.keys())
        assert not found, (f"q2_2: your answer uses {', '.join(forbidden[n] for n in found)}, "
                           "which this question does not allow; it scores 0 until it is written "
                           "without it")
