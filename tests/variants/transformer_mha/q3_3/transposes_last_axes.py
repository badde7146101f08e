# expect: wrong
# why: transpose(2, 3) instead of (1, 2), then a reshape to (B, T, -1): right shape, wrong elements
@add_to_class(MultiHeadAttention)
def combine_heads(self, x):
    B, _, T, _ = x.shape
    return x.transpose(2, 3).reshape(B, T, -1)
