# expect: correct
# why: F.linear with the layers' weights, queries multiplied by 1 / scale before the product
@add_to_class(SelfAttention)
def forward(self, x):
    """softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    ### YOUR CODE HERE (3 points)
    q = F.linear(x, self.q.weight, self.q.bias) * (1.0 / self.scale)  # [bs, seq, hidden]
    k = F.linear(x, self.k.weight, self.k.bias)  # [bs, seq, hidden]
    v = F.linear(x, self.v.weight, self.v.bias)  # [bs, seq, hidden]
    probs = F.softmax(torch.matmul(q, k.transpose(-1, -2)), dim=-1)  # [bs, seq, seq]
    return torch.matmul(probs, v)  # [bs, seq, hidden]
    ### END OF YOUR CODE
