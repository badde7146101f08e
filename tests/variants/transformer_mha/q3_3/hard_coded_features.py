# expect: wrong
# why: hard-codes the 10 output features of the public check (2 heads of 5)
@add_to_class(MultiHeadAttention)
def combine_heads(self, x):
    return x.transpose(1, 2).reshape(x.shape[0], x.shape[2], 10)
