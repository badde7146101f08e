# expect: correct
# why: collects (h, c) pairs and splits them with zip(*) at the end
def lstm_forward(X, h0, c0, W_f, U_f, b_f, W_i, U_i, b_i,
                 W_o, U_o, b_o, W_c, U_c, b_c):
    weights = (W_f, U_f, b_f, W_i, U_i, b_i, W_o, U_o, b_o, W_c, U_c, b_c)
    states = []
    state = (h0, c0)
    for x_t in X:
        state = lstm_step(x_t, *state, *weights)
        states.append(state)
    H_seq, C_seq = (torch.stack(list(s)) for s in zip(*states))
    return H_seq, C_seq
