# expect: correct
# why: one fused product for the four gates (torch.cat of the weights), split with chunk
def lstm_step(x_t, h_prev, c_prev, W_f, U_f, b_f, W_i, U_i, b_i,
              W_o, U_o, b_o, W_c, U_c, b_c):
    W = torch.cat([W_f, W_i, W_o, W_c], dim=1)
    U = torch.cat([U_f, U_i, U_o, U_c], dim=1)
    bias = torch.cat([b_f, b_i, b_o, b_c])
    z_f, z_i, z_o, z_c = (x_t @ W + h_prev @ U + bias).chunk(4)
    f_t, i_t, o_t = torch.sigmoid(z_f), torch.sigmoid(z_i), torch.sigmoid(z_o)
    c_t = f_t * c_prev + i_t * torch.tanh(z_c)
    h_t = o_t * torch.tanh(c_t)
    return h_t, c_t
