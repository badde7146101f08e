# expect: wrong
# why: loops with d=4, h=3 hard-coded from the sanity check, float32 accumulator
def rnn_step(x_t, h_prev, W_x, W_h, b):
    pre = torch.zeros(3)
    for j in range(3):
        for i in range(4):
            pre[j] += x_t[i] * W_x[i, j]
        for k in range(3):
            pre[j] += h_prev[k] * W_h[k, j]
        pre[j] += b[j]
    return torch.tanh(pre)
