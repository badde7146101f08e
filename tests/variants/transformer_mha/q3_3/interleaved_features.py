# expect: wrong
# why: permute(0, 2, 3, 1) puts the head axis last, interleaving the heads' features
@add_to_class(MultiHeadAttention)
def combine_heads(self, x):
    B, H, T, D = x.shape
    return x.permute(0, 2, 3, 1).reshape(B, T, H * D)
