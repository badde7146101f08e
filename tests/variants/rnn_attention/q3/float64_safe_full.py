# expect: correct
# why: fills a torch.full of X's dtype and device, then copies the kept entries (boolean indexing)
def masked_softmax(X, valid_lens=None):
    def sequence_mask(X, valid_lens, value=0):
        keep = torch.arange(X.shape[1])[None, :] < valid_lens[:, None]
        Y = torch.full(X.shape, value, dtype=X.dtype, device=X.device)
        Y[keep] = X[keep]
        return Y

    if valid_lens is None:
        return nn.functional.softmax(X, dim=2)
    else:
        shape = X.shape
        if valid_lens.dim() == 1:
            valid_lens = torch.repeat_interleave(valid_lens, shape[1])
        else:
            valid_lens = valid_lens.reshape(-1)
        X = sequence_mask(X.reshape(-1, shape[-1]), valid_lens, value=-1e6)
        return nn.functional.softmax(X.reshape(shape), dim=2)
