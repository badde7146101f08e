# expect: wrong
# why: creates the layers with bias=False, as in some lecture slides
class SelfAttention(nn.Module):
    """Single-head self-attention: softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    def __init__(self, input_size, hidden):
        super().__init__()
        ### YOUR CODE HERE (1 point)
        self.q = nn.Linear(input_size, hidden, bias=False)
        self.k = nn.Linear(input_size, hidden, bias=False)
        self.v = nn.Linear(input_size, hidden, bias=False)
        self.scale = hidden ** 0.5
        ### END OF YOUR CODE
