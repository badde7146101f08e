# expect: correct
# why: calls lstm_step with keyword arguments and a state tuple, torch.vstack at the end
def lstm_forward(X, h0, c0, W_f, U_f, b_f, W_i, U_i, b_i,
                 W_o, U_o, b_o, W_c, U_c, b_c):
    gates = dict(W_f=W_f, U_f=U_f, b_f=b_f, W_i=W_i, U_i=U_i, b_i=b_i,
                 W_o=W_o, U_o=U_o, b_o=b_o, W_c=W_c, U_c=U_c, b_c=b_c)
    H_seq, C_seq = [], []
    h_t, c_t = h0, c0
    for t in range(X.shape[0]):
        out = lstm_step(x_t=X[t], h_prev=h_t, c_prev=c_t, **gates)
        h_t, c_t = out[0], out[1]
        H_seq.append(h_t)
        C_seq.append(c_t)
    return torch.vstack(H_seq), torch.vstack(C_seq)
