# expect: wrong
# why: divides by 3 = sqrt(9), the hidden size of the public check (passes every public check)
@add_to_class(SelfAttention)
def forward(self, x):
    """softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    ### YOUR CODE HERE (3 points)
    q, k, v = self.q(x), self.k(x), self.v(x)  # [bs, seq, hidden]
    probs = F.softmax(q @ k.transpose(1, 2) / 3, dim=-1)  # [bs, seq, seq]
    return probs @ v  # [bs, seq, hidden]
    ### END OF YOUR CODE
