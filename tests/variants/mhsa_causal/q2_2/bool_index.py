# expect: correct
# why: boolean indexing of the last two axes, scores[..., future] = -inf
@add_to_class(MultiHeadSelfAttention)
def apply_causal_mask(self, scores):
    """Scores with -inf wherever a query would look at a future key."""
    seq = scores.shape[-1]
    ### YOUR CODE HERE (1 point)
    future = ~torch.ones(seq, seq, dtype=torch.bool, device=scores.device).tril()  # [seq, seq]
    scores[..., future] = float("-inf")  # [bs, heads, seq, seq]
    ### END OF YOUR CODE
    return scores
