# expect: wrong
# why: reshape to (B, T, vec_length, num_heads): head i gets every num_heads-th feature, not block i
@add_to_class(MultiHeadAttention)
def split_heads(self, x, vec_length):
    B, T, _ = x.shape
    x = x.reshape(B, T, vec_length, self.num_heads)
    return x.permute(0, 3, 1, 2)
