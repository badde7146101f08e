# expect: wrong
# why: computed K Q^T (row i = key i against every query), so scores, weights and output follow the transpose
scores_hand = [[-0.2480, -0.3180, 0.2060],
               [-0.5052, -0.2799, 0.7671],
               [0.0292, 0.3849, 0.3039]]
weights_hand = [[0.2851, 0.2659, 0.4490],
                [0.1718, 0.2152, 0.6131],
                [0.2671, 0.3813, 0.3516]]
output_hand = [[0.4146, 0.2063],
               [0.2231, 0.4916],
               [0.5743, 0.0677]]
