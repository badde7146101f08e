# expect: correct
# why: view and transpose(1, 2), then contiguous().view
@d2l.add_to_class(MultiHeadAttention)
def transpose_qkv(self, X):
    batch_size, num_steps, num_hiddens = X.shape
    X = X.view(batch_size, num_steps, self.num_heads, num_hiddens // self.num_heads).transpose(1, 2)
    return X.contiguous().view(batch_size * self.num_heads, num_steps, -1)
