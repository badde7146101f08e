# expect: wrong
# why: transposes steps and features first, then reshapes to (B, num_heads, T, vec_length): right shape, wrong elements
@add_to_class(MultiHeadAttention)
def split_heads(self, x, vec_length):
    B, T, _ = x.shape
    return x.transpose(1, 2).reshape(B, self.num_heads, T, vec_length)
