# expect: correct
# why: attends example by example (the example's head rows of the batch), then concatenates
@d2l.add_to_class(MultiHeadAttention)
def forward(self, queries, keys, values, valid_lens):
    H = self.num_heads
    q = self.transpose_qkv(self.W_q(queries))
    k = self.transpose_qkv(self.W_k(keys))
    v = self.transpose_qkv(self.W_v(values))
    outputs = []
    for b in range(queries.shape[0]):
        rows = slice(b * H, (b + 1) * H)
        lens = None
        if valid_lens is not None:
            lens = torch.stack([valid_lens[b]] * H)
        outputs.append(self.attention(q[rows], k[rows], v[rows], lens))
    output_concat = self.transpose_output(torch.cat(outputs, dim=0))
    return self.W_o(output_concat)
