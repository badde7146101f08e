# expect: correct
# why: loops over examples and heads, slicing each head's block of features
@d2l.add_to_class(MultiHeadAttention)
def transpose_qkv(self, X):
    size = X.shape[-1] // self.num_heads
    blocks = []
    for example in range(X.shape[0]):
        for head in range(self.num_heads):
            blocks.append(X[example, :, head * size:(head + 1) * size])
    return torch.stack(blocks)
