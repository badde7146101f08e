# expect: correct
# why: keys.permute(0, 2, 1) and torch.baddbmm with beta=0 and alpha=1/sqrt(d)
class DotProductAttention(nn.Module):  #@save
    """Scaled dot-product attention."""
    def __init__(self, dropout):
        super().__init__()
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, keys, values, valid_lens=None):
        n, m = queries.shape[1], keys.shape[1]
        empty = queries.new_zeros(queries.shape[0], n, m)
        scores = torch.baddbmm(empty, queries, keys.permute(0, 2, 1), beta=0, alpha=1 / queries.shape[2] ** 0.5)
        attention_weights = masked_softmax(scores, valid_lens)
        return torch.bmm(self.dropout(attention_weights), values), attention_weights
