# expect: correct
# why: F.linear with the bias folded into the input term
def rnn_step(x_t, h_prev, W_x, W_h, b):
    return torch.tanh(F.linear(x_t, W_x.T, b) + F.linear(h_prev, W_h.T))
