# expect: wrong
# why: stops after the permute: returns (batch_size, num_steps, num_heads, head_size)
@d2l.add_to_class(MultiHeadAttention)
def transpose_output(self, X):
    X = X.reshape(-1, self.num_heads, X.shape[1], X.shape[2])
    return X.permute(0, 2, 1, 3)
