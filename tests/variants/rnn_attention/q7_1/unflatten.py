# expect: correct
# why: unflatten the features, movedim the head axis, flatten batch and heads
@d2l.add_to_class(MultiHeadAttention)
def transpose_qkv(self, X):
    X = X.unflatten(-1, (self.num_heads, -1))
    return torch.movedim(X, 2, 1).flatten(0, 1)
