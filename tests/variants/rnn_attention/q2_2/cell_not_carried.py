# expect: wrong
# why: the cell state is not carried over: every step starts from c0
def lstm_forward(X, h0, c0, W_f, U_f, b_f, W_i, U_i, b_i,
                 W_o, U_o, b_o, W_c, U_c, b_c):
    T = X.shape[0]
    H_seq, C_seq = [], []
    h_t, c_t = h0, c0
    for t in range(T):
        h_t, c_new = lstm_step(X[t], h_t, c0, W_f, U_f, b_f, W_i, U_i, b_i,
                               W_o, U_o, b_o, W_c, U_c, b_c)
        H_seq.append(h_t)
        C_seq.append(c_new)
    H_seq = torch.stack(H_seq)
    C_seq = torch.stack(C_seq)
    return H_seq, C_seq
