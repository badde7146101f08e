# expect: wrong
# why: not the inverse: interleaves the heads' features (permute(0, 2, 3, 1))
@d2l.add_to_class(MultiHeadAttention)
def transpose_output(self, X):
    X = X.reshape(-1, self.num_heads, X.shape[1], X.shape[2])
    X = X.permute(0, 2, 3, 1)
    return X.reshape(X.shape[0], X.shape[1], -1)
