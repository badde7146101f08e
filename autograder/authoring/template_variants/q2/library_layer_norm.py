# expect: wrong
# why: right numbers, but uses F.layer_norm, which the question does not allow
import torch.nn.functional as F


class Standardize(nn.Module):
    """Standardize the last axis: zero mean and unit variance (a layer norm without weights)."""
    def __init__(self, eps=1e-5):
        super().__init__()
        self.eps = eps

    def forward(self, x):
        return F.layer_norm(x, x.shape[-1:], eps=self.eps)
