# expect: wrong
# why: takes the softmax first and zeroes the future probabilities (not renormalised, softmax taken twice)
@add_to_class(MultiHeadSelfAttention)
def apply_causal_mask(self, scores):
    """Scores with -inf wherever a query would look at a future key."""
    seq = scores.shape[-1]
    ### YOUR CODE HERE (1 point)
    future = torch.triu(torch.ones(seq, seq, dtype=torch.bool, device=scores.device), 1)
    scores = F.softmax(scores, dim=-1).masked_fill(future, 0.0)  # [bs, heads, seq, seq]
    ### END OF YOUR CODE
    return scores
