# expect: wrong
# why: a 3 x 3 mask, the sequence length of the public check (passes every public check)
@add_to_class(MultiHeadSelfAttention)
def apply_causal_mask(self, scores):
    """Scores with -inf wherever a query would look at a future key."""
    seq = scores.shape[-1]
    ### YOUR CODE HERE (1 point)
    future = torch.tensor([[False, True, True], [False, False, True], [False, False, False]])
    scores = scores.masked_fill(future.to(scores.device), float("-inf"))
    ### END OF YOUR CODE
    return scores
