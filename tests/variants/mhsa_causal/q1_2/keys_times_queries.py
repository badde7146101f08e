# expect: wrong
# why: scores as K Q^T (transposed score matrix: keys attend to queries)
@add_to_class(SelfAttention)
def forward(self, x):
    """softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    ### YOUR CODE HERE (3 points)
    q, k, v = self.q(x), self.k(x), self.v(x)  # [bs, seq, hidden]
    scores = torch.bmm(k, q.transpose(1, 2)) / self.scale  # [bs, seq, seq]
    return torch.bmm(scores.softmax(-1), v)  # [bs, seq, hidden]
    ### END OF YOUR CODE
