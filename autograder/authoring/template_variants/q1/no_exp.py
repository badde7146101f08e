# expect: wrong
# why: divides the shifted scores by their sum, without the exponential
def row_softmax(X):
    """The softmax of X over its last axis."""
    shifted = X - X.max(dim=-1, keepdim=True).values - 1
    return shifted / shifted.sum(dim=-1, keepdim=True)
