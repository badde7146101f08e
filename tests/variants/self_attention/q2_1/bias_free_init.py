# expect: correct
# why: edits the given __init__ to nn.Linear(..., bias=False); forward is right, and only forward is graded, on the layers the given __init__ makes
class SelfAttention(nn.Module):
    """Single-head self-attention with unscaled dot-product scores."""
    def __init__(self, d_model):
        super().__init__()
        self.d_model = d_model
        self.W_q = nn.Linear(d_model, d_model, bias=False)
        self.W_k = nn.Linear(d_model, d_model, bias=False)
        self.W_v = nn.Linear(d_model, d_model, bias=False)

    def forward(self, x):
        # Shape of x: (batch_size, seq_len, d_model)
        ### YOUR CODE HERE (20 points)
        queries, keys, values = self.W_q(x), self.W_k(x), self.W_v(x)
        scores = torch.matmul(queries, keys.transpose(-2, -1))
        weights = F.softmax(scores, dim=-1)
        output = torch.matmul(weights, values)
        ### END OF YOUR CODE
        return output, scores
