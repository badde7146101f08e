# expect: wrong
# why: Task 1.2 answer with several statements on one line separated by semicolons (E702)
@add_to_class(SelfAttention)
def forward(self, x):
    """softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    ### YOUR CODE HERE (3 points)
    q = self.q(x); k = self.k(x); v = self.v(x)  # [bs, seq, hidden] each
    probs = F.softmax(q @ k.transpose(1, 2) / self.scale, dim=-1)  # [bs, seq, seq]
    return probs @ v  # [bs, seq, hidden]
    ### END OF YOUR CODE
