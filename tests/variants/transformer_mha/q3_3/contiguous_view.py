# expect: correct
# why: transpose(1, 2), then contiguous().view
@add_to_class(MultiHeadAttention)
def combine_heads(self, x):
    B, _, T, _ = x.size()
    return x.transpose(1, 2).contiguous().view(B, T, -1)
