# expect: wrong
# why: takes the softmax of the unmasked scores and zeroes the padding afterwards, without renormalising
def masked_softmax(X, valid_lens=None):
    def sequence_mask(X, valid_lens, value=0):
        keep = torch.arange(X.shape[1])[None, :] < valid_lens[:, None]
        return torch.where(keep, X, torch.full_like(X, value))

    if valid_lens is None:
        return F.softmax(X, dim=-1)
    else:
        shape = X.shape
        if valid_lens.dim() == 1:
            valid_lens = torch.repeat_interleave(valid_lens, shape[1])
        else:
            valid_lens = valid_lens.reshape(-1)
        P = F.softmax(X, dim=-1).reshape(-1, shape[-1])
        return sequence_mask(P, valid_lens, value=0).reshape(shape)
