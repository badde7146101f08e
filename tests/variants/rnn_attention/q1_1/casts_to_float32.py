# expect: wrong
# why: casts every input to float32 "to be safe": float64 inputs give a float32, less precise result
def rnn_step(x_t, h_prev, W_x, W_h, b):
    return torch.tanh(x_t.float() @ W_x.float() + h_prev.float() @ W_h.float() + b.float())
