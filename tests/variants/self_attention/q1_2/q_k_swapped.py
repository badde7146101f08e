# expect: wrong
# why: the queries typed into K_hand and the keys into Q_hand
Q_hand = [[-0.40, 0.20],
          [-0.24, 1.11],
          [0.59, 0.64]]
K_hand = [[0.44, -0.36],
          [0.75, -0.09],
          [-0.19, 0.65]]
V_hand = [[0.72, -0.72],
          [1.26, -0.36],
          [-0.28, 1.13]]
