# expect: correct
# why: itertools.accumulate over the steps with (h, c) pairs, states unzipped and stacked with torch.stack(dim=0)
def lstm_forward(X, h0, c0, W_f, U_f, b_f, W_i, U_i, b_i,
                 W_o, U_o, b_o, W_c, U_c, b_c):
    import itertools
    weights = [W_f, U_f, b_f, W_i, U_i, b_i, W_o, U_o, b_o, W_c, U_c, b_c]
    steps = itertools.accumulate(X, lambda state, x_t: lstm_step(x_t, state[0], state[1], *weights),
                                 initial=(h0, c0))
    states = list(steps)[1:]
    H_seq = torch.stack([h for h, _ in states], dim=0)
    C_seq = torch.stack([c for _, c in states], dim=0)
    return H_seq, C_seq
