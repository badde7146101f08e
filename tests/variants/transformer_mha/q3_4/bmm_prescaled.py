# expect: correct
# why: folds heads into the batch for bmm, scales the queries first by a tensor of Q's dtype (float64-safe)
@add_to_class(MultiHeadAttention)
def scaled_attention(self, Q, K, V):
    B, H, T_q, d = Q.shape
    T_k = K.shape[2]
    scale = torch.tensor(float(self.qk_length), dtype=Q.dtype).rsqrt()
    q = (Q * scale).reshape(B * H, T_q, d)
    k = K.reshape(B * H, T_k, d)
    v = V.reshape(B * H, T_k, V.shape[-1])
    weights = torch.softmax(torch.bmm(q, k.transpose(1, 2)), dim=-1)
    attention = torch.bmm(weights, v)
    return attention.reshape(B, H, T_q, -1), weights.reshape(B, H, T_q, T_k)
