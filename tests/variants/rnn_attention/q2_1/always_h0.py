# expect: wrong
# why: passes the initial state h0 to every step instead of the previous state
def rnn_forward(X, h0, W_x, W_h, b):
    T = X.shape[0]
    H_seq = []
    h_t = h0
    for t in range(T):
        h_t = rnn_step(X[t], h0, W_x, W_h, b)
        H_seq.append(h_t)
    H_seq = torch.stack(H_seq)
    return H_seq
