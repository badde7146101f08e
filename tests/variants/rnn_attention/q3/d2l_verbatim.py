# expect: correct
# why: the installed d2l package's masked_softmax exactly as published (its inner helper is _sequence_mask, and it writes the masked values into X in place): graded through its behaviour
# source: d2l.masked_softmax
