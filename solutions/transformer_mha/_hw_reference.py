"""Reference answers, generated from notebooks/transformer_mha/transformer_mha.ipynb by `python -m autograder build transformer_mha`; do not edit.

Hidden tests compare answers with these and use them in place of the answers a question
builds on. Never published."""
# %% reference cell of: given
import torch
from torch import nn
from torch.nn import functional as F
import matplotlib.pyplot as plt


# %% reference cell of: given
def add_to_class(Class):
    """Decorator: add the function below it to ``Class`` as a method."""
    def register(method):
        setattr(Class, method.__name__, method)
        return method
    return register


# %% reference cell of: q3_1
class MultiHeadAttention(nn.Module):
    """Multi-head attention with separate query/key and value lengths per head.

    The queries, keys and values are projected, split into num_heads heads, attended with
    scaled dot-product attention, combined again and projected by the output layer. Each head
    has queries and keys of qk_length features and values of value_length features.
    """
    def __init__(self, num_heads, embedding_dim, qk_length, value_length):
        super().__init__()
        self.num_heads = num_heads
        self.embedding_dim = embedding_dim
        self.qk_length = qk_length
        self.value_length = value_length
        # The four learnable layers; their weights change during training.
        ### YOUR CODE HERE (4 points)
        self.W_q = nn.Linear(embedding_dim, num_heads * qk_length)
        self.W_k = nn.Linear(embedding_dim, num_heads * qk_length)
        self.W_v = nn.Linear(embedding_dim, num_heads * value_length)
        self.W_o = nn.Linear(num_heads * value_length, embedding_dim)
        ### END OF YOUR CODE


# %% reference cell of: q3_2
@add_to_class(MultiHeadAttention)
def split_heads(self, x, vec_length):
    """Split x into num_heads heads of vec_length features each (Question 2.3)."""
    ### YOUR CODE HERE (6 points)
    batch_size, num_steps = x.shape[0], x.shape[1]
    # Shape: (B, T, num_heads, vec_length)
    x = x.reshape(batch_size, num_steps, self.num_heads, vec_length)
    # Shape: (B, num_heads, T, vec_length)
    return x.transpose(1, 2)
    ### END OF YOUR CODE


# %% reference cell of: q3_3
@add_to_class(MultiHeadAttention)
def combine_heads(self, x):
    """Concatenate the heads again: the inverse of split_heads (Question 2.5)."""
    ### YOUR CODE HERE (6 points)
    batch_size, num_steps = x.shape[0], x.shape[2]
    # Shape: (B, T, num_heads, vec_length), then (B, T, num_heads * vec_length)
    return x.transpose(1, 2).reshape(batch_size, num_steps, -1)
    ### END OF YOUR CODE


# %% reference cell of: q3_4
@add_to_class(MultiHeadAttention)
def scaled_attention(self, Q, K, V):
    """softmax(Q K^T / sqrt(qk_length)) V for every head; returns (output, weights)."""
    # Shape of Q: (B, num_heads, T_q, qk_length)
    # Shape of K: (B, num_heads, T_k, qk_length)
    # Shape of V: (B, num_heads, T_k, value_length)
    ### YOUR CODE HERE (8 points)
    # Shape of scores and weights: (B, num_heads, T_q, T_k)
    scores = torch.matmul(Q, K.transpose(-2, -1)) / self.qk_length ** 0.5
    weights = F.softmax(scores, dim=-1)
    # Shape of attention: (B, num_heads, T_q, value_length)
    attention = torch.matmul(weights, V)
    ### END OF YOUR CODE
    return attention, weights


# %% reference cell of: q3_5
@add_to_class(MultiHeadAttention)
def forward(self, query, key, value):
    """Multi-head attention of the queries over the keys and values."""
    # Shape of query: (B, T_q, embedding_dim)
    # Shape of key and value: (B, T_k, embedding_dim)
    ### YOUR CODE HERE (10 points)
    # Shapes: (B, num_heads, T_q, qk_length), (B, num_heads, T_k, qk_length),
    # (B, num_heads, T_k, value_length)
    Q = self.split_heads(self.W_q(query), self.qk_length)
    K = self.split_heads(self.W_k(key), self.qk_length)
    V = self.split_heads(self.W_v(value), self.value_length)
    # Applying the attention: (B, num_heads, T_q, value_length)
    attention, _ = self.scaled_attention(Q, K, V)
    # Combining the heads: (B, T_q, num_heads * value_length)
    attention = self.combine_heads(attention)
    # Output projection: (B, T_q, embedding_dim)
    attention = self.W_o(attention)
    ### END OF YOUR CODE
    return attention


# %% reference cell of: given
FORBIDDEN = {'q3_1': {'MultiheadAttention': 'nn.MultiheadAttention', 'scaled_dot_product_attention': 'F.scaled_dot_product_attention', 'multi_head_attention_forward': 'F.multi_head_attention_forward'}, 'q3_2': {'MultiheadAttention': 'nn.MultiheadAttention', 'scaled_dot_product_attention': 'F.scaled_dot_product_attention', 'multi_head_attention_forward': 'F.multi_head_attention_forward'}, 'q3_3': {'MultiheadAttention': 'nn.MultiheadAttention', 'scaled_dot_product_attention': 'F.scaled_dot_product_attention', 'multi_head_attention_forward': 'F.multi_head_attention_forward'}, 'q3_4': {'MultiheadAttention': 'nn.MultiheadAttention', 'scaled_dot_product_attention': 'F.scaled_dot_product_attention', 'multi_head_attention_forward': 'F.multi_head_attention_forward'}, 'q3_5': {'MultiheadAttention': 'nn.MultiheadAttention', 'scaled_dot_product_attention': 'F.scaled_dot_product_attention', 'multi_head_attention_forward': 'F.multi_head_attention_forward'}}
QUESTIONS = [{'name': 'q1_1', 'points': 1, 'manual': True, 'rubric': {'scoring': 'positive', 'items': [{'points': 1, 'description': 'token embeddings plus positional encoding, (B, T, embedding_dim)'}]}}, {'name': 'q1_2', 'points': 3, 'manual': True, 'rubric': {'scoring': 'positive', 'items': [{'points': 1.5, 'description': 'multi-head self-attention, and what it does'}, {'points': 1.5, 'description': 'position-wise feed-forward network, and what it does'}]}}, {'name': 'q1_3', 'points': 2, 'manual': True, 'rubric': {'scoring': 'positive', 'items': [{'points': 1, 'description': 'one contextual vector per position, same shape as the input'}, {'points': 1, 'description': 'used by the decoder (keys and values of cross-attention)'}]}}, {'name': 'q2_1', 'points': 2, 'manual': True, 'rubric': {'scoring': 'positive', 'items': [{'points': 1, 'description': 'query: what a position looks for; key: what it is matched against'}, {'points': 1, 'description': 'value: the content averaged with the softmax weights'}]}}, {'name': 'q2_2', 'points': 3, 'manual': True, 'rubric': {'scoring': 'positive', 'items': [{'points': 1, 'description': 'input shapes (B, T, embedding_dim)'}, {'points': 1, 'description': 'one linear map per Q, K, V to num_heads * vec_length'}, {'points': 1, 'description': 'shapes after the projections (B, T, num_heads * vec_length)'}]}}, {'name': 'q2_3', 'points': 1, 'manual': True, 'rubric': {'scoring': 'positive', 'items': [{'points': 1, 'description': '(B, T, num_heads * vec_length) -> (B, num_heads, T, vec_length)'}]}}, {'name': 'q2_4', 'points': 3, 'manual': True, 'rubric': {'scoring': 'positive', 'items': [{'points': 1.5, 'description': 'dot products grow with qk_length (variance qk_length); the factor brings them to variance 1'}, {'points': 1.5, 'description': 'without it the softmax saturates and gradients vanish'}]}}, {'name': 'q2_5', 'points': 1, 'manual': True, 'rubric': {'scoring': 'positive', 'items': [{'points': 1, 'description': '(B, num_heads, T, value_length) -> (B, T, num_heads * value_length)'}]}}, {'name': 'q3_1', 'points': 4, 'manual': False}, {'name': 'q3_2', 'points': 6, 'manual': False}, {'name': 'q3_3', 'points': 6, 'manual': False}, {'name': 'q3_4', 'points': 8, 'manual': False}, {'name': 'q3_5', 'points': 10, 'manual': False}]
