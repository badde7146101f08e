# Generated from notebooks/mhsa_causal/mhsa_causal.ipynb by `python -m autograder build mhsa_causal`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q2_3"
points = 2

@test_case(points=None, hidden=False)
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

@test_case(points=1, hidden=True)
def test_forward_without_mask_and_dropout(env):
    import torch
    from _hwkit import assert_close, assert_shape, graded, seeded
    MHSA, ref = graded(env, 'q2_3', 'MultiHeadSelfAttention', attribute='forward')
    with seeded(41):
        model = ref.MultiHeadSelfAttention(input_size=7, hidden=9, num_heads=3).eval()
        x = torch.randn(3, 5, 7)
    result = MHSA.forward(model, x, return_attention=True)
    expected = ref.MultiHeadSelfAttention.forward(model, x, return_attention=True)
    assert_shape(result[1], (9, 5, 5), 'probabilities returned with return_attention=True')
    assert_close(result, expected, '(att, probs) without causal masking, 3 heads')
    with seeded(43):
        model = ref.MultiHeadSelfAttention(input_size=5, hidden=6, num_heads=3, dropout=0.5).double().train()
        x = torch.randn(4, 2, 5, dtype=torch.float64)
    with seeded(44):
        result = MHSA.forward(model, x, return_attention=True)
    with torch.no_grad():
        scores, values = ref.MultiHeadSelfAttention.compute_scores(model, x)
        probs = torch.softmax(scores, dim=-1)
        keep = torch.tensor([[0.0, 0.0], [0.0, 2.0], [2.0, 0.0], [2.0, 2.0]], dtype=torch.float64)
        candidates = keep[:, None, None, None, :] * probs @ values
        mixed = (result[0] - model.mix.bias).reshape(-1, 6)
        merged = torch.linalg.solve(model.mix.weight, mixed.T).T
        heads = merged.reshape(4, 2, 3, 2).transpose(1, 2)
        distance = (heads - candidates).abs().amax(dim=-1).amin(dim=0)
    assert_close(distance, torch.zeros(4, 3, 2, dtype=torch.float64), 'att in training mode with dropout=0.5 (dropout on the probabilities only)')

@test_case(points=1, hidden=True)
def test_forward_causal_eval_mode(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    MHSA, ref = graded(env, 'q2_3', 'MultiHeadSelfAttention', attribute='forward')
    with seeded(42):
        model = ref.MultiHeadSelfAttention(input_size=6, hidden=8, num_heads=4, causal=True, dropout=0.5).eval()
        x = torch.randn(2, 6, 6)
    assert_close(MHSA.forward(model, x), ref.MultiHeadSelfAttention.forward(model, x), 'att with causal masking, 4 heads, in eval mode (dropout off)')
    probs = MHSA.forward(model, x, return_attention=True)[1]
    assert_close(probs, ref.MultiHeadSelfAttention.forward(model, x, return_attention=True)[1], 'causal probabilities, [batch_size * num_heads, seq_len, seq_len]')

