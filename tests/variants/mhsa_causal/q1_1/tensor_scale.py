# expect: correct
# why: keeps the scale as a 0-d tensor, torch.sqrt(torch.tensor(hidden))
class SelfAttention(nn.Module):
    """Single-head self-attention: softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    def __init__(self, input_size, hidden):
        super().__init__()
        ### YOUR CODE HERE (1 point)
        self.q = nn.Linear(input_size, hidden)  # [bs, seq, input_size] -> [bs, seq, hidden]
        self.k = nn.Linear(input_size, hidden)  # [bs, seq, input_size] -> [bs, seq, hidden]
        self.v = nn.Linear(input_size, hidden)  # [bs, seq, input_size] -> [bs, seq, hidden]
        self.scale = torch.sqrt(torch.tensor(hidden))  # 0-d tensor, sqrt(d_k)
        ### END OF YOUR CODE
