# expect: wrong
# why: scores as K Q^T instead of Q K^T (each score matrix transposed)
@add_to_class(MultiHeadSelfAttention)
def compute_scores(self, x):
    """Scaled scores of every head and the values split into heads."""
    bs, seq, _ = x.shape
    ### YOUR CODE HERE (3 points)
    k = self.k(x).view(bs, seq, self.num_heads, self.head_size).transpose(1, 2)
    q = self.q(x).view(bs, seq, self.num_heads, self.head_size).transpose(1, 2)
    v = self.v(x).view(bs, seq, self.num_heads, self.head_size).transpose(1, 2)
    scores = torch.matmul(k, q.transpose(-2, -1)) / self.scale  # [bs, heads, seq, seq]
    ### END OF YOUR CODE
    return scores, v
