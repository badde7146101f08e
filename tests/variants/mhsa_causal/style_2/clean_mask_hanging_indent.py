# expect: correct
# why: Task 2.2 answer with keyword arguments over several lines (hanging indent)
@add_to_class(MultiHeadSelfAttention)
def apply_causal_mask(self, scores):
    """Scores with -inf wherever a query would look at a future key."""
    seq = scores.shape[-1]
    ### YOUR CODE HERE (1 point)
    future = torch.triu(
        torch.ones(seq, seq, dtype=torch.bool, device=scores.device),
        diagonal=1,
    )  # [seq, seq]
    scores = scores.masked_fill(mask=future, value=float("-inf"))
    ### END OF YOUR CODE
    return scores
