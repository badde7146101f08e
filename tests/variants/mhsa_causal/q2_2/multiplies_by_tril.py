# expect: wrong
# why: multiplies the scores by tril(ones), so future scores become 0 instead of -inf and still get weight
@add_to_class(MultiHeadSelfAttention)
def apply_causal_mask(self, scores):
    """Scores with -inf wherever a query would look at a future key."""
    seq = scores.shape[-1]
    ### YOUR CODE HERE (1 point)
    keep = torch.tril(torch.ones(seq, seq, device=scores.device))  # [seq, seq]
    scores = scores * keep  # future scores become 0
    ### END OF YOUR CODE
    return scores
