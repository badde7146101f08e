# expect: wrong
# why: returns the combined heads without the output projection W_o
@add_to_class(MultiHeadAttention)
def forward(self, query, key, value):
    Q = self.split_heads(self.W_q(query), self.qk_length)
    K = self.split_heads(self.W_k(key), self.qk_length)
    V = self.split_heads(self.W_v(value), self.value_length)
    attention, _ = self.scaled_attention(Q, K, V)
    attention = self.combine_heads(attention)
    return attention
