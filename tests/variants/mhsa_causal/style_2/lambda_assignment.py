# expect: wrong
# why: Task 2.1 answer that assigns a lambda to a name for the head split (E731)
@add_to_class(MultiHeadSelfAttention)
def compute_scores(self, x):
    """Scaled scores of every head and the values split into heads."""
    bs, seq, _ = x.shape
    ### YOUR CODE HERE (3 points)
    split = lambda t: t.view(bs, seq, self.num_heads, self.head_size).transpose(1, 2)
    q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))  # [bs, heads, seq, hs]
    scores = torch.matmul(q, k.transpose(-2, -1)) / self.scale  # [bs, heads, seq, seq]
    ### END OF YOUR CODE
    return scores, v
