# expect: wrong
# why: does not call lstm_step but re-implements it, without the forget term
def lstm_forward(X, h0, c0, W_f, U_f, b_f, W_i, U_i, b_i,
                 W_o, U_o, b_o, W_c, U_c, b_c):
    T = X.shape[0]
    H_seq, C_seq = [], []
    h_t, c_t = h0, c0
    for t in range(T):
        x_t = X[t]
        i_t = torch.sigmoid(x_t @ W_i + h_t @ U_i + b_i)
        o_t = torch.sigmoid(x_t @ W_o + h_t @ U_o + b_o)
        c_t = c_t + i_t * torch.tanh(x_t @ W_c + h_t @ U_c + b_c)
        h_t = o_t * torch.tanh(c_t)
        H_seq.append(h_t)
        C_seq.append(c_t)
    H_seq = torch.stack(H_seq)
    C_seq = torch.stack(C_seq)
    return H_seq, C_seq
