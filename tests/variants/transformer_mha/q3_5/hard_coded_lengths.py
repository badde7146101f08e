# expect: wrong
# why: hard-codes the head lengths of the public check (qk_length 3, value_length 5)
@add_to_class(MultiHeadAttention)
def forward(self, query, key, value):
    Q = self.split_heads(self.W_q(query), 3)
    K = self.split_heads(self.W_k(key), 3)
    V = self.split_heads(self.W_v(value), 5)
    attention, _ = self.scaled_attention(Q, K, V)
    attention = self.W_o(self.combine_heads(attention))
    return attention
