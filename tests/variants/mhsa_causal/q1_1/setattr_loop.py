# expect: correct
# why: creates the three layers in a loop with setattr, scale as hidden ** (1 / 2)
class SelfAttention(nn.Module):
    """Single-head self-attention: softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    def __init__(self, input_size, hidden):
        """
        Args:
            input_size: int, size of the input vectors
            hidden: int, size of the queries, keys, values and output vectors
        """
        super().__init__()
        ### YOUR CODE HERE (1 point)
        for name in ("q", "k", "v"):
            setattr(self, name, nn.Linear(input_size, hidden))  # [input_size] -> [hidden]
        self.scale = hidden ** (1 / 2)
        ### END OF YOUR CODE
