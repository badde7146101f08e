# Generated from notebooks/mhsa_causal/mhsa_causal.ipynb by `python -m autograder build mhsa_causal`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q2_3"
points = 2

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_forward_shapes(MultiHeadSelfAttention):
    import torch
    model = MultiHeadSelfAttention(input_size=7, hidden=9, num_heads=3)
    att, probs = model(torch.randn(2, 5, 7), return_attention=True)
    assert tuple(att.shape) == (2, 5, 9), f'att: expected shape (2, 5, 9), got {tuple(att.shape)}'
    assert tuple(probs.shape) == (6, 5, 5), f'probs: expected shape (6, 5, 5), got {tuple(probs.shape)}'
    x = torch.randn(2, 5, 7)
    with torch.no_grad():
        model.q.weight.zero_()
        if model.q.bias is not None:
            model.q.bias.zero_()
        att, probs = model(x, return_attention=True)
        expected = model.mix(model.v(x).mean(dim=1, keepdim=True)).expand(2, 5, 9)
    assert torch.allclose(probs, torch.full((6, 5, 5), 0.2), atol=1e-06), 'probs: with all-zero queries every key should get 1/5'
    assert torch.allclose(att, expected, atol=1e-05), 'att: with all-zero queries it should be mix of the mean of the values'



@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_no_forbidden_shortcut(env):
    try:
        from hwtools.reach import live_cells, reached_names
    except ImportError as exc:
        raise AssertionError("q2_3: the forbidden-shortcut check needs "
                             "hwtools/reach.py beside this notebook (download the "
                             f"homework folder again): {exc}") from exc
    forbidden = {'MultiheadAttention': 'nn.MultiheadAttention', 'multi_head_attention_forward': 'F.multi_head_attention_forward', 'scaled_dot_product_attention': 'F.scaled_dot_product_attention'}
    cells = live_cells(env)
    for name, attribute in [('MultiHeadSelfAttention', 'forward')]:
        names = reached_names(cells, name, attribute, set(['SelfAttention', 'apply_causal_mask', 'compute_scores', 'forward']) - {name})
        found = sorted(names & forbidden.keys())
        assert not found, (f"q2_3: your answer uses {', '.join(forbidden[n] for n in found)}, "
                           "which this question does not allow; it scores 0 until it is written "
                           "without it")
