# expect: correct
# why: gate weights stacked on a new axis, one einsum per input
def lstm_step(x_t, h_prev, c_prev, W_f, U_f, b_f, W_i, U_i, b_i,
              W_o, U_o, b_o, W_c, U_c, b_c):
    W = torch.stack([W_f, W_i, W_o, W_c])
    U = torch.stack([U_f, U_i, U_o, U_c])
    B = torch.stack([b_f, b_i, b_o, b_c])
    Z = torch.einsum("d,gdh->gh", x_t, W) + torch.einsum("k,gkh->gh", h_prev, U) + B
    f_t, i_t, o_t = torch.sigmoid(Z[:3])
    c_tilde = torch.tanh(Z[3])
    c_t = torch.addcmul(i_t * c_tilde, f_t, c_prev)
    return o_t * torch.tanh(c_t), c_t
