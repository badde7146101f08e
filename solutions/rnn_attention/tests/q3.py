# Generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.
from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 15

@test_case(points=None, hidden=False)
def test_masked_softmax_zeros_padding(masked_softmax):
    import torch
    P = masked_softmax(torch.rand(3, 1, 4), torch.tensor([4, 2, 3]))
    assert tuple(P.shape) == (3, 1, 4), f'expected shape (3, 1, 4), got {tuple(P.shape)}'
    assert float(P[1, 0, 2:].abs().sum()) == 0.0, 'positions beyond the valid length must get weight 0'
    assert torch.allclose(P.sum(dim=-1), torch.ones(3, 1)), 'each row of weights must sum to 1'

@test_case(points=4, hidden=True)
def test_sequence_mask_large_negative(env):
    import torch
    from _hwkit import assert_close, graded, inner_function, nested_function, seeded
    masked_softmax, ref = graded(env, 'q3', 'masked_softmax')
    sequence_mask = inner_function(masked_softmax, 'sequence_mask')
    with seeded(51):
        X = torch.randn(6, 5)
    if sequence_mask is not None:
        valid_lens = torch.tensor([0, 1, 2, 3, 4, 5])
        expected = nested_function(ref.masked_softmax, 'sequence_mask')(X.clone(), valid_lens, value=-1000000.0)
        assert_close(sequence_mask(X.clone(), valid_lens, value=-1000000.0), expected, 'sequence_mask(X, valid_lens, value=-1e6) with valid lengths 0 to 5')
    else:
        valid_lens = torch.tensor([1, 2, 3, 4, 5, 3])
        expected = ref.masked_softmax(X.clone().reshape(6, 1, 5), valid_lens)
        assert_close(masked_softmax(X.clone().reshape(6, 1, 5), valid_lens), expected, 'masked_softmax with valid lengths 1 to 5 (the masking with -1e6)')

@test_case(points=2, hidden=True)
def test_sequence_mask_zero_value(env):
    import torch
    from _hwkit import assert_close, graded, inner_function, seeded
    masked_softmax, ref = graded(env, 'q3', 'masked_softmax')
    sequence_mask = inner_function(masked_softmax, 'sequence_mask')
    if sequence_mask is not None:
        with seeded(52):
            X = torch.rand(4, 3) + 1.0
        valid_lens = torch.tensor([3, 1, 2, 0])
        expected = X * (torch.arange(3)[None, :] < valid_lens[:, None])
        assert_close(sequence_mask(X.clone(), valid_lens, value=0), expected, 'sequence_mask(X, valid_lens, value=0)')
    else:
        with seeded(52):
            X = torch.rand(4, 3, 3) + 1.0
        valid_lens = torch.tensor([[3, 1, 2], [1, 2, 3], [2, 2, 1], [3, 3, 3]])
        expected = ref.masked_softmax(X.clone(), valid_lens)
        assert_close(masked_softmax(X.clone(), valid_lens), expected, 'masked_softmax with one valid length per query (2-D valid_lens)')

@test_case(points=2, hidden=True)
def test_sequence_mask_float64_and_other_value(env):
    import torch
    from _hwkit import assert_close, assert_dtype, graded, inner_function, nested_function, seeded
    masked_softmax, ref = graded(env, 'q3', 'masked_softmax')
    sequence_mask = inner_function(masked_softmax, 'sequence_mask')
    with seeded(53):
        X = torch.randn(5, 7, dtype=torch.float64)
    valid_lens = torch.tensor([7, 2, 5, 1, 6])
    if sequence_mask is not None:
        expected = nested_function(ref.masked_softmax, 'sequence_mask')(X.clone(), valid_lens, value=-7.5)
        Y = sequence_mask(X.clone(), valid_lens, value=-7.5)
        assert_close(Y, expected, 'sequence_mask on float64 input with value=-7.5')
        assert_dtype(Y, torch.float64, 'sequence_mask on float64 input')
    else:
        expected = ref.masked_softmax(X.clone().reshape(5, 1, 7), valid_lens)
        P = masked_softmax(X.clone().reshape(5, 1, 7), valid_lens)
        assert_close(P, expected, 'masked_softmax on float64 input')
        assert_dtype(P, torch.float64, 'masked_softmax on float64 input')

@test_case(points=2, hidden=True)
def test_sequence_mask_full_length(env):
    import torch
    from _hwkit import assert_close, graded, inner_function, seeded
    masked_softmax, ref = graded(env, 'q3', 'masked_softmax')
    sequence_mask = inner_function(masked_softmax, 'sequence_mask')
    with seeded(54):
        X = torch.randn(3, 4)
    if sequence_mask is not None:
        assert_close(sequence_mask(X.clone(), torch.tensor([4, 4, 4]), value=-1000000.0), X, 'sequence_mask when every position is valid')
    else:
        assert_close(masked_softmax(X.clone().reshape(3, 1, 4), torch.tensor([4, 4, 4])), torch.softmax(X.reshape(3, 1, 4), dim=-1), 'masked_softmax when every position is valid')

@test_case(points=2, hidden=True)
def test_masked_softmax_without_valid_lens(env):
    import torch
    from _hwkit import assert_close, graded, seeded
    masked_softmax, ref = graded(env, 'q3', 'masked_softmax')
    with seeded(55):
        X = torch.randn(2, 3, 4)
    assert_close(masked_softmax(X.clone(), None), ref.masked_softmax(X.clone(), None), 'masked_softmax(X, None)')

@test_case(points=3, hidden=True)
def test_masked_softmax_reshape_and_softmax(env):
    import torch
    from _hwkit import assert_close, graded, inner_function, seeded, with_nested
    masked_softmax, ref = graded(env, 'q3', 'masked_softmax')

    def sequence_mask(X, valid_lens, value=0):
        import torch
        keep = torch.arange(X.shape[1])[None, :] < valid_lens[:, None]
        return torch.where(keep, X, torch.full_like(X, value))
    isolated = masked_softmax
    if inner_function(masked_softmax, 'sequence_mask') is not None:
        isolated = with_nested(masked_softmax, 'sequence_mask', sequence_mask)
    with seeded(56):
        X = torch.randn(3, 2, 5)
    lens_1d = torch.tensor([5, 2, 3])
    lens_2d = torch.tensor([[1, 5], [2, 4], [3, 3]])
    assert_close(isolated(X.clone(), lens_1d), ref.masked_softmax(X.clone(), lens_1d), 'masked_softmax with 1-D valid_lens')
    assert_close(isolated(X.clone(), lens_2d), ref.masked_softmax(X.clone(), lens_2d), 'masked_softmax with 2-D valid_lens')

