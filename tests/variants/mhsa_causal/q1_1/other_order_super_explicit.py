# expect: correct
# why: super(SelfAttention, self), the layers created in the order v, k, q, scale with pow
class SelfAttention(nn.Module):
    """Single-head self-attention: softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    def __init__(self, input_size, hidden):
        super(SelfAttention, self).__init__()
        ### YOUR CODE HERE (1 point)
        self.v = nn.Linear(input_size, hidden, bias=True)
        self.k = nn.Linear(input_size, hidden, bias=True)
        self.q = nn.Linear(input_size, hidden, bias=True)
        self.scale = pow(hidden, 0.5)
        ### END OF YOUR CODE
