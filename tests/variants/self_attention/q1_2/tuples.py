# expect: correct
# why: rows typed as tuples of tuples, with trailing zeros
Q_hand = ((0.440, -0.360), (0.750, -0.090), (-0.190, 0.650))
K_hand = ((-0.400, 0.200), (-0.240, 1.110), (0.590, 0.640))
V_hand = ((0.720, -0.720), (1.260, -0.360), (-0.280, 1.130))
