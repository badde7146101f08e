# expect: wrong
# why: a reshape straight to (B, num_heads, T, vec_length) without the transpose: right shape, wrong elements
@add_to_class(MultiHeadAttention)
def split_heads(self, x, vec_length):
    return x.reshape(x.shape[0], self.num_heads, x.shape[1], vec_length)
