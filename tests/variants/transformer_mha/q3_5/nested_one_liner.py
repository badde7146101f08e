# expect: correct
# why: one nested expression, taking the output with [0] instead of unpacking
@add_to_class(MultiHeadAttention)
def forward(self, query, key, value):
    attention = self.W_o(self.combine_heads(self.scaled_attention(
        self.split_heads(self.W_q(query), self.qk_length),
        self.split_heads(self.W_k(key), self.qk_length),
        self.split_heads(self.W_v(value), self.value_length))[0]))
    return attention
