# expect: wrong
# why: repeat instead of repeat_interleave: the lengths of all examples cycle over the heads
@d2l.add_to_class(MultiHeadAttention)
def forward(self, queries, keys, values, valid_lens):
    queries = self.transpose_qkv(self.W_q(queries))
    keys = self.transpose_qkv(self.W_k(keys))
    values = self.transpose_qkv(self.W_v(values))
    if valid_lens is not None:
        valid_lens = valid_lens.repeat(self.num_heads, *([1] * (valid_lens.dim() - 1)))
    output = self.attention(queries, keys, values, valid_lens)
    output_concat = self.transpose_output(output)
    return self.W_o(output_concat)
