# expect: correct
# why: writes the softmax by hand, subtracting the row maximum first (numerically stable)
@add_to_class(MultiHeadAttention)
def scaled_attention(self, Q, K, V):
    scores = torch.matmul(Q, K.mT) / (self.qk_length ** 0.5)
    scores = scores - scores.max(dim=-1, keepdim=True).values
    exp = torch.exp(scores)
    weights = exp / exp.sum(dim=-1, keepdim=True)
    return torch.matmul(weights, V), weights
