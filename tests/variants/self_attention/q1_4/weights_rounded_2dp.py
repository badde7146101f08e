# expect: wrong
# why: rounded the weights to two decimals before the output (the handout says round only at the end): output off by 0.007
scores_hand = [[-0.248, -0.505, 0.029],
               [-0.318, -0.280, 0.385],
               [0.206, 0.767, 0.304]]
weights_hand = [[0.32, 0.25, 0.43],
                [0.25, 0.26, 0.50],
                [0.26, 0.45, 0.29]]
output_hand = [[0.4250, 0.1655],
               [0.3676, 0.2914],
               [0.6730, -0.0215]]
