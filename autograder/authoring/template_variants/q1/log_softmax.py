# expect: wrong
# why: returns the log of the softmax
def row_softmax(X):
    """The softmax of X over its last axis."""
    return X - torch.logsumexp(X, dim=-1, keepdim=True)
