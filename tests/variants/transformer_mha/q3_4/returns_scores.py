# expect: wrong
# why: right output, but returns the scaled scores (before the softmax) as the weights
@add_to_class(MultiHeadAttention)
def scaled_attention(self, Q, K, V):
    scores = torch.matmul(Q, K.transpose(-2, -1)) / self.qk_length ** 0.5
    attention = torch.matmul(F.softmax(scores, dim=-1), V)
    return attention, scores
