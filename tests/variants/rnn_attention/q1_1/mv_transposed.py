# expect: correct
# why: torch.mv with the transposed weight matrices
def rnn_step(x_t, h_prev, W_x, W_h, b):
    return torch.tanh(torch.mv(W_x.t(), x_t) + torch.mv(W_h.t(), h_prev) + b)
