# expect: correct
# why: default float32 torch.tensor, more digits than asked
scores_hand = torch.tensor([[-0.24800, -0.50520, 0.02920],
                            [-0.31800, -0.27990, 0.38490],
                            [0.20600, 0.76710, 0.30390]])
weights_hand = torch.tensor([[0.32334, 0.25002, 0.42664],
                             [0.24642, 0.25599, 0.49759],
                             [0.25938, 0.45457, 0.28605]])
output_hand = torch.tensor([[0.42839, 0.15929],
                            [0.36063, 0.29278],
                            [0.67941, -0.02719]])
