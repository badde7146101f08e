# expect: correct
# why: movedim(1, 2) then flatten(start_dim=2)
@add_to_class(MultiHeadAttention)
def combine_heads(self, x):
    return torch.movedim(x, 1, 2).flatten(start_dim=2)
