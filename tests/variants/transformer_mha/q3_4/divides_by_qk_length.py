# expect: wrong
# why: divides the scores by qk_length instead of its square root
@add_to_class(MultiHeadAttention)
def scaled_attention(self, Q, K, V):
    scores = torch.matmul(Q, K.transpose(-2, -1)) / self.qk_length
    weights = F.softmax(scores, dim=-1)
    return torch.matmul(weights, V), weights
