# expect: correct
# why: Task 2.1 answer with a small nested helper for the head split and a hanging indent
@add_to_class(MultiHeadSelfAttention)
def compute_scores(self, x):
    """Scaled scores of every head and the values split into heads."""
    bs, seq, _ = x.shape
    ### YOUR CODE HERE (3 points)

    def split_heads(t):
        # [bs, seq, hidden] -> [bs, seq, heads, hs] -> [bs, heads, seq, hs]
        return t.view(bs, seq, self.num_heads, self.head_size).transpose(1, 2)

    q, k, v = split_heads(self.q(x)), split_heads(self.k(x)), split_heads(self.v(x))
    scores = torch.matmul(
        q, k.transpose(-2, -1)
    ) / self.scale  # [bs, heads, seq, seq]
    ### END OF YOUR CODE
    return scores, v
