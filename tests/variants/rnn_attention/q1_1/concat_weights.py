# expect: correct
# why: one product of [x_t, h_prev] with the stacked matrix [W_x; W_h]
def rnn_step(x_t, h_prev, W_x, W_h, b):
    xh = torch.cat([x_t, h_prev])
    W = torch.cat([W_x, W_h], dim=0)
    return torch.tanh(xh @ W + b)
