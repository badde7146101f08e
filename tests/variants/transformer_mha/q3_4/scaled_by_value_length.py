# expect: wrong
# why: scales by sqrt(value_length), the last size of V, instead of sqrt(qk_length)
@add_to_class(MultiHeadAttention)
def scaled_attention(self, Q, K, V):
    scores = torch.matmul(Q, K.transpose(-2, -1)) / V.shape[-1] ** 0.5
    weights = F.softmax(scores, dim=-1)
    return torch.matmul(weights, V), weights
