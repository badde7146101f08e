# expect: correct
# why: the same numbers typed as float64 tensors (torch.tensor with dtype) instead of lists
Q_hand = torch.tensor([[0.44, -0.36], [0.75, -0.09], [-0.19, 0.65]], dtype=torch.float64)
K_hand = torch.tensor([[-0.40, 0.20], [-0.24, 1.11], [0.59, 0.64]], dtype=torch.float64)
V_hand = torch.tensor([[0.72, -0.72], [1.26, -0.36], [-0.28, 1.13]], dtype=torch.float64)
