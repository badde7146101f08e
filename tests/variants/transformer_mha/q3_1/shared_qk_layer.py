# expect: wrong
# why: one layer for queries and keys (self.W_k = self.W_q), so the keys have no weights of their own
class MultiHeadAttention(nn.Module):
    def __init__(self, num_heads, embedding_dim, qk_length, value_length):
        super().__init__()
        self.num_heads = num_heads
        self.embedding_dim = embedding_dim
        self.qk_length = qk_length
        self.value_length = value_length
        self.W_q = nn.Linear(embedding_dim, num_heads * qk_length)
        self.W_k = self.W_q
        self.W_v = nn.Linear(embedding_dim, num_heads * value_length)
        self.W_o = nn.Linear(num_heads * value_length, embedding_dim)
