# expect: correct
# why: Task 1.2 answer in three lines (the bonus form), one shape comment a line, clean PEP 8
@add_to_class(SelfAttention)
def forward(self, x):
    """softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    ### YOUR CODE HERE (3 points)
    # [bs, seq, hidden] @ [bs, hidden, seq] -> [bs, seq, seq]
    scores = self.q(x) @ self.k(x).transpose(-2, -1) / self.scale
    probs = torch.softmax(scores, dim=-1)  # [bs, seq, seq], over the keys
    return probs @ self.v(x)  # [bs, seq, seq] @ [bs, seq, hidden] -> [bs, seq, hidden]
    ### END OF YOUR CODE
