# expect: wrong
# why: uses self.qk_length for every split, so values (value_length) are cut wrongly
@add_to_class(MultiHeadAttention)
def split_heads(self, x, vec_length):
    B, T, _ = x.shape
    return x.reshape(B, T, self.num_heads, self.qk_length).transpose(1, 2)
