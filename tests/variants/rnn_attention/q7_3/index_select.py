# expect: correct
# why: indexes valid_lens with arange(batch * heads) // num_heads
@d2l.add_to_class(MultiHeadAttention)
def forward(self, queries, keys, values, valid_lens):
    q = self.transpose_qkv(self.W_q(queries))
    k = self.transpose_qkv(self.W_k(keys))
    v = self.transpose_qkv(self.W_v(values))
    if valid_lens is not None:
        rows = torch.arange(valid_lens.shape[0] * self.num_heads, device=valid_lens.device) // self.num_heads
        valid_lens = valid_lens[rows]
    output_concat = self.transpose_output(self.attention(q, k, v, valid_lens))
    return self.W_o(output_concat)
