# expect: wrong
# why: writes qk_length ** 1/2, which Python reads as (qk_length ** 1) / 2 (equal to the square root only for qk_length 4)
@add_to_class(MultiHeadAttention)
def scaled_attention(self, Q, K, V):
    scores = torch.matmul(Q, K.transpose(-2, -1)) / (self.qk_length ** 1/2)
    weights = F.softmax(scores, dim=-1)
    return torch.matmul(weights, V), weights
