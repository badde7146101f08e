# expect: wrong
# why: returns the stacked states in reverse time order
def rnn_forward(X, h0, W_x, W_h, b):
    T = X.shape[0]
    H_seq = []
    h_t = h0
    for t in range(T):
        h_t = rnn_step(X[t], h_t, W_x, W_h, b)
        H_seq.insert(0, h_t)
    H_seq = torch.stack(H_seq)
    return H_seq
