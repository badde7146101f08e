# expect: wrong
# why: adds the query as a residual connection, which belongs to the encoder layer, not to this module
@add_to_class(MultiHeadAttention)
def forward(self, query, key, value):
    Q = self.split_heads(self.W_q(query), self.qk_length)
    K = self.split_heads(self.W_k(key), self.qk_length)
    V = self.split_heads(self.W_v(value), self.value_length)
    attention, _ = self.scaled_attention(Q, K, V)
    attention = self.W_o(self.combine_heads(attention)) + query
    return attention
