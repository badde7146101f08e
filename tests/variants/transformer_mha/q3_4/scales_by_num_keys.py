# expect: wrong
# why: scales by the square root of the number of keys, K.shape[-2], instead of qk_length
@add_to_class(MultiHeadAttention)
def scaled_attention(self, Q, K, V):
    scores = torch.matmul(Q, K.transpose(-2, -1)) / K.shape[-2] ** 0.5
    weights = F.softmax(scores, dim=-1)
    return torch.matmul(weights, V), weights
