# expect: wrong
# why: divides the weights by sqrt(qk_length) after the softmax instead of the scores before it
@add_to_class(MultiHeadAttention)
def scaled_attention(self, Q, K, V):
    weights = F.softmax(torch.matmul(Q, K.transpose(-2, -1)), dim=-1) / self.qk_length ** 0.5
    return torch.matmul(weights, V), weights
