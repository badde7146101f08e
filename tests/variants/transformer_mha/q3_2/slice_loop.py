# expect: correct
# why: loops over the heads, slicing block i of vec_length features, and stacks the slices
@add_to_class(MultiHeadAttention)
def split_heads(self, x, vec_length):
    blocks = []
    for i in range(self.num_heads):
        blocks.append(x[:, :, i * vec_length:(i + 1) * vec_length])
    return torch.stack(blocks, dim=1)
