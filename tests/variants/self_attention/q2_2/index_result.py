# expect: correct
# why: keeps the pair and indexes the scores out of it
def run_demo():
    """The handout's run: seed 42, d_model=4, x of shape (2, 3, 4); returns x and the scores."""
    torch.manual_seed(42)  # given: do not change the seed
    ### YOUR CODE HERE (5 points)
    model = SelfAttention(d_model=4)
    x = torch.randn(2, 3, 4)
    result = model(x)
    scores = result[1]
    ### END OF YOUR CODE
    return x, scores
