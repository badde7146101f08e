# expect: wrong
# why: additive mask X + log(mask): fills -inf whatever value is asked for
def masked_softmax(X, valid_lens=None):
    def sequence_mask(X, valid_lens, value=0):
        keep = torch.arange(X.shape[1])[None, :] < valid_lens[:, None]
        return X + torch.log(keep.to(X.dtype))

    if valid_lens is None:
        return F.softmax(X, dim=-1)
    else:
        shape = X.shape
        if valid_lens.dim() == 1:
            valid_lens = torch.repeat_interleave(valid_lens, shape[1])
        else:
            valid_lens = valid_lens.reshape(-1)
        X = sequence_mask(X.reshape(-1, shape[-1]), valid_lens, value=-1e6)
        return F.softmax(X.reshape(shape), dim=-1)
