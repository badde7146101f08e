# expect: wrong
# why: hard-codes the 2 heads of the public check instead of self.num_heads
@add_to_class(MultiHeadAttention)
def split_heads(self, x, vec_length):
    B, T, _ = x.shape
    return x.reshape(B, T, 2, -1).transpose(1, 2)
