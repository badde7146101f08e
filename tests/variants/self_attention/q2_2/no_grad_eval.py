# expect: correct
# why: eval mode and torch.no_grad around the forward pass
def run_demo():
    """The handout's run: seed 42, d_model=4, x of shape (2, 3, 4); returns x and the scores."""
    torch.manual_seed(42)  # given: do not change the seed
    ### YOUR CODE HERE (5 points)
    model = SelfAttention(d_model=4)
    model.eval()
    x = torch.randn(size=(2, 3, 4))
    with torch.no_grad():
        output, scores = model.forward(x)
    ### END OF YOUR CODE
    return x, scores
