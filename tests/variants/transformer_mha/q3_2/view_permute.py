# expect: correct
# why: view with -1 for the head size, then permute(0, 2, 1, 3)
@add_to_class(MultiHeadAttention)
def split_heads(self, x, vec_length):
    B, T, _ = x.shape
    return x.view(B, T, self.num_heads, -1).permute(0, 2, 1, 3)
