# expect: correct
# why: the @ operator with keys.transpose(-2, -1), scaled by d ** -0.5
class DotProductAttention(nn.Module):  #@save
    """Scaled dot-product attention."""
    def __init__(self, dropout):
        super().__init__()
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, keys, values, valid_lens=None):
        d = queries.size(-1)
        scores = (queries @ keys.transpose(-2, -1)) * d ** -0.5
        attention_weights = masked_softmax(scores, valid_lens)
        return self.dropout(attention_weights) @ values, attention_weights
