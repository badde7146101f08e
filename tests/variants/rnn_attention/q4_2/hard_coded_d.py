# expect: wrong
# why: hard-codes d = 4 from the public test and the sanity check (passes every public test)
class DotProductAttention(nn.Module):  #@save
    """Scaled dot-product attention."""
    def __init__(self, dropout):
        super().__init__()
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, keys, values, valid_lens=None):
        scores = torch.bmm(queries, keys.transpose(1, 2)) / 2.0
        attention_weights = masked_softmax(scores, valid_lens)
        return torch.bmm(self.dropout(attention_weights), values), attention_weights
