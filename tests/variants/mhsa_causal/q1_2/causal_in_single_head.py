# expect: wrong
# why: masks the future keys although Task 1 attends over the whole sequence
@add_to_class(SelfAttention)
def forward(self, x):
    """softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    ### YOUR CODE HERE (3 points)
    q, k, v = self.q(x), self.k(x), self.v(x)  # [bs, seq, hidden]
    scores = q @ k.transpose(1, 2) / self.scale  # [bs, seq, seq]
    future = torch.ones_like(scores, dtype=torch.bool).triu(1)  # [bs, seq, seq]
    probs = F.softmax(scores.masked_fill(future, float("-inf")), dim=-1)  # [bs, seq, seq]
    return probs @ v  # [bs, seq, hidden]
    ### END OF YOUR CODE
