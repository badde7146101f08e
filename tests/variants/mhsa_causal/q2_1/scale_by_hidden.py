# expect: wrong
# why: scales every head by sqrt(hidden) as in Task 1, instead of sqrt(head_size)
@add_to_class(MultiHeadSelfAttention)
def compute_scores(self, x):
    """Scaled scores of every head and the values split into heads."""
    bs, seq, hidden = x.shape[0], x.shape[1], self.num_heads * self.head_size
    ### YOUR CODE HERE (3 points)
    k = self.k(x).view(bs, seq, self.num_heads, self.head_size).transpose(1, 2)
    q = self.q(x).view(bs, seq, self.num_heads, self.head_size).transpose(1, 2)
    v = self.v(x).view(bs, seq, self.num_heads, self.head_size).transpose(1, 2)
    scores = torch.matmul(q, k.transpose(-2, -1)) / hidden ** 0.5  # [bs, heads, seq, seq]
    ### END OF YOUR CODE
    return scores, v
