# expect: wrong
# why: interleaved split: head j gets every num_heads-th feature instead of the j-th block
@d2l.add_to_class(MultiHeadAttention)
def transpose_qkv(self, X):
    X = X.reshape(X.shape[0], X.shape[1], -1, self.num_heads)
    X = X.permute(0, 3, 1, 2)
    return X.reshape(-1, X.shape[2], X.shape[3])
