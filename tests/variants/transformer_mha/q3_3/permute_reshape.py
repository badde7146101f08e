# expect: correct
# why: permute(0, 2, 1, 3) and a reshape that computes the feature count from the shape
@add_to_class(MultiHeadAttention)
def combine_heads(self, x):
    B, H, T, D = x.shape
    return x.permute(0, 2, 1, 3).reshape(B, T, H * D)
