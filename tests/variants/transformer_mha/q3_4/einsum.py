# expect: correct
# why: einsum for both products, torch.softmax over the last axis
@add_to_class(MultiHeadAttention)
def scaled_attention(self, Q, K, V):
    scores = torch.einsum("bhqd,bhkd->bhqk", Q, K) / self.qk_length ** 0.5
    weights = torch.softmax(scores, dim=-1)
    attention = torch.einsum("bhqk,bhkv->bhqv", weights, V)
    return attention, weights
