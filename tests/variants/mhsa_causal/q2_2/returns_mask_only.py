# expect: wrong
# why: builds the additive mask (0 / -inf) but returns it without adding the scores (passes the public checks)
@add_to_class(MultiHeadSelfAttention)
def apply_causal_mask(self, scores):
    """Scores with -inf wherever a query would look at a future key."""
    seq = scores.shape[-1]
    ### YOUR CODE HERE (1 point)
    future = torch.triu(torch.ones(seq, seq, dtype=torch.bool, device=scores.device), 1)
    mask = torch.zeros_like(scores)  # [bs, heads, seq, seq]
    mask[..., future] = float("-inf")
    scores = mask
    ### END OF YOUR CODE
    return scores
