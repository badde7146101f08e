# expect: wrong
# why: right numbers, but uses F.scaled_dot_product_attention, which Task 1 does not allow
@add_to_class(SelfAttention)
def forward(self, x):
    """softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    ### YOUR CODE HERE (3 points)
    return F.scaled_dot_product_attention(self.q(x), self.k(x), self.v(x))  # [bs, seq, hidden]
    ### END OF YOUR CODE
