# expect: wrong
# why: h_t = o_t * c_t, without the tanh on the cell state
def lstm_step(x_t, h_prev, c_prev, W_f, U_f, b_f, W_i, U_i, b_i,
              W_o, U_o, b_o, W_c, U_c, b_c):
    f_t = torch.sigmoid(x_t @ W_f + h_prev @ U_f + b_f)
    i_t = torch.sigmoid(x_t @ W_i + h_prev @ U_i + b_i)
    o_t = torch.sigmoid(x_t @ W_o + h_prev @ U_o + b_o)
    c_tilde = torch.tanh(x_t @ W_c + h_prev @ U_c + b_c)
    c_t = f_t * c_prev + i_t * c_tilde
    h_t = o_t * c_t
    return h_t, c_t
