# expect: correct
# why: fills a new_empty tensor of x's dtype head by head (float64-safe), using torch.split
@add_to_class(MultiHeadAttention)
def split_heads(self, x, vec_length):
    out = x.new_empty(x.shape[0], self.num_heads, x.shape[1], vec_length)
    for i, block in enumerate(torch.split(x, vec_length, dim=2)):
        out[:, i] = block
    return out
