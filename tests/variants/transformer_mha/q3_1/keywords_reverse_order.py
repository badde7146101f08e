# expect: correct
# why: keyword arguments with bias=True spelled out, layers created in the order W_o, W_v, W_k, W_q
class MultiHeadAttention(nn.Module):
    def __init__(self, num_heads, embedding_dim, qk_length, value_length):
        super(MultiHeadAttention, self).__init__()
        self.num_heads = num_heads
        self.embedding_dim = embedding_dim
        self.qk_length = qk_length
        self.value_length = value_length
        self.W_o = nn.Linear(in_features=num_heads * value_length, out_features=embedding_dim, bias=True)
        self.W_v = nn.Linear(in_features=embedding_dim, out_features=num_heads * value_length, bias=True)
        self.W_k = nn.Linear(in_features=embedding_dim, out_features=num_heads * qk_length, bias=True)
        self.W_q = nn.Linear(in_features=embedding_dim, out_features=num_heads * qk_length, bias=True)
