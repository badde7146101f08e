# expect: wrong
# why: took the values to be the inputs themselves (V = X, forgot W_V)
Q_hand = [[0.44, -0.36],
          [0.75, -0.09],
          [-0.19, 0.65]]
K_hand = [[-0.40, 0.20],
          [-0.24, 1.11],
          [0.59, 0.64]]
V_hand = [[0.8, -0.4],
          [1.2, 0.3],
          [-0.5, 1.1]]
