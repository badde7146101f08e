# expect: wrong
# why: no shift by the maximum: large inputs overflow to nan
def row_softmax(X):
    """The softmax of X over its last axis."""
    exp = torch.exp(X)
    return exp / exp.sum(dim=-1, keepdim=True)
