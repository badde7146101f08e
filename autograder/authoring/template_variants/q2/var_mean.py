# expect: correct
# why: torch.var_mean with correction=0
class Standardize(nn.Module):
    """Standardize the last axis: zero mean and unit variance (a layer norm without weights)."""
    def __init__(self, eps=1e-5):
        super().__init__()
        self.eps = eps

    def forward(self, x):
        var, mean = torch.var_mean(x, dim=-1, correction=0, keepdim=True)
        return (x - mean) / (var + self.eps).sqrt()
