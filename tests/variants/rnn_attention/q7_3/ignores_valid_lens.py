# expect: wrong
# why: never passes valid_lens to the attention
@d2l.add_to_class(MultiHeadAttention)
def forward(self, queries, keys, values, valid_lens):
    queries = self.transpose_qkv(self.W_q(queries))
    keys = self.transpose_qkv(self.W_k(keys))
    values = self.transpose_qkv(self.W_v(values))
    output = self.attention(queries, keys, values, None)
    output_concat = self.transpose_output(output)
    return self.W_o(output_concat)
