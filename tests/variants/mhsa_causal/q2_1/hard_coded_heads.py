# expect: wrong
# why: splits into 3 heads, the number of the public check, instead of self.num_heads (passes every public check)
@add_to_class(MultiHeadSelfAttention)
def compute_scores(self, x):
    """Scaled scores of every head and the values split into heads."""
    bs, seq, _ = x.shape
    ### YOUR CODE HERE (3 points)
    k = self.k(x).view(bs, seq, 3, -1).transpose(1, 2)  # [bs, 3, seq, hidden // 3]
    q = self.q(x).view(bs, seq, 3, -1).transpose(1, 2)  # [bs, 3, seq, hidden // 3]
    v = self.v(x).view(bs, seq, 3, -1).transpose(1, 2)  # [bs, 3, seq, hidden // 3]
    scores = torch.matmul(q, k.transpose(-2, -1)) / self.scale  # [bs, 3, seq, seq]
    ### END OF YOUR CODE
    return scores, v
