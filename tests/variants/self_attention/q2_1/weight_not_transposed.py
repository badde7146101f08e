# expect: wrong
# why: x @ W.weight without the transpose (the layer stores W_Q transposed), plus the bias
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
        queries = torch.matmul(x, self.W_q.weight) + self.W_q.bias
        keys = torch.matmul(x, self.W_k.weight) + self.W_k.bias
        values = torch.matmul(x, self.W_v.weight) + self.W_v.bias
        scores = torch.matmul(queries, keys.transpose(1, 2))
        weights = F.softmax(scores, dim=-1)
        output = torch.matmul(weights, values)
        ### END OF YOUR CODE
        return output, scores
