# expect: wrong
# why: softmax over dim=-2 (the queries) instead of over the keys
@add_to_class(MultiHeadAttention)
def scaled_attention(self, Q, K, V):
    scores = torch.matmul(Q, K.transpose(-2, -1)) / self.qk_length ** 0.5
    weights = F.softmax(scores, dim=-2)
    return torch.matmul(weights, V), weights
