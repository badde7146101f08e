# expect: correct
# why: unflatten the last axis into (num_heads, vec_length), then movedim the head axis to 1
@add_to_class(MultiHeadAttention)
def split_heads(self, x, vec_length):
    return x.unflatten(-1, (self.num_heads, vec_length)).movedim(2, 1)
