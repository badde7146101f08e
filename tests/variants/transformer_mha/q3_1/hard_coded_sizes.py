# expect: wrong
# why: hard-codes the sizes of the public check (2 heads, embedding_dim 8, qk_length 3, value_length 5)
class MultiHeadAttention(nn.Module):
    def __init__(self, num_heads, embedding_dim, qk_length, value_length):
        super().__init__()
        self.num_heads = num_heads
        self.embedding_dim = embedding_dim
        self.qk_length = qk_length
        self.value_length = value_length
        self.W_q = nn.Linear(8, 6)
        self.W_k = nn.Linear(8, 6)
        self.W_v = nn.Linear(8, 10)
        self.W_o = nn.Linear(10, 8)
