# expect: wrong
# why: Task 2.2 answer indented with tabs (W191)
@add_to_class(MultiHeadSelfAttention)
def apply_causal_mask(self, scores):
	"""Scores with -inf wherever a query would look at a future key."""
	seq = scores.shape[-1]
	future = torch.triu(torch.ones(seq, seq, dtype=torch.bool, device=scores.device), 1)
	scores = scores.masked_fill(future, float("-inf"))  # [bs, heads, seq, seq]
	return scores
