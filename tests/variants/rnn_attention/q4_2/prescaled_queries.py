# expect: correct
# why: scales the queries before the product (keys.mT, torch.matmul), F.dropout with training=self.training
class DotProductAttention(nn.Module):  #@save
    """Scaled dot-product attention."""
    def __init__(self, dropout):
        super().__init__()
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, keys, values, valid_lens=None):
        scaled = queries / torch.sqrt(torch.tensor(float(queries.shape[-1])))
        attention_weights = masked_softmax(torch.matmul(scaled, keys.mT), valid_lens)
        dropped = F.dropout(attention_weights, p=self.dropout.p, training=self.training)
        return torch.matmul(dropped, values), attention_weights
