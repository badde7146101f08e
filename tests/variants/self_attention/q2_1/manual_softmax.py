# expect: correct
# why: softmax written out as exp over the row sum, with the row maximum subtracted
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
        queries = self.W_q(x)
        keys = self.W_k(x)
        values = self.W_v(x)
        scores = torch.matmul(queries, keys.permute(0, 2, 1))
        e = torch.exp(scores - scores.max(dim=-1, keepdim=True).values)
        weights = e / e.sum(dim=-1, keepdim=True)
        output = torch.matmul(weights, values)
        ### END OF YOUR CODE
        return output, scores
