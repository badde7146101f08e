# expect: correct
# why: products written as broadcast multiply and sum over the input axis
def rnn_step(x_t, h_prev, W_x, W_h, b):
    pre = (x_t[:, None] * W_x).sum(dim=0) + (h_prev[:, None] * W_h).sum(dim=0) + b
    return torch.tanh(pre)
