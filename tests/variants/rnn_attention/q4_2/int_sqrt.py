# expect: wrong
# why: integer square root: int(math.sqrt(d)) (exact only when d is a perfect square)
class DotProductAttention(nn.Module):  #@save
    """Scaled dot-product attention."""
    def __init__(self, dropout):
        super().__init__()
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, keys, values, valid_lens=None):
        import math
        d = queries.shape[-1]
        scores = torch.bmm(queries, keys.transpose(1, 2)) / int(math.sqrt(d))
        attention_weights = masked_softmax(scores, valid_lens)
        return torch.bmm(self.dropout(attention_weights), values), attention_weights
