# expect: wrong
# why: projects the value input with W_k and the key input with W_v (keys and values swapped); passes the public check
@add_to_class(MultiHeadAttention)
def forward(self, query, key, value):
    Q = self.split_heads(self.W_q(query), self.qk_length)
    K = self.split_heads(self.W_k(value), self.qk_length)
    V = self.split_heads(self.W_v(key), self.value_length)
    attention, _ = self.scaled_attention(Q, K, V)
    attention = self.W_o(self.combine_heads(attention))
    return attention
