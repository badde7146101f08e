# expect: wrong
# why: everything rounded to one decimal place
scores_hand = [[-0.2, -0.5, 0.0],
               [-0.3, -0.3, 0.4],
               [0.2, 0.8, 0.3]]
weights_hand = [[0.3, 0.3, 0.4],
                [0.2, 0.3, 0.5],
                [0.3, 0.5, 0.2]]
output_hand = [[0.4, 0.2],
               [0.4, 0.3],
               [0.7, 0.0]]
