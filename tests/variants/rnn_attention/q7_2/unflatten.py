# expect: correct
# why: unflatten the batch axis, movedim, flatten the last two axes
@d2l.add_to_class(MultiHeadAttention)
def transpose_output(self, X):
    X = X.unflatten(0, (-1, self.num_heads))
    return torch.movedim(X, 1, 2).flatten(2)
