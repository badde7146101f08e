# expect: wrong
# why: Task 1.2 answer that assigns the scores without spaces around = (E225)
@add_to_class(SelfAttention)
def forward(self, x):
    """softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    ### YOUR CODE HERE (3 points)
    q, k, v = self.q(x), self.k(x), self.v(x)  # [bs, seq, hidden] each
    scores=q @ k.transpose(1, 2) / self.scale  # [bs, seq, seq]
    return F.softmax(scores, dim=-1) @ v  # [bs, seq, hidden]
    ### END OF YOUR CODE
