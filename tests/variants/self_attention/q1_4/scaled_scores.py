# expect: wrong
# why: divided the scores by sqrt(d_k) = sqrt(2) although the task says unscaled (rows still sum to 1)
scores_hand = [[-0.1754, -0.3572, 0.0206],
               [-0.2249, -0.1979, 0.2722],
               [0.1457, 0.5424, 0.2149]]
weights_hand = [[0.3278, 0.2733, 0.3988],
                [0.2724, 0.2798, 0.4478],
                [0.2810, 0.4179, 0.3011]]
output_hand = [[0.4688, 0.1162],
               [0.4233, 0.2091],
               [0.6445, -0.0125]]
