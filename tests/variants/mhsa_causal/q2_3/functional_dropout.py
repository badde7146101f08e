# expect: correct
# why: F.dropout(probs, self.dropout.p, self.training) and the mixing layer applied with F.linear
@add_to_class(MultiHeadSelfAttention)
def forward(self, x, return_attention=False):
    """Multi-head self-attention of x."""
    bs, seq, _ = x.shape
    # scores [bs, num_heads, seq, seq], v [bs, num_heads, seq, head_size]
    scores, v = self.compute_scores(x)
    if self.causal:
        scores = self.apply_causal_mask(scores)  # [bs, num_heads, seq, seq]
    ### YOUR CODE HERE (2 points)
    probs = F.dropout(scores.softmax(-1), self.dropout.p, self.training)  # [bs, h, seq, seq]
    att = torch.matmul(probs, v).transpose(1, 2)  # [bs, seq, heads, head_size]
    att = att.reshape(bs, seq, self.num_heads * self.head_size)  # [bs, seq, hidden]
    att = F.linear(att, self.mix.weight, self.mix.bias)  # [bs, seq, hidden]
    probs = probs.reshape(bs * self.num_heads, seq, seq)  # [bs * heads, seq, seq]
    ### END OF YOUR CODE
    if return_attention:
        return att, probs
    return att
