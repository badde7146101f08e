# expect: wrong
# why: puts the heads before the examples: permute(2, 0, 1, 3), head 0 of every example first
@d2l.add_to_class(MultiHeadAttention)
def transpose_qkv(self, X):
    X = X.reshape(X.shape[0], X.shape[1], self.num_heads, -1)
    X = X.permute(2, 0, 1, 3)
    return X.reshape(-1, X.shape[2], X.shape[3])
