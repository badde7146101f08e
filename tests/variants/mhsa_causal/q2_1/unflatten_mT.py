# expect: correct
# why: unflatten the feature axis, transpose(1, 2), queries scaled first, keys transposed with .mT
@add_to_class(MultiHeadSelfAttention)
def compute_scores(self, x):
    """Scaled scores of every head and the values split into heads."""
    bs, seq, _ = x.shape
    ### YOUR CODE HERE (3 points)
    heads = (self.num_heads, self.head_size)
    # [bs, seq, hidden] -> unflatten [bs, seq, heads, hs] -> transpose [bs, heads, seq, hs]
    q = self.q(x).unflatten(-1, heads).transpose(1, 2) / self.scale
    k = self.k(x).unflatten(-1, heads).transpose(1, 2)
    v = self.v(x).unflatten(-1, heads).transpose(1, 2)
    scores = torch.matmul(q, k.mT)  # [bs, heads, seq, seq]
    ### END OF YOUR CODE
    return scores, v
