# expect: wrong
# why: bias dropped
def rnn_step(x_t, h_prev, W_x, W_h, b):
    return torch.tanh(x_t @ W_x + h_prev @ W_h)
