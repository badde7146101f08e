# expect: correct
# why: reshape + permute to split the heads, einsum for the scores
@add_to_class(MultiHeadSelfAttention)
def compute_scores(self, x):
    """Scaled scores of every head and the values split into heads."""
    bs, seq, _ = x.shape
    ### YOUR CODE HERE (3 points)
    shape = (bs, seq, self.num_heads, self.head_size)
    # [bs, seq, hidden] -> reshape [bs, seq, heads, head_size] -> permute [bs, heads, seq, hs]
    q = self.q(x).reshape(shape).permute(0, 2, 1, 3)
    k = self.k(x).reshape(shape).permute(0, 2, 1, 3)
    v = self.v(x).reshape(shape).permute(0, 2, 1, 3)
    scores = torch.einsum("bhid,bhjd->bhij", q, k) / self.scale  # [bs, heads, seq, seq]
    ### END OF YOUR CODE
    return scores, v
