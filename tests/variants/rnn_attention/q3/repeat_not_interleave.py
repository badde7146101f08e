# expect: wrong
# why: rewrites the given line with repeat instead of repeat_interleave for 1-D valid_lens (the lengths cycle over the examples)
def masked_softmax(X, valid_lens=None):
    def sequence_mask(X, valid_lens, value=0):
        keep = torch.arange(X.shape[1])[None, :] < valid_lens[:, None]
        return torch.where(keep, X, torch.full_like(X, value))

    if valid_lens is None:
        return F.softmax(X, dim=-1)
    else:
        shape = X.shape
        if valid_lens.dim() == 1:
            valid_lens = valid_lens.repeat(shape[1])
        else:
            valid_lens = valid_lens.reshape(-1)
        X = sequence_mask(X.reshape(-1, shape[-1]), valid_lens, value=-1e6)
        return F.softmax(X.reshape(shape), dim=-1)
