# expect: wrong
# why: transposes steps and features, then reshapes straight to the target shape: right shape, wrong elements
@d2l.add_to_class(MultiHeadAttention)
def transpose_qkv(self, X):
    batch_size, num_steps, num_hiddens = X.shape
    return X.transpose(1, 2).reshape(batch_size * self.num_heads, num_steps, -1)
