# expect: wrong
# why: takes the mask from triu of the scores themselves (.bool() is False wherever a future score is 0)
@add_to_class(MultiHeadSelfAttention)
def apply_causal_mask(self, scores):
    """Scores with -inf wherever a query would look at a future key."""
    seq = scores.shape[-1]
    ### YOUR CODE HERE (1 point)
    future = torch.triu(scores, diagonal=1).bool()  # [bs, heads, seq, seq]
    scores = scores.masked_fill(future, float("-inf"))  # [bs, heads, seq, seq]
    ### END OF YOUR CODE
    return scores
