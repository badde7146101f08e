# expect: correct
# why: a helper per gate, sigmoid written as 1 / (1 + exp(-z)) and tanh as 2 sigmoid(2z) - 1
def lstm_step(x_t, h_prev, c_prev, W_f, U_f, b_f, W_i, U_i, b_i,
              W_o, U_o, b_o, W_c, U_c, b_c):
    def sig(z):
        return 1.0 / (1.0 + torch.exp(-z))

    def gate(W, U, bias):
        return torch.matmul(x_t, W) + torch.matmul(h_prev, U) + bias

    f_t = sig(gate(W_f, U_f, b_f))
    i_t = sig(gate(W_i, U_i, b_i))
    o_t = sig(gate(W_o, U_o, b_o))
    c_tilde = 2.0 * sig(2.0 * gate(W_c, U_c, b_c)) - 1.0
    c_t = f_t * c_prev + i_t * c_tilde
    h_t = o_t * (2.0 * sig(2.0 * c_t) - 1.0)
    return h_t, c_t
