# expect: correct
# why: torch.addmv for bias + W^T x, then the recurrent term
def lstm_step(x_t, h_prev, c_prev, W_f, U_f, b_f, W_i, U_i, b_i,
              W_o, U_o, b_o, W_c, U_c, b_c):
    pre = [torch.addmv(torch.addmv(bias, W.T, x_t), U.T, h_prev)
           for W, U, bias in ((W_f, U_f, b_f), (W_i, U_i, b_i), (W_o, U_o, b_o), (W_c, U_c, b_c))]
    f_t, i_t, o_t = (torch.sigmoid(z) for z in pre[:3])
    c_t = f_t * c_prev + i_t * torch.tanh(pre[3])
    h_t = o_t * torch.tanh(c_t)
    return h_t, c_t
