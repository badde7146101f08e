# expect: correct
# why: the installed d2l package's MultiHeadAttention.transpose_qkv
# source: d2l.MultiHeadAttention.transpose_qkv
# decorate: MultiHeadAttention
