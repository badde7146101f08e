# expect: wrong
# why: uses the queries on both sides of the dot product (W_k never used)
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
        queries, values = self.W_q(x), self.W_v(x)
        scores = torch.matmul(queries, queries.transpose(1, 2))
        weights = F.softmax(scores, dim=-1)
        output = torch.matmul(weights, values)
        ### END OF YOUR CODE
        return output, scores
