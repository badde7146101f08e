# expect: wrong
# why: hard-codes T = 5 from the sanity check
def rnn_forward(X, h0, W_x, W_h, b):
    H_seq = []
    h_t = h0
    for t in range(5):
        h_t = rnn_step(X[t], h_t, W_x, W_h, b)
        H_seq.append(h_t)
    H_seq = torch.stack(H_seq)
    return H_seq
