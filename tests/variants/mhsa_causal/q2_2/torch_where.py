# expect: correct
# why: torch.where with an arange comparison (key position <= query position)
@add_to_class(MultiHeadSelfAttention)
def apply_causal_mask(self, scores):
    """Scores with -inf wherever a query would look at a future key."""
    seq = scores.shape[-1]
    ### YOUR CODE HERE (1 point)
    pos = torch.arange(seq, device=scores.device)  # [seq]
    allowed = pos[None, :] <= pos[:, None]  # [seq, seq]: key j <= query i
    scores = torch.where(allowed, scores, torch.full_like(scores, float("-inf")))
    ### END OF YOUR CODE
    return scores
