# expect: wrong
# why: typed each matrix column by column, so every one is 2 x 3 (Q^T, K^T, V^T)
Q_hand = [[0.44, 0.75, -0.19],
          [-0.36, -0.09, 0.65]]
K_hand = [[-0.40, -0.24, 0.59],
          [0.20, 1.11, 0.64]]
V_hand = [[0.72, 1.26, -0.28],
          [-0.72, -0.36, 1.13]]
