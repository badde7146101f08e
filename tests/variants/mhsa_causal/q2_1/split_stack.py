# expect: correct
# why: splits the features into head_size blocks with split and stacks them on a new axis 1
@add_to_class(MultiHeadSelfAttention)
def compute_scores(self, x):
    """Scaled scores of every head and the values split into heads."""
    bs, seq, _ = x.shape
    ### YOUR CODE HERE (3 points)
    # [bs, seq, hidden] -> num_heads x [bs, seq, head_size] -> stack [bs, heads, seq, head_size]
    k = torch.stack(self.k(x).split(self.head_size, dim=-1), dim=1)
    q = torch.stack(self.q(x).split(self.head_size, dim=-1), dim=1)
    v = torch.stack(self.v(x).split(self.head_size, dim=-1), dim=1)
    # [bs, heads, seq, hs] @ [bs, heads, hs, seq] -> [bs, heads, seq, seq]
    scores = q @ k.transpose(2, 3) / self.scale
    ### END OF YOUR CODE
    return scores, v
