# expect: correct
# why: numerically stable softmax written by hand (subtract the row maximum, exp, normalise)
@add_to_class(SelfAttention)
def forward(self, x):
    """softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    ### YOUR CODE HERE (3 points)
    scores = self.q(x) @ self.k(x).permute(0, 2, 1) / self.scale  # [bs, seq, seq]
    scores = scores - scores.max(dim=-1, keepdim=True).values  # [bs, seq, seq]
    exp = torch.exp(scores)  # [bs, seq, seq]
    probs = exp / exp.sum(dim=-1, keepdim=True)  # [bs, seq, seq]
    return probs @ self.v(x)  # [bs, seq, hidden]
    ### END OF YOUR CODE
