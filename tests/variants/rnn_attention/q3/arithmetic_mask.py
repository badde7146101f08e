# expect: correct
# why: arithmetic mask (X * keep + value * ~keep) and a softmax written out with exp, max and sum
def masked_softmax(X, valid_lens=None):
    def sequence_mask(X, valid_lens, value=0):
        keep = torch.arange(X.size(1))[None, :] < valid_lens[:, None]
        return X * keep + value * (~keep)

    if valid_lens is None:
        E = torch.exp(X - X.amax(dim=-1, keepdim=True))
        return E / E.sum(dim=-1, keepdim=True)
    else:
        shape = X.shape
        if valid_lens.dim() == 1:
            valid_lens = torch.repeat_interleave(valid_lens, shape[1])
        else:
            valid_lens = valid_lens.reshape(-1)
        X = sequence_mask(X.reshape(-1, shape[-1]), valid_lens, value=-1e6)
        X = X.reshape(shape)
        E = torch.exp(X - X.amax(dim=-1, keepdim=True))
        return E / E.sum(dim=-1, keepdim=True)
