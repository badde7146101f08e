# expect: wrong
# why: does not call rnn_step but re-implements it, with a sigmoid instead of tanh
def rnn_forward(X, h0, W_x, W_h, b):
    T = X.shape[0]
    H_seq = []
    h_t = h0
    for t in range(T):
        h_t = torch.sigmoid(X[t] @ W_x + h_t @ W_h + b)
        H_seq.append(h_t)
    H_seq = torch.stack(H_seq)
    return H_seq
