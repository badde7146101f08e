# expect: wrong
# why: unpacks lstm_step's result as (c, h): hidden and cell state swapped
def lstm_forward(X, h0, c0, W_f, U_f, b_f, W_i, U_i, b_i,
                 W_o, U_o, b_o, W_c, U_c, b_c):
    T = X.shape[0]
    H_seq, C_seq = [], []
    h_t, c_t = h0, c0
    for t in range(T):
        c_t, h_t = lstm_step(X[t], h_t, c_t, W_f, U_f, b_f, W_i, U_i, b_i,
                             W_o, U_o, b_o, W_c, U_c, b_c)
        H_seq.append(h_t)
        C_seq.append(c_t)
    H_seq = torch.stack(H_seq)
    C_seq = torch.stack(C_seq)
    return H_seq, C_seq
