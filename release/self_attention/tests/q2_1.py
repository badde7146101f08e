# Generated from notebooks/self_attention/self_attention.ipynb by `python -m autograder build self_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q2_1"
points = 20

@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_self_attention_shapes(SelfAttention):
    import torch
    attention = SelfAttention(d_model=4)
    out, sc = attention(torch.randn(2, 3, 4))
    assert tuple(out.shape) == (2, 3, 4), f'output: expected shape (2, 3, 4), got {tuple(out.shape)}'
    assert tuple(sc.shape) == (2, 3, 3), f'scores: expected shape (2, 3, 3), got {tuple(sc.shape)}'
    x = torch.randn(2, 3, 4)
    with torch.no_grad():
        attention.W_q.weight.zero_()
        if attention.W_q.bias is not None:
            attention.W_q.bias.zero_()
        out, sc = attention(x)
        expected = attention.W_v(x).mean(dim=1, keepdim=True).expand(2, 3, 4)
    assert torch.allclose(sc, torch.zeros(2, 3, 3), atol=1e-06), 'scores: with all-zero queries every score should be 0'
    assert torch.allclose(out, expected, atol=1e-05), 'output: with all-zero queries it should be the mean of the values'
    x = torch.tensor([[[1.0, 0.0, 0.0, 0.0], [0.0, 2.0, 0.0, 0.0], [1.0, 1.0, 0.0, 0.0]]])
    with torch.no_grad():
        for layer in (attention.W_q, attention.W_k, attention.W_v):
            layer.weight.copy_(torch.eye(4))
            if layer.bias is not None:
                layer.bias.zero_()
        out, sc = attention(x)
    known_scores = torch.tensor([[[1.0, 0.0, 1.0], [0.0, 4.0, 2.0], [1.0, 2.0, 2.0]]])
    known_output = torch.tensor([[[0.8446, 0.733, 0.0, 0.0], [0.1332, 1.8509, 0.0, 0.0], [0.5777, 1.267, 0.0, 0.0]]])
    assert torch.allclose(sc, known_scores, atol=0.0001), f'scores of the identity example: expected {known_scores}, got {sc}'
    assert torch.allclose(out, known_output, atol=0.001), f'output of the identity example: expected {known_output}, got {out}'



@test_case(points=None, hidden=False, success_message='public checks only: hidden tests decide the points', failure_message='public checks only: hidden tests decide the points')
def test_no_forbidden_shortcut(env):
    try:
        from hwtools.reach import live_cells, reached_names
    except ImportError as exc:
        raise AssertionError("q2_1: the forbidden-shortcut check needs "
                             "hwtools/reach.py beside this notebook (download the "
                             f"homework folder again): {exc}") from exc
    forbidden = {'MultiheadAttention': 'nn.MultiheadAttention', 'math': 'math', 'np': 'np', 'numpy': 'numpy', 'scaled_dot_product_attention': 'F.scaled_dot_product_attention'}
    cells = live_cells(env)
    for name, attribute in [('SelfAttention', None)]:
        names = reached_names(cells, name, attribute, set(['run_demo']) - {name})
        found = sorted(names & forbidden.keys())
        assert not found, (f"q2_1: your answer uses {', '.join(forbidden[n] for n in found)}, "
                           "which this question does not allow; it scores 0 until it is written "
                           "without it")
