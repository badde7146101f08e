# expect: wrong
# why: self.q = self.k = self.v = nn.Linear(...): one layer shared by all three maps
class SelfAttention(nn.Module):
    """Single-head self-attention: softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    def __init__(self, input_size, hidden):
        super().__init__()
        ### YOUR CODE HERE (1 point)
        self.q = self.k = self.v = nn.Linear(input_size, hidden)  # [input_size] -> [hidden]
        self.scale = hidden ** 0.5
        ### END OF YOUR CODE
