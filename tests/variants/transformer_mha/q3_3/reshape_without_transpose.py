# expect: wrong
# why: reshapes (B, num_heads, T, vec_length) straight to (B, T, -1) without moving the head axis: right shape, wrong elements
@add_to_class(MultiHeadAttention)
def combine_heads(self, x):
    return x.reshape(x.shape[0], x.shape[2], -1)
