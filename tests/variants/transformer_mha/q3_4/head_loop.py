# expect: correct
# why: loops over sequences and heads with 2-D matrix products, then stacks the results
@add_to_class(MultiHeadAttention)
def scaled_attention(self, Q, K, V):
    outputs, all_weights = [], []
    for b in range(Q.shape[0]):
        out_b, w_b = [], []
        for h in range(Q.shape[1]):
            s = torch.mm(Q[b, h], K[b, h].t()) / self.qk_length ** 0.5
            w = torch.softmax(s, dim=1)
            out_b.append(torch.mm(w, V[b, h]))
            w_b.append(w)
        outputs.append(torch.stack(out_b))
        all_weights.append(torch.stack(w_b))
    return torch.stack(outputs), torch.stack(all_weights)
