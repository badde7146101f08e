# expect: correct
# why: itertools.accumulate over the time steps, dropping the initial state
def rnn_forward(X, h0, W_x, W_h, b):
    import itertools
    states = itertools.accumulate(X.unbind(0), lambda h, x: rnn_step(x, h, W_x, W_h, b), initial=h0)
    return torch.stack(list(states)[1:])
