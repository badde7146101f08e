# expect: correct
# why: Task 1.1 answer with the shape comments on their own lines above the code (clean PEP 8)
class SelfAttention(nn.Module):
    """Single-head self-attention: softmax(xQ (xK)^T / sqrt(hidden)) xV."""

    def __init__(self, input_size, hidden):
        super().__init__()
        ### YOUR CODE HERE (1 point)
        # queries, keys and values: [bs, seq, input_size] -> [bs, seq, hidden]
        self.q = nn.Linear(input_size, hidden)
        self.k = nn.Linear(input_size, hidden)
        self.v = nn.Linear(input_size, hidden)

        # sqrt(d_k), d_k = hidden
        self.scale = hidden ** 0.5
        ### END OF YOUR CODE
