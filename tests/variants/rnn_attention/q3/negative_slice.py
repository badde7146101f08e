# expect: wrong
# why: masks the last (num_keys - valid length) entries with a negative slice, which masks the whole row when the row is full (-0 == 0)
def masked_softmax(X, valid_lens=None):
    def sequence_mask(X, valid_lens, value=0):
        Y = X.clone()
        n = Y.shape[1]
        for row in range(Y.shape[0]):
            Y[row, -(n - int(valid_lens[row])):] = value
        return Y

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
