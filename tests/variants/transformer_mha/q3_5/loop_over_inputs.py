# expect: correct
# why: projects and splits the three inputs in a loop over (layer, input, length)
@add_to_class(MultiHeadAttention)
def forward(self, query, key, value):
    parts = []
    for layer, x, length in [(self.W_q, query, self.qk_length),
                             (self.W_k, key, self.qk_length),
                             (self.W_v, value, self.value_length)]:
        parts.append(self.split_heads(layer(x), length))
    result = self.scaled_attention(*parts)
    attention = self.W_o(self.combine_heads(result[0]))
    return attention
