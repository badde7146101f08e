# expect: correct
# why: the installed d2l package's MultiHeadAttention.transpose_output
# source: d2l.MultiHeadAttention.transpose_output
# decorate: MultiHeadAttention
