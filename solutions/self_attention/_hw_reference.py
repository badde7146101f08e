"""Reference answers, generated from notebooks/self_attention/self_attention.ipynb by `python -m autograder build self_attention`; do not edit.

Hidden tests compare answers with these and use them in place of the answers a question
builds on. Never published."""
# %% reference cell of: given
import torch
from torch import nn
from torch.nn import functional as F
import matplotlib.pyplot as plt


# %% reference cell of: q1_2
# Rows are positions 1, 2, 3 of the sequence; columns are the 2 features.
# Format: Q_hand = [[q11, q12], [q21, q22], [q31, q32]], and likewise K_hand and V_hand.
### YOUR CODE HERE (6 points)
Q_hand = [[0.44, -0.36],
          [0.75, -0.09],
          [-0.19, 0.65]]
K_hand = [[-0.40, 0.20],
          [-0.24, 1.11],
          [0.59, 0.64]]
V_hand = [[0.72, -0.72],
          [1.26, -0.36],
          [-0.28, 1.13]]
### END OF YOUR CODE


# %% reference cell of: q1_4
# scores_hand[i][j] and weights_hand[i][j]: query i against key j (3 rows of 3 numbers);
# output_hand: one row of 2 numbers per position.
### YOUR CODE HERE (9 points)
scores_hand = [[-0.2480, -0.5052, 0.0292],
               [-0.3180, -0.2799, 0.3849],
               [0.2060, 0.7671, 0.3039]]
weights_hand = [[0.3233, 0.2500, 0.4266],
                [0.2464, 0.2560, 0.4976],
                [0.2594, 0.4546, 0.2861]]
output_hand = [[0.4284, 0.1593],
               [0.3606, 0.2928],
               [0.6794, -0.0272]]
### END OF YOUR CODE


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
    """Seed 42, d_model=4, x of shape (2, 3, 4); returns x and the scores."""
    torch.manual_seed(42)  # given: do not change the seed
    ### YOUR CODE HERE (5 points)
    model = SelfAttention(d_model=4)
    x = torch.randn(2, 3, 4)  # (batch_size, seq_len, d_model)
    output, scores = model(x)
    ### END OF YOUR CODE
    return x, scores


# %% reference cell of: given
FORBIDDEN = {'q2_1': {'scaled_dot_product_attention': 'F.scaled_dot_product_attention', 'MultiheadAttention': 'nn.MultiheadAttention', 'numpy': 'numpy', 'np': 'np', 'math': 'math'}, 'q2_2': {'scaled_dot_product_attention': 'F.scaled_dot_product_attention', 'MultiheadAttention': 'nn.MultiheadAttention', 'numpy': 'numpy', 'np': 'np', 'math': 'math'}}
QUESTIONS = [{'name': 'q1_1', 'points': 5, 'manual': True, 'rubric': {'scoring': 'negative', 'items': [{'points': -2, 'description': 'Q: products and sums missing or wrong'}, {'points': -2, 'description': 'K: products and sums missing or wrong'}, {'points': -2, 'description': 'V: products and sums missing or wrong'}, {'points': -1, 'description': 'arithmetic slip (working right)'}]}}, {'name': 'q1_2', 'points': 6, 'manual': False}, {'name': 'q1_3', 'points': 5, 'manual': True, 'rubric': {'scoring': 'negative', 'items': [{'points': -2, 'description': 'scores S = QK^T: working missing or wrong'}, {'points': -2, 'description': 'softmax: exponentials or row sums missing or wrong'}, {'points': -2, 'description': 'output Z = AV: working missing or wrong'}, {'points': -1, 'description': 'arithmetic slip (working right)'}]}}, {'name': 'q1_4', 'points': 9, 'manual': False}, {'name': 'q2_1', 'points': 20, 'manual': False}, {'name': 'q2_2', 'points': 5, 'manual': False}]
