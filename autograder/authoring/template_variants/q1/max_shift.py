# expect: correct
# why: the key's own answer, written with amax
def row_softmax(X):
    """The softmax of X over its last axis."""
    exp = torch.exp(X - X.amax(dim=-1, keepdim=True))
    return exp / exp.sum(dim=-1, keepdim=True)
