# expect: correct
# why: default torch.tensor (float32) of the numbers, one matrix per line
Q_hand = torch.tensor([[0.44, -0.36], [0.75, -0.09], [-0.19, 0.65]])
K_hand = torch.tensor([[-0.4, 0.2], [-0.24, 1.11], [0.59, 0.64]])
V_hand = torch.tensor([[0.72, -0.72], [1.26, -0.36], [-0.28, 1.13]])
