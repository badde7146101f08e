# expect: wrong
# why: multiplies the transposed weights with the values (A^T V)
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
        scores = torch.matmul(queries, keys.transpose(1, 2))
        weights = F.softmax(scores, dim=-1)
        output = torch.matmul(weights.transpose(1, 2), values)
        ### END OF YOUR CODE
        return output, scores
