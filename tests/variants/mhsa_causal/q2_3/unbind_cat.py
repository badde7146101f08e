# expect: correct
# why: merges the heads with torch.cat(att.unbind(1), dim=-1)
@add_to_class(MultiHeadSelfAttention)
def forward(self, x, return_attention=False):
    """Multi-head self-attention of x."""
    bs, seq, _ = x.shape
    # scores [bs, num_heads, seq, seq], v [bs, num_heads, seq, head_size]
    scores, v = self.compute_scores(x)
    if self.causal:
        scores = self.apply_causal_mask(scores)  # [bs, num_heads, seq, seq]
    ### YOUR CODE HERE (2 points)
    probs = F.softmax(scores, dim=-1)  # [bs, heads, seq, seq]
    probs = self.dropout(probs)  # [bs, heads, seq, seq]
    att = probs @ v  # [bs, heads, seq, head_size]
    att = torch.cat(att.unbind(dim=1), dim=-1)  # heads x [bs, seq, hs] -> [bs, seq, hidden]
    att = self.mix(att)  # [bs, seq, hidden]
    probs = probs.flatten(0, 1)  # [bs * heads, seq, seq]
    ### END OF YOUR CODE
    if return_attention:
        return att, probs
    return att
