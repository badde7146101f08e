# expect: wrong
# why: every entry rounded to one decimal place (the handout asks for at least three)
Q_hand = [[0.4, -0.4],
          [0.8, -0.1],
          [-0.2, 0.7]]
K_hand = [[-0.4, 0.2],
          [-0.2, 1.1],
          [0.6, 0.6]]
V_hand = [[0.7, -0.7],
          [1.3, -0.4],
          [-0.3, 1.1]]
