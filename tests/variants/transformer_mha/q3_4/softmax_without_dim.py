# expect: wrong
# why: F.softmax without dim, which picks dim=1 (the heads) for a 4-D tensor
@add_to_class(MultiHeadAttention)
def scaled_attention(self, Q, K, V):
    scores = torch.matmul(Q, K.transpose(-2, -1)) / self.qk_length ** 0.5
    weights = F.softmax(scores)
    return torch.matmul(weights, V), weights
