# expect: correct
# why: one product x @ [Wq; Wk; Wv]^T split with chunk, then view/transpose, -1 sizes inferred
@add_to_class(MultiHeadSelfAttention)
def compute_scores(self, x):
    """Scaled scores of every head and the values split into heads."""
    bs, seq, _ = x.shape
    ### YOUR CODE HERE (3 points)
    weight = torch.cat([self.q.weight, self.k.weight, self.v.weight])  # [3 * hidden, input]
    bias = torch.cat([self.q.bias, self.k.bias, self.v.bias])  # [3 * hidden]
    qkv = F.linear(x, weight, bias)  # [bs, seq, 3 * hidden]
    # [bs, seq, hidden] -> view [bs, seq, heads, hs] -> transpose [bs, heads, seq, hs]
    q, k, v = (t.view(bs, -1, self.num_heads, self.head_size).transpose(1, 2)
               for t in qkv.chunk(3, dim=-1))
    scores = q.matmul(k.transpose(-2, -1)).div(self.scale)  # [bs, heads, seq, seq]
    ### END OF YOUR CODE
    return scores, v
