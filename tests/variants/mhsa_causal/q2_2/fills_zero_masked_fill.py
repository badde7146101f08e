# expect: wrong
# why: masked_fill with 0 instead of -inf: the future keys keep weight exp(0) in the softmax
@add_to_class(MultiHeadSelfAttention)
def apply_causal_mask(self, scores):
    """Scores with -inf wherever a query would look at a future key."""
    seq = scores.shape[-1]
    ### YOUR CODE HERE (1 point)
    future = torch.triu(torch.ones(seq, seq, dtype=torch.bool, device=scores.device), 1)
    return scores.masked_fill(future, 0)  # [bs, heads, seq, seq]
    ### END OF YOUR CODE
