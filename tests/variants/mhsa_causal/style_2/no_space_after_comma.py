# expect: wrong
# why: Task 2.1 answer without spaces after the commas in the view calls (E231)
@add_to_class(MultiHeadSelfAttention)
def compute_scores(self, x):
    """Scaled scores of every head and the values split into heads."""
    bs, seq, _ = x.shape
    ### YOUR CODE HERE (3 points)
    k = self.k(x).view(bs,seq,self.num_heads,self.head_size).transpose(1,2)  # [bs, h, seq, hs]
    q = self.q(x).view(bs,seq,self.num_heads,self.head_size).transpose(1,2)  # [bs, h, seq, hs]
    v = self.v(x).view(bs,seq,self.num_heads,self.head_size).transpose(1,2)  # [bs, h, seq, hs]
    scores = torch.matmul(q, k.transpose(-2, -1)) / self.scale  # [bs, heads, seq, seq]
    ### END OF YOUR CODE
    return scores, v
