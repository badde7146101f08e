# expect: correct
# why: Task 1.2 answer with a long expression wrapped in parentheses, continuation lines aligned
@add_to_class(SelfAttention)
def forward(self, x):
    """softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    ### YOUR CODE HERE (3 points)
    # [bs, seq, hidden] x [bs, hidden, seq] -> [bs, seq, seq], over the keys
    probs = torch.softmax(torch.matmul(self.q(x), self.k(x).transpose(1, 2))
                          / self.scale,
                          dim=-1)
    # [bs, seq, seq] x [bs, seq, hidden] -> [bs, seq, hidden]
    return torch.matmul(probs,
                        self.v(x))
    ### END OF YOUR CODE
