# expect: wrong
# why: the last two rows of the output typed in the wrong order
scores_hand = [[-0.2480, -0.5052, 0.0292],
               [-0.3180, -0.2799, 0.3849],
               [0.2060, 0.7671, 0.3039]]
weights_hand = [[0.3233, 0.2500, 0.4266],
                [0.2464, 0.2560, 0.4976],
                [0.2594, 0.4546, 0.2861]]
output_hand = [[0.4284, 0.1593],
               [0.6794, -0.0272],
               [0.3606, 0.2928]]
