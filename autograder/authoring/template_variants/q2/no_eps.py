# expect: wrong
# why: ignores eps
class Standardize(nn.Module):
    """Standardize the last axis: zero mean and unit variance (a layer norm without weights)."""
    def __init__(self, eps=1e-5):
        super().__init__()
        self.eps = eps

    def forward(self, x):
        mean = x.mean(dim=-1, keepdim=True)
        var = x.var(dim=-1, unbiased=False, keepdim=True)
        return (x - mean) / torch.sqrt(var)
