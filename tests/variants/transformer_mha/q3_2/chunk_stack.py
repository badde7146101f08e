# expect: correct
# why: cuts the features into num_heads chunks and stacks them on a new axis 1
@add_to_class(MultiHeadAttention)
def split_heads(self, x, vec_length):
    heads = torch.chunk(x, self.num_heads, dim=-1)
    return torch.stack(heads, dim=1)
