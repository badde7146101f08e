# Generated from notebooks/transformer_mha/transformer_mha.ipynb by `python -m autograder build transformer_mha`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q3_5"
points = 10

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_forward_shape(MultiHeadAttention):
    import torch
    mha = MultiHeadAttention(num_heads=2, embedding_dim=8, qk_length=3, value_length=5)
    x = torch.randn(4, 6, 8)
    out = mha(x, x, x)
    assert tuple(out.shape) == (4, 6, 8), f'expected shape (4, 6, 8), got {tuple(out.shape)}'
    kv = torch.randn(4, 7, 8)
    with torch.no_grad():
        mha.W_q.weight.zero_()
        if mha.W_q.bias is not None:
            mha.W_q.bias.zero_()
        out = mha(x, kv, kv)
        expected = mha.W_o(mha.W_v(kv).mean(dim=1, keepdim=True)).expand(4, 6, 8)
    assert torch.allclose(out, expected, atol=1e-05), 'with all-zero queries the output should be W_o of the mean of the values'



@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_no_forbidden_shortcut(env):
    try:
        from hwtools.reach import live_cells, reached_names
    except ImportError as exc:
        raise AssertionError("q3_5: the forbidden-shortcut check needs "
                             "hwtools/reach.py beside this notebook (download the "
                             f"homework folder again): {exc}") from exc
    forbidden = {'MultiheadAttention': 'nn.MultiheadAttention', 'multi_head_attention_forward': 'F.multi_head_attention_forward', 'scaled_dot_product_attention': 'F.scaled_dot_product_attention'}
    cells = live_cells(env)
    for name, attribute in [('MultiHeadAttention', 'forward')]:
        names = reached_names(cells, name, attribute, set(['MultiHeadAttention', 'combine_heads', 'scaled_attention', 'split_heads']) - {name})
        found = sorted(names & forbidden.keys())
        assert not found, (f"q3_5: your answer uses {', '.join(forbidden[n] for n in found)}, "
                           "which this question does not allow; it scores 0 until it is written "
                           "without it")
