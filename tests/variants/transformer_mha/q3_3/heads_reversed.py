# expect: wrong
# why: concatenates the heads last to first
@add_to_class(MultiHeadAttention)
def combine_heads(self, x):
    heads = [x[:, h] for h in range(x.shape[1])]
    return torch.cat(heads[::-1], dim=-1)
