# expect: wrong
# why: right numbers, but uses torch.softmax, which the question does not allow
def row_softmax(X):
    """The softmax of X over its last axis."""
    return torch.softmax(X, dim=-1)
