# expect: wrong
# why: reads the sequence from its last element to its first
def rnn_forward(X, h0, W_x, W_h, b):
    T = X.shape[0]
    H_seq = []
    h_t = h0
    for t in range(T - 1, -1, -1):
        h_t = rnn_step(X[t], h_t, W_x, W_h, b)
        H_seq.append(h_t)
    H_seq = torch.stack(H_seq)
    return H_seq
