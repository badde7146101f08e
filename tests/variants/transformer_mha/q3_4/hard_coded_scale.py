# expect: wrong
# why: hard-codes sqrt(3), the qk_length of the public check
@add_to_class(MultiHeadAttention)
def scaled_attention(self, Q, K, V):
    scores = torch.matmul(Q, K.transpose(-2, -1)) / 3 ** 0.5
    weights = F.softmax(scores, dim=-1)
    return torch.matmul(weights, V), weights
