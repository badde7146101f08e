# expect: wrong
# why: Task 1.2 answer in one line of more than 99 characters (E501)
@add_to_class(SelfAttention)
def forward(self, x):
    """softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    ### YOUR CODE HERE (3 points)
    return F.softmax(self.q(x) @ self.k(x).transpose(1, 2) / self.scale, dim=-1) @ self.v(x)  # [bs, seq, input] -> [bs, seq, hidden]
    ### END OF YOUR CODE
