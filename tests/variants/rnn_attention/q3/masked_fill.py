# expect: correct
# why: masked_fill with the inverted mask; view instead of reshape for the result
def masked_softmax(X, valid_lens=None):
    def sequence_mask(X, valid_lens, value=0):
        mask = torch.arange(X.shape[1], device=X.device).unsqueeze(0) >= valid_lens.unsqueeze(1)
        return X.masked_fill(mask, value)

    if valid_lens is None:
        return torch.softmax(X, dim=-1)
    else:
        shape = X.shape
        if valid_lens.dim() == 1:
            valid_lens = torch.repeat_interleave(valid_lens, shape[1])
        else:
            valid_lens = valid_lens.reshape(-1)
        X = sequence_mask(X.reshape(-1, shape[-1]), valid_lens, value=-1e6)
        return torch.softmax(X.view(shape), dim=-1)
