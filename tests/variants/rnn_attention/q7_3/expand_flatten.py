# expect: correct
# why: unsqueeze, expand over the heads and flatten the first two axes (works for 1-D and 2-D lengths)
@d2l.add_to_class(MultiHeadAttention)
def forward(self, queries, keys, values, valid_lens):
    q = self.transpose_qkv(self.W_q(queries))
    k = self.transpose_qkv(self.W_k(keys))
    v = self.transpose_qkv(self.W_v(values))
    if valid_lens is not None:
        expanded = valid_lens.unsqueeze(1).expand(valid_lens.shape[0], self.num_heads, *valid_lens.shape[1:])
        valid_lens = expanded.flatten(0, 1)
    output_concat = self.transpose_output(self.attention(q, k, v, valid_lens))
    return self.W_o(output_concat)
