# expect: correct
# why: sizes in named variables, torch.randn given a shape tuple
def run_demo():
    """The handout's run: seed 42, d_model=4, x of shape (2, 3, 4); returns x and the scores."""
    torch.manual_seed(42)  # given: do not change the seed
    ### YOUR CODE HERE (5 points)
    batch_size, seq_len, d_model = 2, 3, 4
    attention = SelfAttention(d_model)
    x = torch.randn((batch_size, seq_len, d_model))
    _, scores = attention(x)
    ### END OF YOUR CODE
    return x, scores
