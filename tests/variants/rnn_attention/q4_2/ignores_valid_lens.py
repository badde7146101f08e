# expect: wrong
# why: valid_lens not passed to masked_softmax
class DotProductAttention(nn.Module):  #@save
    """Scaled dot-product attention."""
    def __init__(self, dropout):
        super().__init__()
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, keys, values, valid_lens=None):
        d = queries.shape[-1]
        scores = torch.bmm(queries, keys.transpose(1, 2)) / d ** 0.5
        attention_weights = masked_softmax(scores)
        return torch.bmm(self.dropout(attention_weights), values), attention_weights
