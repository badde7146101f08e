# expect: wrong
# why: returns (C_seq, H_seq) instead of (H_seq, C_seq)
def lstm_forward(X, h0, c0, W_f, U_f, b_f, W_i, U_i, b_i,
                 W_o, U_o, b_o, W_c, U_c, b_c):
    T = X.shape[0]
    H_seq, C_seq = [], []
    h_t, c_t = h0, c0
    for t in range(T):
        h_t, c_t = lstm_step(X[t], h_t, c_t, W_f, U_f, b_f, W_i, U_i, b_i,
                             W_o, U_o, b_o, W_c, U_c, b_c)
        H_seq.append(h_t)
        C_seq.append(c_t)
    return torch.stack(C_seq), torch.stack(H_seq)
