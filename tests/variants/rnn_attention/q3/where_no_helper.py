# expect: correct
# why: no inner helper: one torch.where on the 3-D scores with the lengths broadcast over the keys
def masked_softmax(X, valid_lens=None):
    if valid_lens is None:
        return torch.softmax(X, dim=-1)
    lens = valid_lens[:, None, None] if valid_lens.dim() == 1 else valid_lens[:, :, None]
    keep = torch.arange(X.shape[-1], device=X.device) < lens
    return torch.softmax(torch.where(keep, X, torch.full_like(X, -1e6)), dim=-1)
