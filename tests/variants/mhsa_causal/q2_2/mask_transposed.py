# expect: wrong
# why: masks below the diagonal (tril), so every query sees the future and not the past
@add_to_class(MultiHeadSelfAttention)
def apply_causal_mask(self, scores):
    """Scores with -inf wherever a query would look at a future key."""
    seq = scores.shape[-1]
    ### YOUR CODE HERE (1 point)
    mask = torch.tril(torch.ones(seq, seq, dtype=torch.bool, device=scores.device), diagonal=-1)
    scores = scores.masked_fill(mask, float("-inf"))  # [bs, heads, seq, seq]
    ### END OF YOUR CODE
    return scores
