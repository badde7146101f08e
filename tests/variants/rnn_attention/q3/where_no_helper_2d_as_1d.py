# expect: wrong
# why: no inner helper, and 2-D valid_lens are read as one length per sequence (the first query's)
def masked_softmax(X, valid_lens=None):
    if valid_lens is None:
        return torch.softmax(X, dim=-1)
    lens = valid_lens if valid_lens.dim() == 1 else valid_lens[:, 0]
    keep = torch.arange(X.shape[-1], device=X.device) < lens[:, None, None]
    return torch.softmax(torch.where(keep, X, torch.full_like(X, -1e6)), dim=-1)
