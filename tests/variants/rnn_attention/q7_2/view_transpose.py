# expect: correct
# why: view and transpose(1, 2), then contiguous().view
@d2l.add_to_class(MultiHeadAttention)
def transpose_output(self, X):
    bh, num_steps, size = X.shape
    X = X.view(bh // self.num_heads, self.num_heads, num_steps, size).transpose(1, 2)
    return X.contiguous().view(bh // self.num_heads, num_steps, self.num_heads * size)
