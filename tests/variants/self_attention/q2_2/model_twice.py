# expect: wrong
# why: creates the module twice (a leftover line), so the second one has other weights
def run_demo():
    """The handout's run: seed 42, d_model=4, x of shape (2, 3, 4); returns x and the scores."""
    torch.manual_seed(42)  # given: do not change the seed
    ### YOUR CODE HERE (5 points)
    model = SelfAttention(d_model=4)
    model = SelfAttention(4)
    x = torch.randn(2, 3, 4)
    output, scores = model(x)
    ### END OF YOUR CODE
    return x, scores
