# expect: correct
# why: unbinds the head axis and concatenates the heads along the features
@d2l.add_to_class(MultiHeadAttention)
def transpose_output(self, X):
    X = X.reshape(-1, self.num_heads, X.shape[1], X.shape[2])
    return torch.cat(X.unbind(1), dim=-1)
