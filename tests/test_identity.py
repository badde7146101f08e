"""Only Blackboard vouches for who submitted (issue 11, red team: impersonation via the roster).

A class as it reaches a TA (outside the repository): Blackboard's download of the samples plus
notebooks e-mailed or renamed that claim a student by their STUDENT ID cell or by the file name,
graded with ``grade.main`` and a roster, as ``grade --roster`` does.
"""
import csv
import json
import shutil

import pytest

from autograder import paths
from autograder.grading import grade
from conftest import ROOT

HW = "rnn_attention"
SAMPLES = ROOT / "samples" / HW
VICTIM = "Homework_student01_attempt_2026-10-20-09-00-00"
OTHER = "Homework_student02_attempt_2026-10-20-09-05-00"


def blank(student_id=""):
    """The released notebook, unanswered, with ``student_id`` in its STUDENT ID cell."""
    nb = json.loads((paths.release_dir(HW) / f"{HW}.ipynb").read_text("utf-8"))
    cell = next(c for c in nb["cells"] if "**STUDENT ID:**" in "".join(c["source"]))
    cell["source"] = "".join(cell["source"]).replace("**STUDENT ID:**",
                                                     f"**STUDENT ID:** {student_id}")
    return json.dumps(nb, indent=1)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class") / "class2"
    folder.mkdir()
    for stem in (VICTIM, OTHER):
        for name in (f"{stem}.txt", f"{stem}_{HW}.ipynb"):
            shutil.copy(SAMPLES / name, folder / name)
    (folder / "0_emailed.ipynb").write_text(blank("student01"))  # sorts before Blackboard's
    (folder / "0_by_number.ipynb").write_text(blank("1000001"))  # student01's Student ID
    (folder / "student01.ipynb").write_text(blank())  # identified by its file name
    (folder / "1_first.ipynb").write_text(blank("student03"))  # two claims, no Blackboard
    (folder / "1_second.ipynb").write_text(blank("1000003"))
    (folder / "2_alone.ipynb").write_text(blank("student04"))  # one claim, no Blackboard
    roster = tmp_path_factory.mktemp("roster") / "roster.csv"
    roster.write_text("Last Name,First Name,Username,Student ID\n"
                      + "".join(f"S,T,student0{k},100000{k}\n" for k in range(1, 5)))
    out = tmp_path_factory.mktemp("out")
    rows = grade.main(HW, [folder], out, column_id="_9_1", timeout=30, progress=False,
                      log=lambda *_: None, roster=roster)
    return out, rows


def blackboard(out):
    with open(out / "blackboard.csv", newline="", encoding="utf-8") as f:
        return list(csv.reader(f))[1:]


def grades(out):
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        return {line["submission"].split("/")[-1]: line for line in csv.DictReader(f)}


def test_the_blackboard_row_wins_over_any_claim(graded):
    out, _ = graded
    uploaded = blackboard(out)
    assert [u for u, _ in uploaded].count("student01") == 1
    assert ["student01", "85"] in uploaded
    result = json.loads((out / "results" / "student01.json").read_text())
    assert result["submission"].endswith(f"{VICTIM}_{HW}.ipynb") and result["score"] == 85
    feedback = (out / "feedback" / "student01.html").read_text()
    assert f"{VICTIM}_{HW}.ipynb" in feedback and "0_emailed" not in feedback
    answers = json.loads((out / "answers" / "student01.json").read_text())
    assert answers["submission"].endswith(f"{VICTIM}_{HW}.ipynb")


@pytest.mark.parametrize("name", ["0_emailed.ipynb", "0_by_number.ipynb", "student01.ipynb"])
def test_a_claim_on_a_blackboard_student_is_flagged_not_uploaded(graded, name):
    out, rows = graded
    line = grades(out)[name]
    assert "identity: claims student01" in line["flags"] and "not uploaded" in line["flags"]
    row = next(r for r in rows if r.submission.endswith(name))
    assert row.result_name and not row.result_name == "student01"
    result = json.loads((out / "results" / f"{row.result_name}.json").read_text())
    assert result["submission"].endswith(name)
    report = (out / "report.html").read_text()
    assert name in report.split("not in blackboard.csv", 1)[1]


def test_several_claims_without_blackboard_upload_none(graded):
    out, _ = graded
    uploaded = dict(blackboard(out))
    assert "student03" not in uploaded
    table = grades(out)
    for name in ("1_first.ipynb", "1_second.ipynb"):
        assert "identity: claims student03" in table[name]["flags"]
    report = (out / "report.html").read_text()
    assert "1_first.ipynb" in report and "none is uploaded" in report


def test_a_single_claim_and_other_students_are_uploaded(graded):
    out, _ = graded
    uploaded = dict(blackboard(out))
    assert uploaded["student04"] == "0" and "student02" in uploaded
    assert "identity" not in grades(out)["2_alone.ipynb"]["flags"]
    assert len(blackboard(out)) == 3
