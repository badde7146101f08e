# expect: wrong
# why: reshape without the permute: right shape, wrong elements
@d2l.add_to_class(MultiHeadAttention)
def transpose_qkv(self, X):
    return X.reshape(X.shape[0] * self.num_heads, X.shape[1], -1)
