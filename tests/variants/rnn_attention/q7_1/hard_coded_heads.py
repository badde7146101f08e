# expect: wrong
# why: hard-codes 3 heads from the public test
@d2l.add_to_class(MultiHeadAttention)
def transpose_qkv(self, X):
    X = X.reshape(X.shape[0], X.shape[1], 3, -1)
    X = X.permute(0, 2, 1, 3)
    return X.reshape(-1, X.shape[2], X.shape[3])
