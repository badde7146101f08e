# expect: correct
# why: the installed d2l package's masked_softmax (its inner helper renamed as the handout names it)
# source: d2l.masked_softmax
# rename: _sequence_mask -> sequence_mask
