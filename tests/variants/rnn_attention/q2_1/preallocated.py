# expect: correct
# why: fills a preallocated (T, h) tensor of the input's dtype instead of stacking a list
def rnn_forward(X, h0, W_x, W_h, b):
    T = X.shape[0]
    H_seq = X.new_empty((T, h0.shape[0]))
    h_t = h0
    for t in range(T):
        h_t = rnn_step(X[t], h_t, W_x, W_h, b)
        H_seq[t] = h_t
    return H_seq
