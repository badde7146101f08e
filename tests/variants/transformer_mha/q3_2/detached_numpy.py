# expect: wrong
# why: goes through numpy (detach().numpy()), so the values are right but no gradient reaches the projections
@add_to_class(MultiHeadAttention)
def split_heads(self, x, vec_length):
    B, T, _ = x.shape
    arr = x.detach().numpy().reshape(B, T, self.num_heads, vec_length)
    return torch.from_numpy(arr.transpose(0, 2, 1, 3).copy())
