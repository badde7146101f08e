# expect: wrong
# why: forgets the 1/sqrt(qk_length) scaling
@add_to_class(MultiHeadAttention)
def scaled_attention(self, Q, K, V):
    weights = F.softmax(torch.matmul(Q, K.transpose(-2, -1)), dim=-1)
    return torch.matmul(weights, V), weights
