# expect: correct
# why: derives each head's length from the projected feature count divided by num_heads
@add_to_class(MultiHeadAttention)
def forward(self, query, key, value):
    q, k, v = self.W_q(query), self.W_k(key), self.W_v(value)
    Q = self.split_heads(q, q.shape[-1] // self.num_heads)
    K = self.split_heads(k, k.shape[-1] // self.num_heads)
    V = self.split_heads(v, v.shape[-1] // self.num_heads)
    out, _ = self.scaled_attention(Q, K, V)
    attention = self.W_o(self.combine_heads(out))
    return attention
