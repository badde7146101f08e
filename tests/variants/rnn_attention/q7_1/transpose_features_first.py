# expect: correct
# why: transposes steps and features, reshapes to head blocks, transposes back
@d2l.add_to_class(MultiHeadAttention)
def transpose_qkv(self, X):
    batch_size, num_steps, num_hiddens = X.shape
    Y = X.transpose(1, 2).reshape(batch_size * self.num_heads, num_hiddens // self.num_heads, num_steps)
    return Y.transpose(1, 2)
