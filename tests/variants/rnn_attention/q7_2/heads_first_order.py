# expect: wrong
# why: not the inverse: reads the batch axis as heads first (reshape(num_heads, -1, ...))
@d2l.add_to_class(MultiHeadAttention)
def transpose_output(self, X):
    X = X.reshape(self.num_heads, -1, X.shape[1], X.shape[2])
    X = X.permute(1, 2, 0, 3)
    return X.reshape(X.shape[0], X.shape[1], -1)
