# expect: wrong
# why: draws x with torch.rand (uniform) instead of torch.randn
def run_demo():
    """The handout's run: seed 42, d_model=4, x of shape (2, 3, 4); returns x and the scores."""
    torch.manual_seed(42)  # given: do not change the seed
    ### YOUR CODE HERE (5 points)
    model = SelfAttention(d_model=4)
    x = torch.rand(2, 3, 4)
    output, scores = model(x)
    ### END OF YOUR CODE
    return x, scores
