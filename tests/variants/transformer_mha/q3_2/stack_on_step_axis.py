# expect: wrong
# why: stacks the head blocks on axis 2 and reshapes to the target shape: right shape, wrong elements
@add_to_class(MultiHeadAttention)
def split_heads(self, x, vec_length):
    B, T, _ = x.shape
    blocks = [x[..., i * vec_length:(i + 1) * vec_length] for i in range(self.num_heads)]
    return torch.stack(blocks, dim=2).reshape(B, self.num_heads, T, vec_length)
