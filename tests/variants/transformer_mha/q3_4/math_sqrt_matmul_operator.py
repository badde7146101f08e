# expect: correct
# why: the @ operator with K.transpose(2, 3), math.sqrt of the queries' last size, softmax(dim=3)
import math


@add_to_class(MultiHeadAttention)
def scaled_attention(self, Q, K, V):
    d_k = Q.size(-1)
    scores = Q @ K.transpose(2, 3) / math.sqrt(d_k)
    weights = F.softmax(scores, dim=3)
    return weights @ V, weights
