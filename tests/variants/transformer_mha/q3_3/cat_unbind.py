# expect: correct
# why: unbinds the head axis and concatenates the heads along the features, head 0 first
@add_to_class(MultiHeadAttention)
def combine_heads(self, x):
    return torch.cat(torch.unbind(x, dim=1), dim=-1)
