# expect: wrong
# why: dropped the minus of the first score (0.248) and carried it through row 1 (rows still sum to 1)
scores_hand = [[0.2480, -0.5052, 0.0292],
               [-0.3180, -0.2799, 0.3849],
               [0.2060, 0.7671, 0.3039]]
weights_hand = [[0.4397, 0.2070, 0.3533],
                [0.2464, 0.2560, 0.4976],
                [0.2594, 0.4546, 0.2861]]
output_hand = [[0.4785, 0.0081],
               [0.3606, 0.2928],
               [0.6794, -0.0272]]
