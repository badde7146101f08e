# expect: wrong
# why: views the features as [head_size, num_heads], so head i gets features i, i + heads, ... (interleaved)
@add_to_class(MultiHeadSelfAttention)
def compute_scores(self, x):
    """Scaled scores of every head and the values split into heads."""
    bs, seq, _ = x.shape
    ### YOUR CODE HERE (3 points)
    # [bs, seq, hidden] -> [bs, seq, hs, heads] -> permute [bs, heads, seq, hs]
    k = self.k(x).view(bs, seq, self.head_size, self.num_heads).permute(0, 3, 1, 2)
    q = self.q(x).view(bs, seq, self.head_size, self.num_heads).permute(0, 3, 1, 2)
    v = self.v(x).view(bs, seq, self.head_size, self.num_heads).permute(0, 3, 1, 2)
    scores = torch.matmul(q, k.transpose(-2, -1)) / self.scale  # [bs, heads, seq, seq]
    ### END OF YOUR CODE
    return scores, v
