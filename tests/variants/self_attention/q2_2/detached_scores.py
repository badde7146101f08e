# expect: correct
# why: returns the scores detached from the graph
def run_demo():
    """The handout's run: seed 42, d_model=4, x of shape (2, 3, 4); returns x and the scores."""
    torch.manual_seed(42)  # given: do not change the seed
    ### YOUR CODE HERE (5 points)
    sa = SelfAttention(4)
    x = torch.randn(2, 3, 4)
    out, scores = sa(x)
    scores = scores.detach()
    ### END OF YOUR CODE
    return x, scores
