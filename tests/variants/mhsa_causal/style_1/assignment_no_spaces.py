# expect: wrong
# why: Task 1.1 answer written as self.q=nn.Linear(...) without spaces around = (E225)
class SelfAttention(nn.Module):
    """Single-head self-attention: softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    def __init__(self, input_size, hidden):
        super().__init__()
        ### YOUR CODE HERE (1 point)
        self.q=nn.Linear(input_size, hidden)
        self.k=nn.Linear(input_size, hidden)
        self.v=nn.Linear(input_size, hidden)
        self.scale=hidden ** 0.5
        ### END OF YOUR CODE
