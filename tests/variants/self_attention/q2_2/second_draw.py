# expect: wrong
# why: runs the model on a second torch.randn draw instead of on the x it returns
def run_demo():
    """The handout's run: seed 42, d_model=4, x of shape (2, 3, 4); returns x and the scores."""
    torch.manual_seed(42)  # given: do not change the seed
    ### YOUR CODE HERE (5 points)
    model = SelfAttention(d_model=4)
    x = torch.randn(2, 3, 4)
    output, scores = model(torch.randn(2, 3, 4))
    ### END OF YOUR CODE
    return x, scores
