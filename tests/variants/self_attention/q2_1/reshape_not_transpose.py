# expect: wrong
# why: reshapes the keys to (batch, d_model, seq_len) instead of transposing them
class SelfAttention(nn.Module):
    """Single-head self-attention with unscaled dot-product scores."""
    def __init__(self, d_model):
        super().__init__()
        self.d_model = d_model
        self.W_q = nn.Linear(d_model, d_model)
        self.W_k = nn.Linear(d_model, d_model)
        self.W_v = nn.Linear(d_model, d_model)

    def forward(self, x):
        # Shape of x: (batch_size, seq_len, d_model)
        ### YOUR CODE HERE (20 points)
        queries, keys, values = self.W_q(x), self.W_k(x), self.W_v(x)
        b, n, d = keys.shape
        scores = torch.matmul(queries, keys.reshape(b, d, n))
        weights = F.softmax(scores, dim=-1)
        output = torch.matmul(weights, values)
        ### END OF YOUR CODE
        return output, scores
