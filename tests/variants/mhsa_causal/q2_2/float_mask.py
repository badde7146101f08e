# expect: wrong
# why: passes a float 0/1 mask to masked_fill, which only takes boolean masks (RuntimeError)
@add_to_class(MultiHeadSelfAttention)
def apply_causal_mask(self, scores):
    """Scores with -inf wherever a query would look at a future key."""
    seq = scores.shape[-1]
    ### YOUR CODE HERE (1 point)
    mask = torch.triu(torch.ones(seq, seq, device=scores.device), diagonal=1)  # [seq, seq]
    scores = scores.masked_fill(mask, float("-inf"))  # [bs, heads, seq, seq]
    ### END OF YOUR CODE
    return scores
