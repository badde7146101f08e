# expect: wrong
# why: projects the query input three times (self-attention only), ignoring key and value
@add_to_class(MultiHeadAttention)
def forward(self, query, key, value):
    Q = self.split_heads(self.W_q(query), self.qk_length)
    K = self.split_heads(self.W_k(query), self.qk_length)
    V = self.split_heads(self.W_v(query), self.value_length)
    attention, _ = self.scaled_attention(Q, K, V)
    attention = self.W_o(self.combine_heads(attention))
    return attention
