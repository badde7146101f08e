# expect: correct
# why: no inner helper: exponentiates, zeroes the padding and normalises each row by hand
def masked_softmax(X, valid_lens=None):
    E = torch.exp(X - X.amax(dim=-1, keepdim=True))
    if valid_lens is not None:
        lens = valid_lens[:, None, None] if valid_lens.dim() == 1 else valid_lens[:, :, None]
        E = E * (torch.arange(X.shape[-1], device=X.device) < lens).to(X.dtype)
    return E / E.sum(dim=-1, keepdim=True)
