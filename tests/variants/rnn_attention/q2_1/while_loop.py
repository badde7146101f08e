# expect: correct
# why: a while loop, stacking along a new first axis with torch.cat of unsqueezed states
def rnn_forward(X, h0, W_x, W_h, b):
    T = X.shape[0]
    H_seq = []
    h_t = h0
    t = 0
    while t < T:
        h_t = rnn_step(X[t], h_t, W_x, W_h, b)
        H_seq.append(h_t.unsqueeze(0))
        t += 1
    return torch.cat(H_seq, dim=0)
