# expect: correct
# why: preallocated (T, h) tensors filled step by step
def lstm_forward(X, h0, c0, W_f, U_f, b_f, W_i, U_i, b_i,
                 W_o, U_o, b_o, W_c, U_c, b_c):
    T, h = X.shape[0], h0.shape[0]
    H_seq = torch.empty(T, h, dtype=X.dtype)
    C_seq = torch.empty(T, h, dtype=X.dtype)
    h_t, c_t = h0, c0
    for t in range(T):
        h_t, c_t = lstm_step(X[t], h_t, c_t, W_f, U_f, b_f, W_i, U_i, b_i,
                             W_o, U_o, b_o, W_c, U_c, b_c)
        H_seq[t], C_seq[t] = h_t, c_t
    return H_seq, C_seq
