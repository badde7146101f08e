# expect: wrong
# why: concatenates the heads in numpy (detach().numpy()), so the values are right but no gradient flows back
import numpy as np


@add_to_class(MultiHeadAttention)
def combine_heads(self, x):
    heads = [x[:, h].detach().numpy() for h in range(x.shape[1])]
    return torch.from_numpy(np.concatenate(heads, axis=-1))
