# expect: correct
# why: torch.einsum for the scores and for the weighted sum, math.sqrt
class DotProductAttention(nn.Module):  #@save
    """Scaled dot-product attention."""
    def __init__(self, dropout):
        super().__init__()
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, keys, values, valid_lens=None):
        import math
        scores = torch.einsum("bnd,bmd->bnm", queries, keys) / math.sqrt(queries.shape[-1])
        attention_weights = masked_softmax(scores, valid_lens)
        output = torch.einsum("bnm,bmv->bnv", self.dropout(attention_weights), values)
        return output, attention_weights
