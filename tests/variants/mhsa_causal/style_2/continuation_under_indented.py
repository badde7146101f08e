# expect: wrong
# why: Task 2.2 answer whose continuation line is not aligned with the opening bracket (E128)
@add_to_class(MultiHeadSelfAttention)
def apply_causal_mask(self, scores):
    """Scores with -inf wherever a query would look at a future key."""
    seq = scores.shape[-1]
    ### YOUR CODE HERE (1 point)
    future = torch.triu(torch.ones(seq, seq, dtype=torch.bool,
        device=scores.device), diagonal=1)  # [seq, seq]
    scores = scores.masked_fill(future, float("-inf"))  # [bs, heads, seq, seq]
    ### END OF YOUR CODE
    return scores
