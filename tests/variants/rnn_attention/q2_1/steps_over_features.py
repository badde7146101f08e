# expect: wrong
# why: takes the number of steps from X.shape[1] (the input size) instead of X.shape[0]
def rnn_forward(X, h0, W_x, W_h, b):
    T = X.shape[1]
    H_seq = []
    h_t = h0
    for t in range(T):
        h_t = rnn_step(X[t], h_t, W_x, W_h, b)
        H_seq.append(h_t)
    H_seq = torch.stack(H_seq)
    return H_seq
