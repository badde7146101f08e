# expect: wrong
# why: math.isqrt rounds the square root down (right for hidden=9, wrong for hidden=8); passes the public checks
import math


class SelfAttention(nn.Module):
    """Single-head self-attention: softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    def __init__(self, input_size, hidden):
        super().__init__()
        ### YOUR CODE HERE (1 point)
        self.q = nn.Linear(input_size, hidden)
        self.k = nn.Linear(input_size, hidden)
        self.v = nn.Linear(input_size, hidden)
        self.scale = math.isqrt(hidden)
        ### END OF YOUR CODE
