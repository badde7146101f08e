# expect: wrong
# why: forgets the heads: projects to qk_length and value_length features only, one head's worth
class MultiHeadAttention(nn.Module):
    def __init__(self, num_heads, embedding_dim, qk_length, value_length):
        super().__init__()
        self.num_heads = num_heads
        self.embedding_dim = embedding_dim
        self.qk_length = qk_length
        self.value_length = value_length
        self.W_q = nn.Linear(embedding_dim, qk_length)
        self.W_k = nn.Linear(embedding_dim, qk_length)
        self.W_v = nn.Linear(embedding_dim, value_length)
        self.W_o = nn.Linear(value_length, embedding_dim)
