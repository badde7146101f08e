# expect: wrong
# why: divides by d_k = q.shape[-1] itself, not by its square root
@add_to_class(SelfAttention)
def forward(self, x):
    """softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    ### YOUR CODE HERE (3 points)
    q, k, v = self.q(x), self.k(x), self.v(x)  # [bs, seq, hidden]
    d_k = q.shape[-1]
    probs = F.softmax(q @ k.transpose(1, 2) / d_k, dim=-1)  # [bs, seq, seq]
    return probs @ v  # [bs, seq, hidden]
    ### END OF YOUR CODE
