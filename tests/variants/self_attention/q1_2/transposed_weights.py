# expect: wrong
# why: multiplied each row of X by the rows of W (X W^T, the "W x" habit) instead of by its columns
Q_hand = [[0.56, -0.12],
          [0.66, 0.27],
          [-0.52, 0.50]]
K_hand = [[-0.52, -0.04],
          [-0.15, 0.75],
          [0.92, 0.79]]
V_hand = [[1.00, -0.16],
          [1.05, 0.48],
          [-1.05, 0.78]]
