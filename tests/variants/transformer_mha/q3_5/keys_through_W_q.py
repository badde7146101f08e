# expect: wrong
# why: projects the keys with W_q instead of W_k
@add_to_class(MultiHeadAttention)
def forward(self, query, key, value):
    Q = self.split_heads(self.W_q(query), self.qk_length)
    K = self.split_heads(self.W_q(key), self.qk_length)
    V = self.split_heads(self.W_v(value), self.value_length)
    attention, _ = self.scaled_attention(Q, K, V)
    attention = self.W_o(self.combine_heads(attention))
    return attention
