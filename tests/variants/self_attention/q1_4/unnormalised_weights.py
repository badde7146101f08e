# expect: wrong
# why: forgot to divide by the row sums: weights are the exponentials exp(S)
scores_hand = [[-0.2480, -0.5052, 0.0292],
               [-0.3180, -0.2799, 0.3849],
               [0.2060, 0.7671, 0.3039]]
weights_hand = [[0.7804, 0.6034, 1.0296],
                [0.7276, 0.7559, 1.4695],
                [1.2288, 2.1535, 1.3551]]
output_hand = [[1.0338, 0.3844],
               [1.0648, 0.8645],
               [3.2187, -0.1287]]
