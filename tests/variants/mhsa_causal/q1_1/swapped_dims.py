# expect: wrong
# why: nn.Linear(hidden, input_size): the in and out sizes swapped
class SelfAttention(nn.Module):
    """Single-head self-attention: softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    def __init__(self, input_size, hidden):
        super().__init__()
        ### YOUR CODE HERE (1 point)
        self.q = nn.Linear(hidden, input_size)
        self.k = nn.Linear(hidden, input_size)
        self.v = nn.Linear(hidden, input_size)
        self.scale = hidden ** 0.5
        ### END OF YOUR CODE
