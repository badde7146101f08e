# expect: correct
# why: super(DotProductAttention, self) names the class itself, which is no forbidden shortcut
class DotProductAttention(nn.Module):
    def __init__(self, dropout):
        super(DotProductAttention, self).__init__()
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, keys, values, valid_lens=None):
        scores = queries @ keys.transpose(-2, -1) / queries.shape[-1] ** 0.5
        attention_weights = masked_softmax(scores, valid_lens)
        return self.dropout(attention_weights) @ values, attention_weights
