# expect: correct
# why: keyword arguments for nn.Linear and math.sqrt for the scale
import math


class SelfAttention(nn.Module):
    """Single-head self-attention: softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    def __init__(self, input_size, hidden):
        super().__init__()
        ### YOUR CODE HERE (1 point)
        self.q = nn.Linear(in_features=input_size, out_features=hidden)  # [in] -> [hidden]
        self.k = nn.Linear(in_features=input_size, out_features=hidden)  # [in] -> [hidden]
        self.v = nn.Linear(in_features=input_size, out_features=hidden)  # [in] -> [hidden]
        self.scale = math.sqrt(hidden)
        ### END OF YOUR CODE
