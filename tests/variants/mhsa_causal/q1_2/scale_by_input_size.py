# expect: wrong
# why: scales by sqrt(x.shape[-1]), the input size, instead of self.scale
@add_to_class(SelfAttention)
def forward(self, x):
    """softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    ### YOUR CODE HERE (3 points)
    q, k, v = self.q(x), self.k(x), self.v(x)  # [bs, seq, hidden]
    probs = F.softmax(q @ k.transpose(1, 2) / x.shape[-1] ** 0.5, dim=-1)  # [bs, seq, seq]
    return probs @ v  # [bs, seq, hidden]
    ### END OF YOUR CODE
