# expect: correct
# why: tuples of tuples, every entry rounded to three decimal places
scores_hand = ((-0.248, -0.505, 0.029),
               (-0.318, -0.280, 0.385),
               (0.206, 0.767, 0.304))
weights_hand = ((0.323, 0.250, 0.427),
                (0.246, 0.256, 0.498),
                (0.259, 0.455, 0.286))
output_hand = ((0.428, 0.159),
               (0.361, 0.293),
               (0.679, -0.027))
