# Generated from notebooks/transformer_mha/transformer_mha.ipynb by `python -m autograder build transformer_mha`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q3_1"
points = 4

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_projection_shapes(MultiHeadAttention):
    import torch
    mha = MultiHeadAttention(num_heads=2, embedding_dim=8, qk_length=3, value_length=5)
    for name in ('W_q', 'W_k', 'W_v', 'W_o'):
        layer = getattr(mha, name, None)
        assert isinstance(layer, torch.nn.Linear), f'self.{name} should be an nn.Linear'
        assert layer.bias is not None, f'self.{name} should keep its default bias'
    count = sum((p.numel() for p in mha.parameters()))
    assert count == 286, f'num_heads=2, embedding_dim=8, qk_length=3, value_length=5: expected 286 parameters, got {count}'



@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_no_forbidden_shortcut(env):
    try:
        from hwtools.reach import live_cells, reached_names
    except ImportError as exc:
        raise AssertionError("q3_1: the forbidden-shortcut check needs "
                             "hwtools/reach.py beside this notebook (download the "
                             f"homework folder again): {exc}") from exc
    forbidden = {'MultiheadAttention': 'nn.MultiheadAttention', 'multi_head_attention_forward': 'F.multi_head_attention_forward', 'scaled_dot_product_attention': 'F.scaled_dot_product_attention'}
    cells = live_cells(env)
    for name, attribute in [('MultiHeadAttention', None)]:
        names = reached_names(cells, name, attribute, set(['combine_heads', 'forward', 'scaled_attention', 'split_heads']) - {name})
        found = sorted(names & forbidden.keys())
        assert not found, (f"q3_1: your answer uses {', '.join(forbidden[n] for n in found)}, "
                           "which this question does not allow; it scores 0 until it is written "
                           "without it")
