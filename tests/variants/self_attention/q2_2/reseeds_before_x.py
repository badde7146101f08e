# expect: wrong
# why: seeds 42 again before drawing x, so x repeats the module's first random numbers
def run_demo():
    """The handout's run: seed 42, d_model=4, x of shape (2, 3, 4); returns x and the scores."""
    torch.manual_seed(42)  # given: do not change the seed
    ### YOUR CODE HERE (5 points)
    model = SelfAttention(d_model=4)
    torch.manual_seed(42)
    x = torch.randn(2, 3, 4)
    output, scores = model(x)
    ### END OF YOUR CODE
    return x, scores
