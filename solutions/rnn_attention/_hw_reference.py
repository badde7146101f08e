"""Reference answers, generated from notebooks/rnn_attention/rnn_attention.ipynb by `python -m autograder build rnn_attention`; do not edit.

Hidden tests compare answers with these and use them in place of the answers a question
builds on. Never published."""
# %% reference cell of: given
import torch
from torch import nn
from torch.nn import functional as F
import matplotlib.pyplot as plt
from d2l import torch as d2l


# %% reference cell of: q1_1
def rnn_step(x_t, h_prev, W_x, W_h, b):
    """One step of a simple RNN, equation (1)."""
    # Shape of x_t: (d,)
    # Shape of h_prev: (h,)
    # Shape of W_x: (d, h)
    # Shape of W_h: (h, h)
    # Shape of b: (h,)
    ### YOUR CODE HERE (5 points)
    h_t = torch.tanh(x_t @ W_x + h_prev @ W_h + b)
    ### END OF YOUR CODE
    return h_t


# %% reference cell of: q1_2
def lstm_step(x_t, h_prev, c_prev, W_f, U_f, b_f, W_i, U_i, b_i,
              W_o, U_o, b_o, W_c, U_c, b_c):
    """One step of an LSTM, equation (2)."""
    # Shape of x_t: (d,)
    # Shape of h_prev: (h,)
    # Shape of c_prev: (h,)
    # Shape of W_*, U_*, b_*: (d, h), (h, h), (h,)
    ### YOUR CODE HERE (5 points)
    f_t = torch.sigmoid(x_t @ W_f + h_prev @ U_f + b_f)
    i_t = torch.sigmoid(x_t @ W_i + h_prev @ U_i + b_i)
    o_t = torch.sigmoid(x_t @ W_o + h_prev @ U_o + b_o)
    c_tilde = torch.tanh(x_t @ W_c + h_prev @ U_c + b_c)
    c_t = f_t * c_prev + i_t * c_tilde
    h_t = o_t * torch.tanh(c_t)
    ### END OF YOUR CODE
    return h_t, c_t


# %% reference cell of: q2_1
def rnn_forward(X, h0, W_x, W_h, b):
    """Run an RNN over a whole sequence; return the hidden state after every step."""
    # Shape of X: (T, d)
    # Shape of h0: (h,)
    # Shape of W_x, W_h, b: (d, h), (h, h), (h,)
    T = X.shape[0]  # number of time steps
    H_seq = []  # hidden state after each step
    h_t = h0
    ### YOUR CODE HERE (5 points)
    for t in range(T):
        h_t = rnn_step(X[t], h_t, W_x, W_h, b)
        H_seq.append(h_t)
    ### END OF YOUR CODE
    H_seq = torch.stack(H_seq)  # Shape of H_seq: (T, h)
    return H_seq


# %% reference cell of: q2_2
def lstm_forward(X, h0, c0, W_f, U_f, b_f, W_i, U_i, b_i,
                 W_o, U_o, b_o, W_c, U_c, b_c):
    """Run an LSTM over a whole sequence; return hidden and cell states after every step."""
    # Shape of X: (T, d)
    # Shape of h0: (h,)
    # Shape of c0: (h,)
    # Shape of W_*, U_*, b_*: (d, h), (h, h), (h,)
    T = X.shape[0]
    H_seq, C_seq = [], []  # hidden and cell state after each step
    h_t, c_t = h0, c0
    ### YOUR CODE HERE (5 points)
    for t in range(T):
        h_t, c_t = lstm_step(X[t], h_t, c_t, W_f, U_f, b_f, W_i, U_i, b_i,
                             W_o, U_o, b_o, W_c, U_c, b_c)
        H_seq.append(h_t)
        C_seq.append(c_t)
    ### END OF YOUR CODE
    H_seq = torch.stack(H_seq)  # Shape of H_seq: (T, h)
    C_seq = torch.stack(C_seq)  # Shape of C_seq: (T, h)
    return H_seq, C_seq


# %% reference cell of: q3
def masked_softmax(X, valid_lens=None):  #@save
    """Softmax over the last axis that ignores positions beyond the valid lengths."""
    # Shape of X: (batch_size, num_queries, num_keys)
    # Shape of valid_lens: (batch_size,) or (batch_size, num_queries)
    def sequence_mask(X, valid_lens, value=0):
        # Shape of X: (batch_size * num_queries, num_keys)
        # Shape of valid_lens: (batch_size * num_queries,)
        ### YOUR CODE HERE (10 points)
        positions = torch.arange(X.shape[1], device=X.device)
        keep = positions[None, :] < valid_lens[:, None]
        return torch.where(keep, X, torch.full_like(X, value))
        ### END OF YOUR CODE

    if valid_lens is None:
        ### YOUR CODE HERE (2 points)
        return F.softmax(X, dim=-1)
        ### END OF YOUR CODE
    else:
        shape = X.shape
        if valid_lens.dim() == 1:
            valid_lens = torch.repeat_interleave(valid_lens, shape[1])
        else:
            valid_lens = valid_lens.reshape(-1)
        # Replace masked scores by a very large negative value, whose exponential is 0
        X = sequence_mask(X.reshape(-1, shape[-1]), valid_lens, value=-1e6)
        ### YOUR CODE HERE (3 points)
        return F.softmax(X.reshape(shape), dim=-1)
        ### END OF YOUR CODE


# %% reference cell of: q4_2
class DotProductAttention(nn.Module):  #@save
    """Scaled dot-product attention."""
    def __init__(self, dropout):
        super().__init__()
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, keys, values, valid_lens=None):
        # queries, keys, values: the shapes you gave in Question 4.1
        # Shape of valid_lens: (batch_size,) or (batch_size, n)
        ### YOUR CODE HERE (10 points)
        d = queries.shape[-1]
        scores = torch.bmm(queries, keys.transpose(1, 2)) / d ** 0.5
        attention_weights = masked_softmax(scores, valid_lens)
        ### END OF YOUR CODE
        return torch.bmm(self.dropout(attention_weights), values), attention_weights


# %% reference cell of: q5
class Seq2SeqAttentionDecoder(d2l.AttentionDecoder):
    """An RNN (GRU) decoder that attends over the encoder's outputs at every step."""
    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, dropout=0):
        super().__init__()
        self.attention = d2l.AdditiveAttention(num_hiddens, dropout)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.GRU(embed_size + num_hiddens, num_hiddens, num_layers, dropout=dropout)
        self.dense = nn.LazyLinear(vocab_size)
        self.apply(d2l.init_seq2seq)

    def init_state(self, enc_outputs, enc_valid_lens):
        # Shape of outputs: (num_steps_enc, batch_size, num_hiddens)
        # Shape of hidden_state: (num_layers, batch_size, num_hiddens)
        outputs, hidden_state = enc_outputs
        return (outputs.permute(1, 0, 2), hidden_state, enc_valid_lens)

    def forward(self, X, state):
        # Shape of enc_outputs: (batch_size, num_steps_enc, num_hiddens)
        # Shape of hidden_state: (num_layers, batch_size, num_hiddens)
        enc_outputs, hidden_state, enc_valid_lens = state
        # Shape of X after embedding and permute: (num_steps_dec, batch_size, embed_size)
        X = self.embedding(X).permute(1, 0, 2)
        outputs, self._attention_weights = [], []
        ### YOUR CODE HERE (10 points)
        for x in X:
            # Shape of query: (batch_size, 1, num_hiddens)
            query = hidden_state[-1].unsqueeze(1)
            # Shape of context: (batch_size, 1, num_hiddens)
            context = self.attention(query, enc_outputs, enc_outputs, enc_valid_lens)
            x = torch.cat((context, x.unsqueeze(1)), dim=-1)
            out, hidden_state = self.rnn(x.permute(1, 0, 2), hidden_state)
            outputs.append(out)
            self._attention_weights.append(self.attention.attention_weights)
        # Shape of outputs: (num_steps_dec, batch_size, vocab_size)
        outputs = self.dense(torch.cat(outputs, dim=0))
        ### END OF YOUR CODE
        return outputs.permute(1, 0, 2), [enc_outputs, hidden_state, enc_valid_lens]

    @property
    def attention_weights(self):
        return self._attention_weights


# %% reference cell of: given
class MultiHeadAttention(nn.Module):  #@save
    """Multi-head attention."""
    def __init__(self, num_hiddens, num_heads, dropout, bias=False, **kwargs):
        super().__init__()
        self.num_heads = num_heads
        self.attention = d2l.DotProductAttention(dropout)
        self.W_q = nn.LazyLinear(num_hiddens, bias=bias)
        self.W_k = nn.LazyLinear(num_hiddens, bias=bias)
        self.W_v = nn.LazyLinear(num_hiddens, bias=bias)
        self.W_o = nn.LazyLinear(num_hiddens, bias=bias)


# %% reference cell of: q7_1
@d2l.add_to_class(MultiHeadAttention)  #@save
def transpose_qkv(self, X):
    """Move the heads into the batch axis, for parallel computation of all heads."""
    # Shape of X: (batch_size, num_steps, num_hiddens)
    ### YOUR CODE HERE (10 points)
    # Shape of X: (batch_size, num_steps, num_heads, num_hiddens / num_heads)
    X = X.reshape(X.shape[0], X.shape[1], self.num_heads, -1)
    # Shape of X: (batch_size, num_heads, num_steps, num_hiddens / num_heads)
    X = X.permute(0, 2, 1, 3)
    # Shape of output: (batch_size * num_heads, num_steps, num_hiddens / num_heads)
    return X.reshape(-1, X.shape[2], X.shape[3])
    ### END OF YOUR CODE


# %% reference cell of: q7_2
@d2l.add_to_class(MultiHeadAttention)  #@save
def transpose_output(self, X):
    """Reverse the operation of transpose_qkv."""
    # Shape of X: (batch_size * num_heads, num_steps, num_hiddens / num_heads)
    ### YOUR CODE HERE (10 points)
    X = X.reshape(-1, self.num_heads, X.shape[1], X.shape[2])
    X = X.permute(0, 2, 1, 3)
    return X.reshape(X.shape[0], X.shape[1], -1)
    ### END OF YOUR CODE


# %% reference cell of: q7_3
@d2l.add_to_class(MultiHeadAttention)  #@save
def forward(self, queries, keys, values, valid_lens):
    # Shape of queries, keys, values: (batch_size, num_queries or num_kv_pairs, num_hiddens)
    # Shape of valid_lens: (batch_size,) or (batch_size, num_queries)
    ### YOUR CODE HERE (10 points)
    # After transposing, shape of queries, keys, values:
    # (batch_size * num_heads, num_queries or num_kv_pairs, num_hiddens / num_heads)
    queries = self.transpose_qkv(self.W_q(queries))
    keys = self.transpose_qkv(self.W_k(keys))
    values = self.transpose_qkv(self.W_v(values))
    if valid_lens is not None:
        # Each example's lengths, once per head: (batch_size * num_heads,) or
        # (batch_size * num_heads, num_queries)
        valid_lens = torch.repeat_interleave(valid_lens, repeats=self.num_heads, dim=0)
    # Shape of output: (batch_size * num_heads, num_queries, num_hiddens / num_heads)
    output = self.attention(queries, keys, values, valid_lens)
    # Shape of output_concat: (batch_size, num_queries, num_hiddens)
    output_concat = self.transpose_output(output)
    ### END OF YOUR CODE
    return self.W_o(output_concat)


# %% reference cell of: given
FORBIDDEN = {'q1_1': {'RNNCell': 'nn.RNNCell', 'LSTMCell': 'nn.LSTMCell', 'RNN': 'nn.RNN', 'LSTM': 'nn.LSTM', 'rnn_tanh_cell': 'torch.rnn_tanh_cell', 'lstm_cell': 'torch.lstm_cell'}, 'q1_2': {'RNNCell': 'nn.RNNCell', 'LSTMCell': 'nn.LSTMCell', 'RNN': 'nn.RNN', 'LSTM': 'nn.LSTM', 'rnn_tanh_cell': 'torch.rnn_tanh_cell', 'lstm_cell': 'torch.lstm_cell'}, 'q2_1': {'RNNCell': 'nn.RNNCell', 'LSTMCell': 'nn.LSTMCell', 'RNN': 'nn.RNN', 'LSTM': 'nn.LSTM', 'rnn_tanh_cell': 'torch.rnn_tanh_cell', 'lstm_cell': 'torch.lstm_cell'}, 'q2_2': {'RNNCell': 'nn.RNNCell', 'LSTMCell': 'nn.LSTMCell', 'RNN': 'nn.RNN', 'LSTM': 'nn.LSTM', 'rnn_tanh_cell': 'torch.rnn_tanh_cell', 'lstm_cell': 'torch.lstm_cell'}, 'q3': {'masked_softmax': 'd2l.masked_softmax'}, 'q4_2': {'scaled_dot_product_attention': 'F.scaled_dot_product_attention', 'MultiheadAttention': 'nn.MultiheadAttention', 'DotProductAttention': 'd2l.DotProductAttention'}, 'q5': {'Seq2SeqAttentionDecoder': 'd2l.Seq2SeqAttentionDecoder'}, 'q7_1': {'MultiheadAttention': 'nn.MultiheadAttention', 'multi_head_attention_forward': 'F.multi_head_attention_forward', 'MultiHeadAttention': 'd2l.MultiHeadAttention'}, 'q7_2': {'MultiheadAttention': 'nn.MultiheadAttention', 'multi_head_attention_forward': 'F.multi_head_attention_forward', 'MultiHeadAttention': 'd2l.MultiHeadAttention'}, 'q7_3': {'MultiheadAttention': 'nn.MultiheadAttention', 'multi_head_attention_forward': 'F.multi_head_attention_forward', 'MultiHeadAttention': 'd2l.MultiHeadAttention'}}
QUESTIONS = [{'name': 'q1_1', 'points': 5, 'manual': False}, {'name': 'q1_2', 'points': 5, 'manual': False}, {'name': 'q2_1', 'points': 5, 'manual': False}, {'name': 'q2_2', 'points': 5, 'manual': False}, {'name': 'q3', 'points': 15, 'manual': False}, {'name': 'q4_1', 'points': 5, 'manual': True, 'rubric': {'scoring': 'positive', 'items': [{'points': 1, 'description': 'queries and keys: (batch_size, n, d) and (batch_size, m, d)'}, {'points': 1, 'description': 'values: (batch_size, m, v)'}, {'points': 1, 'description': 'scores: (batch_size, n, m)'}, {'points': 1, 'description': 'attention weights: (batch_size, n, m), softmax over the last axis'}, {'points': 1, 'description': 'output: (batch_size, n, v)'}]}}, {'name': 'q4_2', 'points': 10, 'manual': False}, {'name': 'q5', 'points': 10, 'manual': False}, {'name': 'q6', 'points': 10, 'manual': True, 'rubric': {'scoring': 'positive', 'items': [{'points': 3, 'description': 'heads attend to different positions / kinds of relation (several notions of relevance)'}, {'points': 3, 'description': 'each head works in its own lower-dimensional subspace (own projections)'}, {'points': 2, 'description': 'cost stays close to one full-width head; heads run in parallel'}, {'points': 2, 'description': 'concatenation + output projection combines the views into a richer representation'}]}}, {'name': 'q7_1', 'points': 10, 'manual': False}, {'name': 'q7_2', 'points': 10, 'manual': False}, {'name': 'q7_3', 'points': 10, 'manual': False}]
