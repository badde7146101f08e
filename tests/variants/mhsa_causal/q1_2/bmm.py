# expect: correct
# why: torch.bmm with transpose(1, 2), softmax as a tensor method over dim 2
@add_to_class(SelfAttention)
def forward(self, x):
    """softmax(xQ (xK)^T / sqrt(hidden)) xV.

    Args:
        x: FloatTensor[batch_size, seq_len, input_size]
    Returns:
        FloatTensor[batch_size, seq_len, hidden]
    """
    ### YOUR CODE HERE (3 points)
    query = self.q(x)  # [bs, seq, input] -> [bs, seq, hidden]
    key = self.k(x)  # [bs, seq, input] -> [bs, seq, hidden]
    value = self.v(x)  # [bs, seq, input] -> [bs, seq, hidden]
    att = torch.bmm(query, key.transpose(1, 2)).div(self.scale).softmax(dim=2)  # [bs, seq, seq]
    return torch.bmm(att, value)  # [bs, seq, seq] x [bs, seq, hidden] -> [bs, seq, hidden]
    ### END OF YOUR CODE
