# expect: wrong
# why: adds F.dropout(p=0.1) on the attention output, which drops values even in eval mode (training defaults to True)
@add_to_class(MultiHeadAttention)
def forward(self, query, key, value):
    Q = self.split_heads(self.W_q(query), self.qk_length)
    K = self.split_heads(self.W_k(key), self.qk_length)
    V = self.split_heads(self.W_v(value), self.value_length)
    attention, _ = self.scaled_attention(Q, K, V)
    attention = F.dropout(attention, 0.1)
    attention = self.W_o(self.combine_heads(attention))
    return attention
