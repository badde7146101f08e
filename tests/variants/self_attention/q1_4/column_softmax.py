# expect: wrong
# why: softmax over each column of the scores instead of each row
scores_hand = [[-0.2480, -0.5052, 0.0292],
               [-0.3180, -0.2799, 0.3849],
               [0.2060, 0.7671, 0.3039]]
weights_hand = [[0.2851, 0.1718, 0.2671],
                [0.2659, 0.2152, 0.3813],
                [0.4490, 0.6131, 0.3516]]
output_hand = [[0.3469, 0.0347],
               [0.3558, 0.1619],
               [0.9973, -0.1467]]
