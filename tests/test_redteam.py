"""Red-team round on issue 16's surfaces: each test here failed before its fix.

Trust boundary under test: everything a student submits (answers, file names, identities,
receipts); each test drives the module that owns the boundary with a hostile input and
asserts the bound (time, memory, escaping, neutralisation) holds.
"""
import ast
import time

import pytest

from autograder.grading import similarity_rewrite, similarity_tokens
from memory import peak_mb


def _stream(source, targets=("f",), helpers=()):
    roots = ast.parse(source).body
    lines = [getattr(root, "lineno", 1) for root in roots]
    return similarity_rewrite.code_stream(roots, lines, set(targets), set(helpers))


def test_similarity_inlining_bomb_is_too_long_quickly():
    """A one-line helper that uses its parameter ten times, called seven deep, was inlined
    into 10 ** 7 copies (8 GB, minutes) in the grader's own process."""
    source = ("def h(x):\n    return (x, x, x, x, x, x, x, x, x, x)\n\n"
              "def f(y):\n    return " + "h(" * 7 + "y" + ")" * 7 + "\n")
    before = peak_mb(reset=True)
    start = time.process_time()
    with pytest.raises(similarity_tokens.TooLong):
        _stream(source, helpers=("h",))
    assert time.process_time() - start < 3
    assert peak_mb() - before < 200


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


def test_terminal_text_never_acts():
    from autograder import safeio

    hostile = "in/a\x1b]0;PWNED\x07\x1b[2Jb\u202eevil\x9b31m\rOK\u2028x.ipynb"
    shown = safeio.terminal(hostile)
    assert not any(ch in shown for ch in "\x1b\x07\u202e\x9b\r\u2028")
    assert "\\x1b]0;PWNED" in shown and shown.startswith("in/a")
    assert safeio.terminal("é 中 ok\n\tfine") == "é 中 ok\n\tfine"


def test_the_command_line_prints_student_controlled_text_as_escapes(tmp_path, capsys):
    """A file name such as ``a<ESC>]0;PWNED<BEL><ESC>[2J.ipynb`` (a Blackboard zip's member, a
    folder's file) was printed as it is in grade's warnings: it cleared the TA's terminal and
    retitled it, and could rewrite the warnings above it."""
    import sys

    from autograder import cli

    streams = sys.stdout, sys.stderr
    assert cli.main(["grade", "x\x1b[2J\x1b]0;PWNED\x07", str(tmp_path),
                     "--out", str(tmp_path / "out")]) == 2
    assert (sys.stdout, sys.stderr) == streams  # put back
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "\\x1b[2J" in err


def test_a_progress_bar_keeps_redrawing_its_line(capsys):
    import sys

    from autograder import safeio

    stream = safeio.TerminalStream(sys.stderr)
    stream.write("\rgrading:  50%")
    stream.write("\rname\rOK")
    assert capsys.readouterr().err == "\rgrading:  50%\rname\\rOK"


def test_similarity_finds_an_answers_statements_in_linear_time():
    """An answer calling 300 helpers, each in its own 20 KB cell (6 MB of notebook): every
    statement searched every cell's text, 12 s of the grader's CPU per question (quadratic:
    a 100 MB notebook of 1000 such cells would take many minutes)."""
    from autograder.grading import similarity_units

    pad = "# " + "x" * 20000 + "\n"
    cells = tuple(pad + f"def h{i}(x):\n    return x + {i}\n" for i in range(300))
    cells += ("LIMIT = 3\n", "def run_demo():\n    return " + " + ".join(
        f"h{i}(LIMIT)" for i in range(300)) + "\n")
    question = similarity_units.Question("q", "code", targets=[(None, "run_demo")])
    start = time.process_time()
    roots = similarity_units._roots(cells, question, {})
    assert time.process_time() - start < 3
    assert [r[0] for r in roots] == list(range(302))  # every helper, the constant and the answer


def test_a_link_in_a_written_answer_is_never_a_link_on_the_marking_page():
    """Cookies are not kept apart by port: a TA clicking, on the marking page, a student's link
    to another port of 127.0.0.1 (another local user's server) made a same-site navigation
    that carried the app's SameSite=Strict session cookie to that server, which could then
    change every mark. A link is now its text and its address as text."""
    from autograder.marking import render

    page = str(render.markdown_html(
        'see [my *notes*](http://127.0.0.1:9999/steal "t") or <http://localhost:9999/?a="1">'))
    assert "<a" not in page and "href" not in page
    assert "<em>notes</em>" in page and "&lt;http://127.0.0.1:9999/steal&gt;" in page
    assert "localhost:9999/?a=%221%22" in page


def test_file_names_differ_in_more_than_case():
    """A STUDENT ID ``Student01`` beside the Blackboard user ``student01`` got the file names
    student01 and Student01: one file on a case-insensitive file system (macOS, or the
    feedback folder unzipped on Windows to send out), one student's feedback replacing
    the other's."""
    from autograder import safeio

    taken = set()
    for identity in ["student01", "Student01", "STUDENT01", "student01-2"]:
        name = safeio.file_name(identity, taken)
        assert name.casefold() not in {t.casefold() for t in taken}
        taken.add(name)
    assert len({t.casefold() for t in taken}) == 4


def test_similarity_orders_a_long_block_in_linear_time():
    """7000 independent statements in one block (80 KB) were put in canonical order by a
    quadratic search, 6 s of the grader's CPU per answer, before the token limit applied."""
    body = "\n".join(f"    b{i} = a" for i in range(7000))
    start = time.process_time()
    with pytest.raises(similarity_tokens.TooLong):
        _stream("def f(a):\n" + body + "\n    return a\n")
    assert time.process_time() - start < 2
    swapped = _stream("def f(a):\n    c = a + 2\n    b = a * 3\n    return b - c\n")[0]
    plain = _stream("def f(a):\n    b = a * 3\n    c = a + 2\n    return b - c\n")[0]
    assert [label for label, _ in swapped] == [label for label, _ in plain]


def test_the_name_engine_is_linear_in_the_helpers_an_answer_calls():
    """2000 one-line helpers in one 100 KB cell, all called by the answer: reached_names walked
    every reached statement once per helper (quadratic), 43 s per call in the grader's own
    process, once per hidden test: minutes per submission outside any sandbox limit."""
    from autograder import hwkit

    helpers = "".join(f"def h{i}(x):\n    return x + {i}\n" for i in range(2000))
    body = ("def run_demo():\n    s = torch.zeros(1)\n"
            + "".join(f"    s = s + h{i}(0)\n" for i in range(2000))
            + "    return s + masked(s)\n")
    cells = ("import torch\nfrom d2l.torch import masked_softmax as masked\n", helpers, body)
    start = time.process_time()
    names = hwkit.reached_names(cells, "run_demo")
    assert time.process_time() - start < 3
    assert "masked_softmax" in names and "zeros" in names and "h7" not in names


def test_similarity_locates_many_helpers_of_one_cell_in_linear_time():
    """2000 helpers in one 70 KB cell, all called by the answer: each was looked for among
    every statement of the cell (4 million comparisons) and the cell split into lines again
    for each: seconds per question and quadratic in the cell."""
    from autograder.grading import similarity_units

    helpers = "".join(f"def h{i}(x):\n    return x + {i}\n" for i in range(2000))
    body = "def run_demo():\n    s = 0\n" + "".join(
        f"    s = s + h{i}(0)\n" for i in range(2000)) + "    return s\n"
    question = similarity_units.Question("q", "code", targets=[(None, "run_demo")])
    start = time.process_time()
    roots = similarity_units._roots((helpers, body), question, {})
    assert time.process_time() - start < 2
    assert len(roots) == 2001 and roots[-1][0] == 1
