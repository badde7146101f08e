"""Red-team round on issue 16's surfaces: each test here failed before its fix.

Trust boundary under test: everything a student submits (answers, file names, identities,
receipts); each test drives the module that owns the boundary with a hostile input and
asserts the bound (time, memory, escaping, neutralisation) holds.
"""
import ast
import resource
import time

import pytest

from autograder.grading import similarity_rewrite, similarity_tokens


def _stream(source, targets=("f",), helpers=()):
    roots = ast.parse(source).body
    lines = [getattr(root, "lineno", 1) for root in roots]
    return similarity_rewrite.code_stream(roots, lines, set(targets), set(helpers))


def test_similarity_inlining_bomb_is_too_long_quickly():
    """A one-line helper that uses its parameter ten times, called seven deep, was inlined
    into 10 ** 7 copies (8 GB, minutes) in the grader's own process."""
    source = ("def h(x):\n    return (x, x, x, x, x, x, x, x, x, x)\n\n"
              "def f(y):\n    return " + "h(" * 7 + "y" + ")" * 7 + "\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.process_time()
    with pytest.raises(similarity_tokens.TooLong):
        _stream(source, helpers=("h",))
    assert time.process_time() - start < 3
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 1024  # KB


def test_similarity_inlining_still_inlines_honest_helpers():
    inlined = _stream("def h(a, b):\n    return a * b + 1\n\ndef f(x, y):\n"
                      "    z = h(x, y)\n    return h(z, z)\n", helpers=("h",))[0]
    written = _stream("def f(x, y):\n    z = x * y + 1\n    return z * z + 1\n")[0]
    assert [label for label, _ in inlined] == [label for label, _ in written]


def test_similarity_many_temporaries_fold_in_linear_time():
    """2000 temporaries in one answer (57 KB, one cell) took 22 s: a walk of the whole tree
    per temporary."""
    body = "\n".join(f"    t{i} = a * {i}\n    s += t{i}" for i in range(2000))
    start = time.process_time()
    tokens, _ = _stream("def f(a):\n    s = 0\n" + body + "\n    return s\n")
    assert time.process_time() - start < 3
    assert ("G.t5", 0) not in tokens and not any(label == "G.t5" for label, _ in tokens)
    folded = _stream("def f(a):\n    s = 0\n    s += a * 7\n    return s\n")[0]
    split = _stream("def f(a):\n    s = 0\n    t = a * 7\n    s += t\n    return s\n")[0]
    assert [label for label, _ in folded] == [label for label, _ in split]
