# expect: wrong
# why: applies W_o to output_concat, which the given return line projects again
@d2l.add_to_class(MultiHeadAttention)
def forward(self, queries, keys, values, valid_lens):
    queries = self.transpose_qkv(self.W_q(queries))
    keys = self.transpose_qkv(self.W_k(keys))
    values = self.transpose_qkv(self.W_v(values))
    if valid_lens is not None:
        valid_lens = torch.repeat_interleave(valid_lens, repeats=self.num_heads, dim=0)
    output = self.attention(queries, keys, values, valid_lens)
    output_concat = self.W_o(self.transpose_output(output))
    return self.W_o(output_concat)
