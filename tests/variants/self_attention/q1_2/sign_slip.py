# expect: wrong
# why: (-0.4) * 0.8 taken as +0.32 in V row 1 (an arithmetic slip in one entry)
Q_hand = [[0.44, -0.36],
          [0.75, -0.09],
          [-0.19, 0.65]]
K_hand = [[-0.40, 0.20],
          [-0.24, 1.11],
          [0.59, 0.64]]
V_hand = [[0.72, -0.08],
          [1.26, -0.36],
          [-0.28, 1.13]]
