# expect: wrong
# why: reshapes straight to [bs, heads, seq, head_size] without the transpose (right shape, wrong elements); passes the public checks
@add_to_class(MultiHeadSelfAttention)
def compute_scores(self, x):
    """Scaled scores of every head and the values split into heads."""
    bs, seq, _ = x.shape
    ### YOUR CODE HERE (3 points)
    k = self.k(x).reshape(bs, self.num_heads, seq, self.head_size)  # [bs, heads, seq, hs]
    q = self.q(x).reshape(bs, self.num_heads, seq, self.head_size)  # [bs, heads, seq, hs]
    v = self.v(x).reshape(bs, self.num_heads, seq, self.head_size)  # [bs, heads, seq, hs]
    scores = torch.matmul(q, k.transpose(-2, -1)) / self.scale  # [bs, heads, seq, seq]
    ### END OF YOUR CODE
    return scores, v
