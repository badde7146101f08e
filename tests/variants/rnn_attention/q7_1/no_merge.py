# expect: wrong
# why: stops after the permute: returns (batch_size, num_heads, num_steps, head_size) without merging
@d2l.add_to_class(MultiHeadAttention)
def transpose_qkv(self, X):
    X = X.reshape(X.shape[0], X.shape[1], self.num_heads, -1)
    return X.permute(0, 2, 1, 3)
