# expect: correct
# why: computes the feature counts of all heads in local variables first
class MultiHeadAttention(nn.Module):
    def __init__(self, num_heads, embedding_dim, qk_length, value_length):
        super().__init__()
        self.num_heads = num_heads
        self.embedding_dim = embedding_dim
        self.qk_length = qk_length
        self.value_length = value_length
        qk_features = num_heads * qk_length
        value_features = num_heads * value_length
        self.W_q = nn.Linear(embedding_dim, qk_features)
        self.W_k = nn.Linear(embedding_dim, qk_features)
        self.W_v = nn.Linear(embedding_dim, value_features)
        self.W_o = nn.Linear(value_features, embedding_dim)
