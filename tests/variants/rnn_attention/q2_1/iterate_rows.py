# expect: correct
# why: iterates over the rows of X directly instead of indexing by t
def rnn_forward(X, h0, W_x, W_h, b):
    H_seq = []
    h_t = h0
    for x_t in X:
        h_t = rnn_step(x_t, h_t, W_x, W_h, b)
        H_seq.append(h_t)
    return torch.stack(H_seq)
