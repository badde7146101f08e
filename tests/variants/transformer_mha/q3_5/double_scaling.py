# expect: wrong
# why: also divides the queries by sqrt(qk_length) before scaled_attention, which scales again
@add_to_class(MultiHeadAttention)
def forward(self, query, key, value):
    Q = self.split_heads(self.W_q(query), self.qk_length) / self.qk_length ** 0.5
    K = self.split_heads(self.W_k(key), self.qk_length)
    V = self.split_heads(self.W_v(value), self.value_length)
    attention, _ = self.scaled_attention(Q, K, V)
    attention = self.W_o(self.combine_heads(attention))
    return attention
