# expect: correct
# why: builds the four layers in a loop over (name, in, out) with setattr
class MultiHeadAttention(nn.Module):
    def __init__(self, num_heads, embedding_dim, qk_length, value_length):
        super().__init__()
        self.num_heads = num_heads
        self.embedding_dim = embedding_dim
        self.qk_length = qk_length
        self.value_length = value_length
        sizes = [("W_q", embedding_dim, num_heads * qk_length),
                 ("W_k", embedding_dim, num_heads * qk_length),
                 ("W_v", embedding_dim, num_heads * value_length),
                 ("W_o", num_heads * value_length, embedding_dim)]
        for name, n_in, n_out in sizes:
            setattr(self, name, nn.Linear(n_in, n_out))
