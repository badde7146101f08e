# Generated from notebooks/transformer_mha/transformer_mha.ipynb by `python -m autograder build transformer_mha`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q3_4"
points = 8

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_attention_shapes(MultiHeadAttention):
    import torch
    mha = MultiHeadAttention(num_heads=2, embedding_dim=8, qk_length=3, value_length=5)
    out, w = mha.scaled_attention(torch.randn(4, 2, 6, 3), torch.randn(4, 2, 7, 3), torch.randn(4, 2, 7, 5))
    assert tuple(out.shape) == (4, 2, 6, 5), f'output: expected shape (4, 2, 6, 5), got {tuple(out.shape)}'
    assert tuple(w.shape) == (4, 2, 6, 7), f'weights: expected shape (4, 2, 6, 7), got {tuple(w.shape)}'
    V = torch.randn(1, 2, 7, 5)
    out, w = mha.scaled_attention(torch.zeros(1, 2, 6, 3), torch.randn(1, 2, 7, 3), V)
    assert torch.allclose(w, torch.full((1, 2, 6, 7), 1 / 7), atol=1e-06), 'weights: all-zero queries should weigh the 7 keys equally'
    assert torch.allclose(out, V.mean(dim=2, keepdim=True).expand(1, 2, 6, 5), atol=1e-05), 'output: expected the mean of the values'



@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_no_forbidden_shortcut(env):
    try:
        from hwtools.reach import live_cells, reached_names
    except ImportError as exc:
        raise AssertionError("q3_4: the forbidden-shortcut check needs "
                             "hwtools/reach.py beside this notebook (download the "
                             f"homework folder again): {exc}") from exc
    forbidden = {'MultiheadAttention': 'nn.MultiheadAttention', 'multi_head_attention_forward': 'F.multi_head_attention_forward', 'scaled_dot_product_attention': 'F.scaled_dot_product_attention'}
    cells = live_cells(env)
    for name, attribute in [('MultiHeadAttention', 'scaled_attention')]:
        names = reached_names(cells, name, attribute, set(['MultiHeadAttention', 'combine_heads', 'forward', 'split_heads']) - {name})
        found = sorted(names & forbidden.keys())
        assert not found, (f"q3_4: your answer uses {', '.join(forbidden[n] for n in found)}, "
                           "which this question does not allow; it scores 0 until it is written "
                           "without it")
