# expect: wrong
# why: gives nn.Linear (out, in) as if it were the weight's shape: every layer's in and out swapped
class MultiHeadAttention(nn.Module):
    def __init__(self, num_heads, embedding_dim, qk_length, value_length):
        super().__init__()
        self.num_heads = num_heads
        self.embedding_dim = embedding_dim
        self.qk_length = qk_length
        self.value_length = value_length
        self.W_q = nn.Linear(num_heads * qk_length, embedding_dim)
        self.W_k = nn.Linear(num_heads * qk_length, embedding_dim)
        self.W_v = nn.Linear(num_heads * value_length, embedding_dim)
        self.W_o = nn.Linear(embedding_dim, num_heads * value_length)
