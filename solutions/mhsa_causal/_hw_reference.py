"""Reference answers, generated from notebooks/mhsa_causal/mhsa_causal.ipynb by `python -m autograder build mhsa_causal`; do not edit.

Hidden tests compare answers with these and use them in place of the answers a question
builds on. Never published."""
# %% reference cell of: given
import json

import torch
from torch import nn
from torch.nn import functional as F
import matplotlib.pyplot as plt


# %% reference cell of: given
def load_test_values(path="test_values.json", version=1):
    """The fixed test values, {"self_attention": {...}, "multi_head": ...}."""
    with open(path, encoding="utf-8") as file:
        data = json.load(file)
    if data.get("version") != version:
        raise ValueError(f"{path} has version {data.get('version')}, but this "
                         f"notebook expects {version}: download it again")
    parts = {}
    for part in ("self_attention", "multi_head"):
        parts[part] = {
            key: torch.tensor(value) if isinstance(value, list) else value
            for key, value in data[part].items()}
    return parts


def set_weights(module, values, names):
    """Copy the fixed weights and biases in ``values`` into layers ``names``."""
    with torch.no_grad():
        for name in names:
            getattr(module, name).weight.copy_(values[f"{name}_weight"])
            getattr(module, name).bias.copy_(values[f"{name}_bias"])
    return module


def compare(got, expected, what):
    """Fail, showing both tensors, when ``got`` differs from ``expected``."""
    if tuple(got.shape) != tuple(expected.shape):
        raise AssertionError(
            f"{what}: expected shape {tuple(expected.shape)}, got "
            f"{tuple(got.shape)}; check your implementation")
    if not torch.allclose(got, expected, atol=1e-5):
        print("Expected:", expected, "Got:", got, sep="\n")
        raise AssertionError(
            f"{what}: the shape is right but the values are not")


# %% reference cell of: given
def add_to_class(Class):
    """Decorator: add the function below it to ``Class`` as a method."""
    def register(method):
        setattr(Class, method.__name__, method)
        return method
    return register


# %% reference cell of: q1_1
class SelfAttention(nn.Module):
    """Single-head self-attention: softmax(xQ (xK)^T / sqrt(hidden)) xV."""
    def __init__(self, input_size, hidden):
        """
        Args:
            input_size: int, size of the input vectors
            hidden: int, size of the queries, keys, values and output vectors
        """
        super().__init__()
        ### YOUR CODE HERE (1 point)
        self.q = nn.Linear(input_size, hidden)  # [input_size] -> [hidden]
        self.k = nn.Linear(input_size, hidden)  # [input_size] -> [hidden]
        self.v = nn.Linear(input_size, hidden)  # [input_size] -> [hidden]
        self.scale = hidden ** 0.5  # sqrt(d_k), with d_k = hidden
        ### END OF YOUR CODE


# %% reference cell of: q1_2
@add_to_class(SelfAttention)
def forward(self, x):
    """softmax(xQ (xK)^T / sqrt(hidden)) xV.

    Args:
        x: FloatTensor[batch_size, seq_len, input_size]
    Returns:
        FloatTensor[batch_size, seq_len, hidden]
    """
    ### YOUR CODE HERE (3 points)
    # [batch_size, seq_len, input_size] -> [batch_size, seq_len, hidden]
    query = self.q(x)
    # [batch_size, seq_len, hidden] -> transpose [batch_size, hidden, seq_len]
    key_t = self.k(x).transpose(1, 2)
    # [batch_size, seq_len, hidden] @ [batch_size, hidden, seq_len]
    # -> [batch_size, seq_len, seq_len], softmax over the keys (last axis)
    probs = F.softmax(torch.matmul(query, key_t) / self.scale, dim=-1)
    # [batch_size, seq_len, seq_len] @ [batch_size, seq_len, hidden]
    # -> [batch_size, seq_len, hidden]
    return torch.matmul(probs, self.v(x))
    ### END OF YOUR CODE


# %% reference cell of: given
class MultiHeadSelfAttention(nn.Module):
    """Multi-head self-attention with optional causal masking.

    Computes [head_1 : ... : head_h] U, where
    head_i = softmax(xQ_i (xK_i)^T / sqrt(head_size)) xV_i
    and U is the mixing layer.
    """
    def __init__(self, input_size, hidden, num_heads, causal=False, dropout=0):
        """
        Args:
            input_size: int, size of the input vectors
            hidden: int, size of the output vectors and hidden states
            num_heads: int, number of attention heads; must divide hidden
            causal: bool, whether a query may only look at the keys at or
                before its own position
            dropout: float, dropout probability on the attention probabilities
        """
        if hidden % num_heads != 0:
            raise ValueError(f"hidden must be divisible by num_heads, got "
                             f"hidden={hidden} and num_heads={num_heads}")
        super().__init__()
        self.k = nn.Linear(input_size, hidden)
        self.q = nn.Linear(input_size, hidden)
        self.v = nn.Linear(input_size, hidden)
        self.mix = nn.Linear(hidden, hidden)
        self.dropout = nn.Dropout(dropout)
        self.num_heads = num_heads
        self.head_size = hidden // num_heads
        self.scale = self.head_size ** 0.5
        self.causal = causal


# %% reference cell of: q2_1
@add_to_class(MultiHeadSelfAttention)
def compute_scores(self, x):
    """Scaled scores of every head and the values split into heads.

    Args:
        x: FloatTensor[batch_size, seq_len, input_size]
    Returns:
        FloatTensor[batch_size, num_heads, seq_len, seq_len] (scores) and
        FloatTensor[batch_size, num_heads, seq_len, head_size] (values)
    """
    bs, seq, _ = x.shape
    ### YOUR CODE HERE (3 points)
    # x [bs, seq, input_size] -> self.k [bs, seq, hidden]
    # -> view [bs, seq, num_heads, head_size]
    # -> transpose [bs, num_heads, seq, head_size]; the same for q and v
    k = self.k(x).view(bs, seq, self.num_heads, self.head_size).transpose(1, 2)
    q = self.q(x).view(bs, seq, self.num_heads, self.head_size).transpose(1, 2)
    v = self.v(x).view(bs, seq, self.num_heads, self.head_size).transpose(1, 2)
    # q [bs, num_heads, seq, head_size] @ k.T [bs, num_heads, head_size, seq]
    # -> [bs, num_heads, seq, seq]
    scores = torch.matmul(q, k.transpose(-2, -1)) / self.scale
    ### END OF YOUR CODE
    return scores, v


# %% reference cell of: q2_2
@add_to_class(MultiHeadSelfAttention)
def apply_causal_mask(self, scores):
    """Scores with -inf wherever a query would look at a future key.

    Args:
        scores: FloatTensor[batch_size, num_heads, seq_len, seq_len]
    Returns:
        FloatTensor[batch_size, num_heads, seq_len, seq_len]
    """
    seq = scores.shape[-1]
    ### YOUR CODE HERE (1 point)
    # [seq, seq], True above the diagonal (the future keys of each query)
    future = torch.triu(torch.ones(seq, seq, dtype=torch.bool,
                                   device=scores.device), diagonal=1)
    # [1, 1, seq, seq] broadcast over [bs, num_heads, seq, seq]
    scores = scores.masked_fill(future[None, None], float("-inf"))
    ### END OF YOUR CODE
    return scores


# %% reference cell of: q2_3
@add_to_class(MultiHeadSelfAttention)
def forward(self, x, return_attention=False):
    """Multi-head self-attention of x.

    Args:
        x: FloatTensor[batch_size, seq_len, input_size]
        return_attention: bool, whether to return the probabilities too
    Returns:
        FloatTensor[batch_size, seq_len, hidden], and if return_attention is
        True also FloatTensor[batch_size * num_heads, seq_len, seq_len]
    """
    bs, seq, _ = x.shape
    # scores [bs, num_heads, seq, seq], v [bs, num_heads, seq, head_size]
    scores, v = self.compute_scores(x)
    if self.causal:
        scores = self.apply_causal_mask(scores)  # [bs, num_heads, seq, seq]
    ### YOUR CODE HERE (2 points)
    # softmax over the keys, then dropout: [bs, num_heads, seq, seq]
    probs = self.dropout(F.softmax(scores, dim=-1))
    # [bs, num_heads, seq, seq] @ [bs, num_heads, seq, head_size]
    # -> [bs, num_heads, seq, head_size]
    att = torch.matmul(probs, v)
    # [bs, num_heads, seq, seq] -> reshape [bs * num_heads, seq, seq]
    probs = probs.reshape(bs * self.num_heads, seq, seq)
    # transpose [bs, seq, num_heads, head_size] -> reshape [bs, seq, hidden]
    att = att.transpose(1, 2).reshape(bs, seq, -1)
    # mix the heads: [bs, seq, hidden] -> [bs, seq, hidden]
    att = self.mix(att)
    ### END OF YOUR CODE
    if return_attention:
        return att, probs
    return att


# %% reference cell of: given
FORBIDDEN = {'q1_1': {'scaled_dot_product_attention': 'F.scaled_dot_product_attention', 'MultiheadAttention': 'nn.MultiheadAttention'}, 'q1_2': {'scaled_dot_product_attention': 'F.scaled_dot_product_attention', 'MultiheadAttention': 'nn.MultiheadAttention'}, 'inline_q1': {'scaled_dot_product_attention': 'F.scaled_dot_product_attention', 'MultiheadAttention': 'nn.MultiheadAttention'}, 'inline_q2': {'scaled_dot_product_attention': 'F.scaled_dot_product_attention', 'MultiheadAttention': 'nn.MultiheadAttention'}, 'q2_1': {'MultiheadAttention': 'nn.MultiheadAttention', 'scaled_dot_product_attention': 'F.scaled_dot_product_attention', 'multi_head_attention_forward': 'F.multi_head_attention_forward'}, 'q2_2': {'MultiheadAttention': 'nn.MultiheadAttention', 'scaled_dot_product_attention': 'F.scaled_dot_product_attention', 'multi_head_attention_forward': 'F.multi_head_attention_forward'}, 'q2_3': {'MultiheadAttention': 'nn.MultiheadAttention', 'scaled_dot_product_attention': 'F.scaled_dot_product_attention', 'multi_head_attention_forward': 'F.multi_head_attention_forward'}, 'inline_q3': {'MultiheadAttention': 'nn.MultiheadAttention', 'scaled_dot_product_attention': 'F.scaled_dot_product_attention', 'multi_head_attention_forward': 'F.multi_head_attention_forward'}, 'inline_q4': {'MultiheadAttention': 'nn.MultiheadAttention', 'scaled_dot_product_attention': 'F.scaled_dot_product_attention', 'multi_head_attention_forward': 'F.multi_head_attention_forward'}}
QUESTIONS = [{'name': 'q1_1', 'points': 1, 'manual': False}, {'name': 'q1_2', 'points': 3, 'manual': False}, {'name': 'inline_q1', 'points': 0, 'manual': True, 'rubric': {'scoring': 'positive', 'items': [{'points': 0, 'description': 'scores spread grows (by sqrt 2): the softmax becomes more focused'}, {'points': 0, 'description': 'bad for gradients: a near one-hot softmax has vanishing gradients'}]}}, {'name': 'inline_q2', 'points': 0, 'manual': True, 'rubric': {'scoring': 'positive', 'items': [{'points': 0, 'description': 'score variance stays 1 whatever h: softmax does not saturate, gradients keep their size'}]}}, {'name': 'q2_1', 'points': 3, 'manual': False}, {'name': 'q2_2', 'points': 1, 'manual': False}, {'name': 'q2_3', 'points': 2, 'manual': False}, {'name': 'inline_q3', 'points': 0, 'manual': True, 'rubric': {'scoring': 'positive', 'items': [{'points': 0, 'description': 'same rule, but divide by sqrt(head_size), not sqrt(hidden)'}]}}, {'name': 'inline_q4', 'points': 0, 'manual': True, 'rubric': {'scoring': 'positive', 'items': [{'points': 0, 'description': 'one head: the softmax, and (as functions of x) the scores, quadratic in x, and probs times V; either count, justified'}, {'points': 0, 'description': 'several heads: the same per head (num_heads softmaxes); split, concatenation and mixing are linear'}]}}, {'name': 'inline_q5', 'points': 0, 'manual': True, 'rubric': {'scoring': 'positive', 'items': [{'points': 0, 'description': 'without the mask: every query attends to all positions, later ones too'}, {'points': 0, 'description': 'with the mask: query i only attends to keys 0..i (zeros above the diagonal)'}]}}, {'name': 'code_review', 'points': 0, 'manual': True, 'rubric': {'scoring': 'negative', 'items': [{'points': -1, 'description': 'Task 1: a shape comment missing or wrong'}, {'points': -1, 'description': 'Task 2: a shape comment missing or wrong'}, {'points': 1, 'description': 'bonus: Task 1.2 forward in three lines of PyTorch code, and correct'}]}}, {'name': 'style_1', 'points': 0, 'manual': False}, {'name': 'style_2', 'points': 0, 'manual': False}]
