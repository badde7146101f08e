# expect: wrong
# why: Task 2.3 answer with trailing whitespace after two lines (W291)
@add_to_class(MultiHeadSelfAttention)
def forward(self, x, return_attention=False):
    """Multi-head self-attention of x."""
    bs, seq, _ = x.shape
    scores, v = self.compute_scores(x)
    if self.causal:
        scores = self.apply_causal_mask(scores)  # [bs, num_heads, seq, seq]
    ### YOUR CODE HERE (2 points)
    probs = self.dropout(F.softmax(scores, dim=-1))  # [bs, heads, seq, seq] 
    att = torch.matmul(probs, v)  # [bs, heads, seq, head_size]   
    att = self.mix(att.transpose(1, 2).reshape(bs, seq, -1))  # [bs, seq, hidden]
    probs = probs.reshape(bs * self.num_heads, seq, seq)  # [bs * heads, seq, seq]
    ### END OF YOUR CODE
    if return_attention:
        return att, probs
    return att
