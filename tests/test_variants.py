"""The hidden tests against a corpus of correct and wrong answers (tests/variants/)."""
import nbformat
import pytest

from autograder import bundle as bundle_mod, paths
from autograder.authoring import variants
from conftest import HOMEWORKS, ROOT

MIN_CORRECT, MIN_WRONG = 3, 5


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_corpus_covers_every_autograded_question(hw):
    assert variants.variants_dir(hw, ROOT).is_dir(), f"{hw} has no variant corpus"
    found = variants.collect(hw, ROOT)
    questions = [q["name"] for q in bundle_mod.load(paths.bundle(hw, ROOT)).autograded]
    for question in questions:
        mine = [v for v in found if v.question == question]
        assert sum(v.expect == "correct" for v in mine) >= MIN_CORRECT, question
        assert sum(v.expect == "wrong" for v in mine) >= MIN_WRONG, question
    assert {v.question for v in found} <= set(questions)


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_every_correct_variant_passes_and_every_wrong_one_is_caught(hw):
    matrix, summary, failures = variants.main(hw, ROOT, log=lambda *_: None)
    assert failures == []
    assert summary["kill_rate"] == 1.0 and summary["false_fail_rate"] == 0.0
    assert summary["cross_question"] == 0


def tiny_key(*sources):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


def test_a_variant_replaces_the_cells_that_define_its_functions_and_empties_the_rest():
    key = tiny_key("import torch", "def f(x):\n    return x", "def g(x):\n    return f(x)",
                   "print(f(1))")
    variant = variants.Variant("q1", "v", "correct", "", "def f(x):\n    return x + 0\n"
                               "def g(x):\n    return x\n")
    out = [c.source for c in variants.substitute(key, variant).cells]
    assert out == ["import torch", variant.code, "", "print(f(1))"]


def test_a_variant_typed_as_values_replaces_the_cell_assigning_the_same_names():
    key = tiny_key("X = torch.ones(3, 2)", "Q_hand = [[1, 2]]\nK_hand = [[3, 4]]", "def f(): pass")
    variant = variants.Variant("q1", "v", "wrong", "", "Q_hand = torch.tensor([[2, 1]])\n")
    out = [c.source for c in variants.substitute(key, variant).cells]
    assert out == ["X = torch.ones(3, 2)", variant.code, "def f(): pass"]


def test_a_variant_matching_no_answer_cell_is_an_error():
    variant = variants.Variant("q1", "v", "wrong", "", "def h():\n    pass\n")
    with pytest.raises(ValueError, match="no answer cell"):
        variants.substitute(tiny_key("def f(): pass"), variant)


def test_a_homework_without_a_corpus_fails_the_check(tmp_path):
    (tmp_path / "tests" / "variants").mkdir(parents=True)
    lines = []
    assert variants.main_all(["new_hw"], root=tmp_path, log=lines.append) == 1
    assert lines == ["new_hw: no corpus in tests/variants/new_hw"]


def test_the_matrix_has_a_column_per_question_and_marks_own_and_changed_points():
    key = {"q1": 2.0, "q2": 3.0}
    matrix = [{"variant": "q1/slip", "expect": "wrong", "why": "a slip", "question": "q1",
               "scores": {"q1": 1.0, "q2": 0.0}, "ok": False, "status": "ok"}]
    summary = variants.rates([{**matrix[0], "points": 1.0, "of": 2.0,
                               "others_changed": {"q2": 0.0}}])
    lines = variants.format_matrix("hw", matrix, summary, key).splitlines()
    assert lines[0].split() == ["variant", "expect", "q1", "q2", "check", "why"]
    assert lines[1].split() == ["hw", "key", "2", "3", "full", "marks"]
    assert lines[2].split() == ["q1/slip", "wrong", "[1]", "0!", "FAIL", "a", "slip"]
    assert lines[3] == ("hw: kill rate 1/1 = 100%, false-fail rate 0/0 = 0%, "
                        "variants changing another question: 1")
