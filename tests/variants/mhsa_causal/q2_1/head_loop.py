# expect: correct
# why: loops over the heads, slicing each head's block of features, then stacks
@add_to_class(MultiHeadSelfAttention)
def compute_scores(self, x):
    """Scaled scores of every head and the values split into heads."""
    bs, seq, _ = x.shape
    ### YOUR CODE HERE (3 points)
    queries, keys, values = self.q(x), self.k(x), self.v(x)  # [bs, seq, hidden] each
    scores, v = [], []
    for h in range(self.num_heads):
        cols = slice(h * self.head_size, (h + 1) * self.head_size)
        q_h, k_h = queries[:, :, cols], keys[:, :, cols]  # [bs, seq, head_size]
        scores.append(torch.bmm(q_h, k_h.transpose(1, 2)) / self.scale)  # [bs, seq, seq]
        v.append(values[:, :, cols])  # [bs, seq, head_size]
    scores = torch.stack(scores, dim=1)  # [bs, heads, seq, seq]
    v = torch.stack(v, dim=1)  # [bs, heads, seq, head_size]
    ### END OF YOUR CODE
    return scores, v
