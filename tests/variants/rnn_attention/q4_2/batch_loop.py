# expect: correct
# why: a loop over the batch, one 2-D matrix product per example, torch.stack
class DotProductAttention(nn.Module):  #@save
    """Scaled dot-product attention."""
    def __init__(self, dropout):
        super().__init__()
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, keys, values, valid_lens=None):
        d = queries.shape[-1]
        scores = torch.stack([queries[k] @ keys[k].T for k in range(queries.shape[0])]) / d ** 0.5
        attention_weights = masked_softmax(scores, valid_lens)
        dropped = self.dropout(attention_weights)
        output = torch.stack([dropped[k] @ values[k] for k in range(values.shape[0])])
        return output, attention_weights
