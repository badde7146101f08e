# expect: wrong
# why: no inner helper, and casts the scores to float32 (float64 scores come back as float32)
def masked_softmax(X, valid_lens=None):
    X = X.float()
    E = torch.exp(X - X.amax(dim=-1, keepdim=True))
    if valid_lens is not None:
        lens = valid_lens[:, None, None] if valid_lens.dim() == 1 else valid_lens[:, :, None]
        E = E * (torch.arange(X.shape[-1], device=X.device) < lens).float()
    return E / E.sum(dim=-1, keepdim=True)
