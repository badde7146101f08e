# expect: wrong
# why: assumes every input has value_length features per head (num_heads * value_length), so it cannot undo a split of queries or keys
@add_to_class(MultiHeadAttention)
def combine_heads(self, x):
    B, T = x.shape[0], x.shape[2]
    return x.transpose(1, 2).reshape(B, T, self.num_heads * self.value_length)
