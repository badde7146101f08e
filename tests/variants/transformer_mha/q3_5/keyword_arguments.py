# expect: correct
# why: projects the values first, calls split_heads with keyword arguments
@add_to_class(MultiHeadAttention)
def forward(self, query, key, value):
    V = self.split_heads(x=self.W_v(value), vec_length=self.value_length)
    K = self.split_heads(x=self.W_k(key), vec_length=self.qk_length)
    Q = self.split_heads(x=self.W_q(query), vec_length=self.qk_length)
    heads, weights = self.scaled_attention(Q=Q, K=K, V=V)
    attention = self.W_o(self.combine_heads(heads))
    return attention
