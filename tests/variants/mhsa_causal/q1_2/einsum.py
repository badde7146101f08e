# expect: correct
# why: einsum for both products, torch.softmax over the last axis
@add_to_class(SelfAttention)
def forward(self, x):
    """softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    ### YOUR CODE HERE (3 points)
    q, k, v = self.q(x), self.k(x), self.v(x)  # each [bs, seq, hidden]
    scores = torch.einsum("bih,bjh->bij", q, k) / self.scale  # [bs, seq, seq]
    weights = torch.softmax(scores, dim=-1)  # [bs, seq, seq], rows sum to 1
    return torch.einsum("bij,bjh->bih", weights, v)  # [bs, seq, hidden]
    ### END OF YOUR CODE
