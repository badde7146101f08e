# expect: correct
# why: reads the sizes back from the attributes set above (self.num_heads * self.qk_length, ...)
class MultiHeadAttention(nn.Module):
    def __init__(self, num_heads, embedding_dim, qk_length, value_length):
        super().__init__()
        self.num_heads = num_heads
        self.embedding_dim = embedding_dim
        self.qk_length = qk_length
        self.value_length = value_length
        self.W_q = nn.Linear(self.embedding_dim, self.qk_length * self.num_heads)
        self.W_k = nn.Linear(self.embedding_dim, self.qk_length * self.num_heads)
        self.W_v = nn.Linear(self.embedding_dim, self.value_length * self.num_heads)
        self.W_o = nn.Linear(self.value_length * self.num_heads, self.embedding_dim)
