# expect: correct
# why: splits the features into head blocks with chunk, stacks them on a new axis 1, flattens
@d2l.add_to_class(MultiHeadAttention)
def transpose_qkv(self, X):
    heads = torch.stack(torch.chunk(X, self.num_heads, dim=-1), dim=1)
    return heads.flatten(0, 1)
