# expect: wrong
# why: normalises over the first axis instead of the last
def row_softmax(X):
    """The softmax of X over its last axis."""
    exp = torch.exp(X - X.max(dim=0, keepdim=True).values)
    return exp / exp.sum(dim=0, keepdim=True)
