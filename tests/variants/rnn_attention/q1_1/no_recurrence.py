# expect: wrong
# why: the previous hidden state is ignored
def rnn_step(x_t, h_prev, W_x, W_h, b):
    return torch.tanh(x_t @ W_x + b)
