# expect: correct
# why: Task 2.3 answer using the @ operator, a backslash-free multi-line call, comments two spaces away
@add_to_class(MultiHeadSelfAttention)
def forward(self, x, return_attention=False):
    """Multi-head self-attention of x."""
    bs, seq, _ = x.shape
    # scores [bs, num_heads, seq, seq], v [bs, num_heads, seq, head_size]
    scores, v = self.compute_scores(x)
    if self.causal:
        scores = self.apply_causal_mask(scores)  # [bs, num_heads, seq, seq]
    ### YOUR CODE HERE (2 points)
    probs = self.dropout(scores.softmax(dim=-1))  # [bs, heads, seq, seq]
    att = (probs @ v).transpose(1, 2)  # [bs, seq, heads, head_size]
    att = self.mix(att.reshape(bs, seq,
                               self.num_heads * self.head_size))  # [bs, seq, hidden]
    probs = probs.reshape(bs * self.num_heads, seq, seq)  # [bs * heads, seq, seq]
    ### END OF YOUR CODE
    if return_attention:
        return att, probs
    return att
