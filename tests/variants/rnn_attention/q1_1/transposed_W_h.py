# expect: wrong
# why: W_h applied transposed (h_prev @ W_h.T)
def rnn_step(x_t, h_prev, W_x, W_h, b):
    return torch.tanh(x_t @ W_x + h_prev @ W_h.T + b)
