# expect: correct
# why: masks the scores with -inf instead of -1e6 (changes the given line): the weights agree wherever the valid length is at least 1; a valid length 0 (an all-padding row) gives NaN here and uniform weights in the key, and the handout defines no weights for such a row, so it is not graded
def masked_softmax(X, valid_lens=None):
    def sequence_mask(X, valid_lens, value=0):
        keep = torch.arange(X.shape[1], device=X.device)[None, :] < valid_lens[:, None]
        return torch.where(keep, X, torch.as_tensor(value, dtype=X.dtype))

    if valid_lens is None:
        return F.softmax(X, dim=-1)
    else:
        shape = X.shape
        if valid_lens.dim() == 1:
            valid_lens = torch.repeat_interleave(valid_lens, shape[1])
        else:
            valid_lens = valid_lens.reshape(-1)
        X = sequence_mask(X.reshape(-1, shape[-1]), valid_lens, value=float("-inf"))
        return F.softmax(X.reshape(shape), dim=-1)
