"""Parsing of otter-assign source notebooks, on tiny in-memory notebooks."""
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell

from autograder.authoring import source


def raw(text):
    return new_raw_cell(text)


CONFIG = raw("# ASSIGNMENT CONFIG\nname: tiny\nfiles:\n  - figures")


def tiny():
    return new_notebook(cells=[
        CONFIG,
        new_code_cell("import torch"),
        new_markdown_cell("## Question 1\n\n**Not allowed:** `nn.LSTMCell`, `torch.lstm_cell`"),
        raw("# BEGIN QUESTION\nname: q1_1\npoints: 5"),
        raw("# BEGIN SOLUTION"),
        new_code_cell("def f(x):\n    # BEGIN SOLUTION\n    return x + 1\n    # END SOLUTION"),
        raw("# END SOLUTION"),
        raw("# BEGIN TESTS"),
        new_code_cell("def test_f(f):\n    assert f(1) == 2"),
        raw("# END TESTS"),
        raw("# END QUESTION"),
        raw("# BEGIN QUESTION\nname: q1_2\npoints: 3"),
        new_markdown_cell("**Not allowed:** `d2l.masked_softmax`"),
        raw("# END QUESTION"),
        new_markdown_cell("## Next part"),
        new_code_cell("x = f(1)\nprint(x)"),
        raw("# BEGIN QUESTION\nname: q2\nmanual: true\npoints: 10"),
        raw("# END QUESTION"),
    ])


def test_questions_points_and_manual():
    parsed = source.parse(tiny())
    assert parsed.question_ids == ["q1_1", "q1_2", "q2"]
    assert (parsed.autograded_points, parsed.manual_points) == (8, 10)
    assert parsed.config["files"] == ["figures"]


def test_forbidden_lists_are_inherited_until_the_next_heading():
    q1_1, q1_2, q2 = source.parse(tiny()).questions
    assert q1_1.forbidden == {"LSTMCell": "nn.LSTMCell", "lstm_cell": "torch.lstm_cell"}
    assert q1_2.forbidden == {**q1_1.forbidden, "masked_softmax": "d2l.masked_softmax"}
    assert q2.forbidden == {}


def test_reference_code_has_definitions_only_without_markers():
    code = source.parse(tiny()).reference_code
    assert "import torch" in code and "return x + 1" in code
    assert "BEGIN SOLUTION" not in code
    assert "test_f" not in code and "print(x)" not in code


def test_reference_module_runs_and_lists_rules():
    parsed = source.parse(tiny())
    namespace = {}
    exec(source.reference_module(parsed, "cmd"), namespace)
    assert namespace["f"](1) == 2
    assert namespace["FORBIDDEN"]["q1_1"]["LSTMCell"] == "nn.LSTMCell"


@pytest.mark.parametrize("cells, message", [
    ([new_markdown_cell("no config")], "ASSIGNMENT CONFIG"),
    ([CONFIG, raw("# BEGIN QUESTION\npoints: 1"), raw("# END QUESTION")], "without a name"),
    ([CONFIG, raw("# BEGIN QUESTION\nname: q")], "never ended"),
    ([CONFIG, raw("# END SOLUTION")], "without BEGIN"),
    ([CONFIG, new_markdown_cell("text")], "no questions"),
])
def test_malformed_sources_get_one_clear_error(cells, message):
    with pytest.raises(source.SourceError, match=message):
        source.parse(new_notebook(cells=cells))


def test_points_stated_in_the_text_must_match_the_questions():
    nb = tiny()
    nb.cells.insert(1, new_markdown_cell("Points: 18 in all, 8 autograded."))
    assert source.parse(nb).autograded_points == 8
    nb.cells[1].source = "Points: 10 in all, 8 autograded."
    with pytest.raises(source.SourceError, match="10 points in all, 8 autograded, but the "
                                                 "questions give 18 in all, 8 autograded"):
        source.parse(nb)
