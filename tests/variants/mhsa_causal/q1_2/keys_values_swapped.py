# expect: wrong
# why: scores from the queries and the values, then weights the keys (k and v mixed up)
@add_to_class(SelfAttention)
def forward(self, x):
    """softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    ### YOUR CODE HERE (3 points)
    q, k, v = self.q(x), self.v(x), self.k(x)  # [bs, seq, hidden]
    probs = F.softmax(q @ k.transpose(1, 2) / self.scale, dim=-1)  # [bs, seq, seq]
    return probs @ v  # [bs, seq, hidden]
    ### END OF YOUR CODE
