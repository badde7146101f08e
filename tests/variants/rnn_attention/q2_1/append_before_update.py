# expect: wrong
# why: appends the state before updating it: returns h_0 .. h_{T-1} instead of h_1 .. h_T
def rnn_forward(X, h0, W_x, W_h, b):
    T = X.shape[0]
    H_seq = []
    h_t = h0
    for t in range(T):
        H_seq.append(h_t)
        h_t = rnn_step(X[t], h_t, W_x, W_h, b)
    H_seq = torch.stack(H_seq)
    return H_seq
