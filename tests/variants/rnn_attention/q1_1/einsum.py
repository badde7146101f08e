# expect: correct
# why: torch.einsum for both products
def rnn_step(x_t, h_prev, W_x, W_h, b):
    return torch.tanh(torch.einsum("d,dh->h", x_t, W_x) + torch.einsum("k,kh->h", h_prev, W_h) + b)
