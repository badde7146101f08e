# expect: wrong
# why: non-inverse: reshapes straight back to (batch_size, num_steps, num_hiddens) without the permute
@d2l.add_to_class(MultiHeadAttention)
def transpose_output(self, X):
    return X.reshape(-1, X.shape[1], self.num_heads * X.shape[2])
