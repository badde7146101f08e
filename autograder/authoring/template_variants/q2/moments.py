# expect: correct
# why: the variance as E[x^2] - E[x]^2
class Standardize(nn.Module):
    """Standardize the last axis: zero mean and unit variance (a layer norm without weights)."""
    def __init__(self, eps=1e-5):
        super().__init__()
        self.eps = eps

    def forward(self, x):
        mean = x.mean(dim=-1, keepdim=True)
        var = (x * x).mean(dim=-1, keepdim=True) - mean ** 2
        return (x - mean) / torch.sqrt(var + self.eps)
