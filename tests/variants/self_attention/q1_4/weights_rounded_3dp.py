# expect: correct
# why: output worked out from the weights rounded to three decimals (still within 0.005)
scores_hand = [[-0.2480, -0.5052, 0.0292],
               [-0.3180, -0.2799, 0.3849],
               [0.2060, 0.7671, 0.3039]]
weights_hand = [[0.323, 0.250, 0.427],
                [0.246, 0.256, 0.498],
                [0.259, 0.455, 0.286]]
output_hand = [[0.4280, 0.1599],
               [0.3602, 0.2935],
               [0.6797, -0.0271]]
