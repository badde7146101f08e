# expect: correct
# why: Tensor.repeat_interleave method, projections inlined in the attention call
@d2l.add_to_class(MultiHeadAttention)
def forward(self, queries, keys, values, valid_lens):
    if valid_lens is not None:
        valid_lens = valid_lens.repeat_interleave(self.num_heads, dim=0)
    output = self.attention(self.transpose_qkv(self.W_q(queries)), self.transpose_qkv(self.W_k(keys)),
                            self.transpose_qkv(self.W_v(values)), valid_lens)
    output_concat = self.transpose_output(output)
    return self.W_o(output_concat)
