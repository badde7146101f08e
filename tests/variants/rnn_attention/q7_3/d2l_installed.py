# expect: correct
# why: the installed d2l package's MultiHeadAttention.forward
# source: d2l.MultiHeadAttention.forward
# decorate: MultiHeadAttention
