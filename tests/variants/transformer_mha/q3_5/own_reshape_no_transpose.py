# expect: wrong
# why: merges the heads with its own reshape (no transpose) instead of calling self.combine_heads
@add_to_class(MultiHeadAttention)
def forward(self, query, key, value):
    Q = self.split_heads(self.W_q(query), self.qk_length)
    K = self.split_heads(self.W_k(key), self.qk_length)
    V = self.split_heads(self.W_v(value), self.value_length)
    attention, _ = self.scaled_attention(Q, K, V)
    attention = attention.reshape(query.shape[0], query.shape[1], -1)
    return self.W_o(attention)
