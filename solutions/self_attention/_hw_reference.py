"""Reference answers, generated from notebooks/self_attention/self_attention.ipynb by `python -m autograder build self_attention`; do not edit.

Hidden tests compare answers with these and use them in place of the answers a question
builds on. Never published."""
# %% reference cell of: given
import torch
from torch import nn
from torch.nn import functional as F
import matplotlib.pyplot as plt


# %% reference cell of: q2_1
class SelfAttention(nn.Module):
    """Single-head self-attention with unscaled dot-product scores."""
    def __init__(self, d_model):
        super().__init__()
        self.d_model = d_model
        self.W_q = nn.Linear(d_model, d_model)
        self.W_k = nn.Linear(d_model, d_model)
        self.W_v = nn.Linear(d_model, d_model)

    def forward(self, x):
        # Shape of x: (batch_size, seq_len, d_model)
        ### YOUR CODE HERE (20 points)
        # Shape of queries, keys, values: (batch_size, seq_len, d_model)
        queries, keys, values = self.W_q(x), self.W_k(x), self.W_v(x)
        # Shape of scores: (batch_size, seq_len, seq_len), unscaled
        scores = torch.matmul(queries, keys.transpose(-2, -1))
        weights = F.softmax(scores, dim=-1)
        # Shape of output: (batch_size, seq_len, d_model)
        output = torch.matmul(weights, values)
        ### END OF YOUR CODE
        return output, scores


# %% reference cell of: q2_2
def run_demo():
    """The handout's run: seed 42, d_model=4, x of shape (2, 3, 4); returns x and the scores."""
    torch.manual_seed(42)  # given: do not change the seed
    ### YOUR CODE HERE (5 points)
    model = SelfAttention(d_model=4)
    x = torch.randn(2, 3, 4)  # (batch_size, seq_len, d_model)
    output, scores = model(x)
    ### END OF YOUR CODE
    return x, scores


# %% reference cell of: given
FORBIDDEN = {'q2_1': {'scaled_dot_product_attention': 'F.scaled_dot_product_attention', 'MultiheadAttention': 'nn.MultiheadAttention', 'einsum': 'torch.einsum', 'bmm': 'torch.bmm', 'numpy': 'numpy', 'np': 'np', 'math': 'math'}, 'q2_2': {'scaled_dot_product_attention': 'F.scaled_dot_product_attention', 'MultiheadAttention': 'nn.MultiheadAttention', 'einsum': 'torch.einsum', 'bmm': 'torch.bmm', 'numpy': 'numpy', 'np': 'np', 'math': 'math'}}
QUESTIONS = [{'name': 'q1_1', 'points': 5, 'manual': True}, {'name': 'q1_2', 'points': 6, 'manual': False}, {'name': 'q1_3', 'points': 5, 'manual': True}, {'name': 'q1_4', 'points': 9, 'manual': False}, {'name': 'q2_1', 'points': 20, 'manual': False}, {'name': 'q2_2', 'points': 5, 'manual': False}]
