"""One malformed notebook never stops the outputs of the others (issue 11, red team).

A class made the way it reaches a TA (a folder outside the repository) holds an honest answer
key and notebooks whose JSON has the wrong type in a field the written-answer extraction reads.
Graded with ``grade.main`` as the ``grade`` verb does: every file keeps its row in grades.csv and
every output is written.
"""
import copy
import csv
import json

import pytest

from autograder import paths
from autograder.grading import grade

HW = "rnn_attention"
BEGIN = "<!-- BEGIN QUESTION -->"


def key():
    """The released notebook with the answer key's answers in its answer cells (85 points)."""
    nb = json.loads((paths.release_dir(HW) / f"{HW}.ipynb").read_text("utf-8"))
    answers = {c.get("id"): c["source"]
               for c in json.loads(paths.answer_key(HW).read_text("utf-8"))["cells"]}
    for cell in nb["cells"]:
        if "otter_answer_cell" in cell.get("metadata", {}).get("tags", []):
            cell["source"] = answers[cell.get("id")]
    return nb


def first_written_answer(nb):
    """Index of the student's answer cell after the first written question's prompt."""
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown" and BEGIN in "".join(cell["source"]):
            return index + 1
    raise AssertionError("the key has no written question")


def attachments_list():
    nb = key()
    nb["cells"][first_written_answer(nb)]["attachments"] = ["image.png"]
    return nb


def unhashable_id():
    nb = key()
    nb["cells"][first_written_answer(nb)]["id"] = ["cell", "034"]
    return nb


def non_dict_outputs():
    nb = key()
    cell = {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": "1 + 1",
            "outputs": ["2", 5]}
    nb["cells"].insert(first_written_answer(nb) + 1, cell)
    return nb


def cells_not_a_list():
    nb = {k: copy.deepcopy(v) for k, v in key().items() if k != "cells"}
    nb["cells"] = 5
    return nb


MALFORMED = {"attachments_list": attachments_list, "unhashable_id": unhashable_id,
             "non_dict_outputs": non_dict_outputs, "cells_not_a_list": cells_not_a_list}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class") / "inbox"
    folder.mkdir()
    (folder / "honest.ipynb").write_text(json.dumps(key(), indent=1), encoding="utf-8")
    for name, make in MALFORMED.items():
        (folder / f"{name}.ipynb").write_text(json.dumps(make(), indent=1), encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    rows = grade.main(HW, [folder], out, timeout=30, progress=False, log=lambda *_: None)
    return out, rows, folder


def table(out):
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        return {line["student_id"]: line for line in csv.DictReader(f)}


def test_every_file_keeps_its_row_and_the_honest_one_its_points(graded):
    out, _, _ = graded
    lines = table(out)
    assert set(lines) == {"honest", *MALFORMED}
    assert lines["honest"]["status"] == "ok" and lines["honest"]["total"] == "85"
    assert lines["honest"]["flags"] == ""
    assert json.loads((out / "results" / "honest.json").read_text())["score"] == 85
    assert (out / "feedback" / "honest.html").is_file() and (out / "report.html").is_file()
    honest_answers = json.loads((out / "answers" / "honest.json").read_text())
    assert not any(q.get("unreadable") for q in honest_answers["questions"].values())
    assert not honest_answers["questions"]["q4_1"]["blank"]
    assert (out / "blackboard.csv").is_file() and (out / ".gradebook.json").is_file()


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_a_malformed_notebook_is_its_own_rows_problem(graded, name):
    out, _, _ = graded
    line = table(out)[name]
    if line["status"].startswith("invalid-notebook: "):  # the status says it already
        assert "written answers unreadable" not in line["flags"], line
    else:
        assert "written answers unreadable: cell " in line["flags"], line
    assert "\n" not in line["flags"] and "Traceback" not in line["flags"]
    record = json.loads((out / "answers" / f"{name}.json").read_text())
    assert all(q["unreadable"] and q["blank"] for q in record["questions"].values())
    assert (out / "results" / f"{name}.json").is_file()
    assert (out / "feedback" / f"{name}.html").is_file()
    assert name in (out / "report.html").read_text()


def test_a_rerun_writes_the_same_rows(graded):
    out, rows, folder = graded
    before = (out / "grades.csv").read_bytes()
    again = grade.main(HW, [folder], out, timeout=30, progress=False, log=lambda *_: None)
    assert len(again) == len(rows)
    assert (out / "grades.csv").read_bytes() == before
