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

@test_case(points=1, hidden=True)
def test_forward_without_mask(env):
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

