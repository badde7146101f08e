# Generated from notebooks/transformer_mha/transformer_mha.ipynb by `python -m autograder build transformer_mha`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q3_3"
points = 6

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_combine_heads_shape(MultiHeadAttention):
    import torch
    mha = MultiHeadAttention(num_heads=2, embedding_dim=8, qk_length=3, value_length=5)
    out = mha.combine_heads(torch.randn(4, 2, 7, 5))
    assert tuple(out.shape) == (4, 7, 10), f'expected shape (4, 7, 10), got {tuple(out.shape)}'
    x = torch.arange(4 * 2 * 7 * 5, dtype=torch.float32).reshape(4, 2, 7, 5)
    out = mha.combine_heads(x)
    assert torch.equal(out[..., 5:10], x[:, 1]), 'combine_heads: out[..., 5:10] should be head 1'



@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_no_forbidden_shortcut(env):
    try:
        from hwtools.reach import live_cells, reached_names
    except ImportError as exc:
        raise AssertionError("q3_3: the forbidden-shortcut check needs "
                             "hwtools/reach.py beside this notebook (download the "
                             f"homework folder again): {exc}") from exc
    forbidden = {'MultiheadAttention': 'nn.MultiheadAttention', 'multi_head_attention_forward': 'F.multi_head_attention_forward', 'scaled_dot_product_attention': 'F.scaled_dot_product_attention'}
    cells = live_cells(env)
    for name, attribute in [('MultiHeadAttention', 'combine_heads')]:
        names = reached_names(cells, name, attribute, set(['MultiHeadAttention', 'forward', 'scaled_attention', 'split_heads']) - {name})
        found = sorted(names & forbidden.keys())
        assert not found, (f"q3_3: your answer uses {', '.join(forbidden[n] for n in found)}, "
                           "which this question does not allow; it scores 0 until it is written "
                           "without it")
