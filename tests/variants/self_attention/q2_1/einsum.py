# expect: correct
# why: torch.einsum for the scores and the weighted sum
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
        Q, K, V = self.W_q(x), self.W_k(x), self.W_v(x)
        scores = torch.einsum("bid,bjd->bij", Q, K)
        A = F.softmax(scores, dim=-1)
        output = torch.einsum("bij,bjd->bid", A, V)
        ### END OF YOUR CODE
        return output, scores
