# expect: wrong
# why: Task 1.2 answer with shape comments one space after the code and without a space after # (E261, E262)
@add_to_class(SelfAttention)
def forward(self, x):
    """softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    ### YOUR CODE HERE (3 points)
    q = self.q(x) #[bs, seq, hidden]
    k = self.k(x) #[bs, seq, hidden]
    v = self.v(x) #[bs, seq, hidden]
    probs = F.softmax(q @ k.transpose(1, 2) / self.scale, dim=-1) #[bs, seq, seq]
    return probs @ v #[bs, seq, hidden]
    ### END OF YOUR CODE
