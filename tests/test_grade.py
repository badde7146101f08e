"""The batch grader on the generated sample class, and its agreement with ``otter run``."""
import csv
import json
import re

import pytest

from autograder.grading import grade, otter_run, sandbox
from conftest import ROOT

HW = "rnn_attention"
SAMPLES = ROOT / "samples" / HW
BUNDLE = ROOT / "solutions" / HW / f"{HW}-autograder.zip"
QUESTIONS = ["q1_1", "q1_2", "q2_1", "q2_2", "q3", "q4_1", "q4_2", "q5", "q6", "q7_1", "q7_2",
             "q7_3"]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    out = tmp_path_factory.mktemp("grading")
    rows = grade.main(HW, [SAMPLES], out, timeout=8, progress=False, log=lambda *_: None)
    return out, rows


def by_student(rows):
    return {(r.student_id, r.attempt): r for r in rows}


def test_every_file_gets_a_row_with_the_right_status(graded):
    out, rows = graded
    files = sorted(p for p in SAMPLES.iterdir() if not p.name.endswith(".txt"))
    assert len(rows) == len(files)
    statuses = {(r.student_id, r.status) for r in rows}
    assert statuses == {
        ("student01", "ok"), ("student02", "ok"), ("student03", "ok"), ("student04", "ok"),
        ("student05", "partial"), ("student06", "partial"), ("student07", "invalid-notebook"),
        ("student08", "superseded"), ("student08", "ok"), ("1000009", "ok"),
        ("student10", "ok"), ("student11", "ok"), ("student12", "ok"),  # late work samples
        ("student13", "ok"), ("student14", "ok")}  # a copied pair
    rows_by = by_student(rows)
    # an infinite loop (student05) or a segfault (student06) in rnn_step costs q1_1 only
    for student, time, status in (("student05", "2026-10-20-09-20-00", "timeout"),
                                  ("student06", "2026-10-20-09-25-00", "crashed")):
        row = rows_by[(student, time)]
        assert row.total == 80 and row.scores["q1_1"] == 0, row
        assert f"q1_1: {status}" in row.reason
    assert rows_by[("student01", "2026-10-20-09-00-00")].total == 85
    assert rows_by[("student02", "2026-10-20-09-05-00")].total == 0
    assert rows_by[("student08", "2026-10-21-18-00-00")].total == 85
    assert "2026-10-21-18-00-00" in rows_by[("student08", "2026-10-20-09-35-00")].reason
    assert rows_by[("1000009", "")].id_source == "notebook"
    for row in rows:
        assert row.status == "ok" or row.reason, row


def test_grades_csv_has_every_question_and_blank_written_cells(graded):
    out, rows = graded
    with open(out / "grades.csv", newline="") as f:
        table = list(csv.DictReader(f))
    assert list(table[0].keys()) == ["submission", "student_id", "status"] + QUESTIONS + [
        "total", "flags", "unmarked", "submitted_at", "hours_late", "late_penalty"]
    assert len(table) == len(rows)
    for line in table:
        assert line["q4_1"] == "" and line["q6"] == ""
    full = next(l for l in table if l["student_id"] == "student01")
    assert (full["q3"], full["q7_3"], full["total"]) == ("15", "10", "85")
    superseded = next(l for l in table if l["status"].startswith("superseded"))
    assert superseded["total"] == "" and superseded["q1_1"] == ""
    hang = next(l for l in table if l["student_id"] == "student05")  # rnn_step never returns
    assert hang["status"].startswith("partial: q1_1: timeout") and hang["q1_1"] == "0"
    assert hang["total"] == "80"


def test_blackboard_csv_is_ready_for_upload(graded):
    out, _ = graded
    lines = (out / "blackboard.csv").read_text().splitlines()
    assert lines[0] == '"Username","rnn_attention [Total Pts: 100 Score]"'
    assert '"student01","85"' in lines and '"student08","85"' in lines
    # one row per Blackboard user: the superseded attempt and the e-mailed notebook (no
    # --roster to map its STUDENT ID) left out; a notebook that could not be graded is blank
    assert len(lines) == 1 + 13 and '"student07",""' in lines
    assert all(re.fullmatch(r'"[^"]+","[0-9.]*"', line) for line in lines[1:])


def test_results_feedback_and_report(graded):
    out, rows = graded
    result = json.loads((out / "results" / "student04.json").read_text())
    assert result["status"] == "ok" and result["score"] == 35
    assert {"name", "score", "max_score", "visibility", "output"} <= set(result["tests"][0])
    assert sum(t["max_score"] for t in result["tests"] if "(written)" not in t["name"]) == 85
    hidden_lines = {line.strip() for path in (ROOT / "solutions" / HW / "tests").glob("*.py")
                    for line in path.read_text().splitlines() if len(line.strip()) > 25}
    for path in (out / "feedback").glob("*.html"):
        page = path.read_text()
        assert not [line for line in hidden_lines if line in page], path
    feedback = (out / "feedback" / "student04.html").read_text()
    assert "35 / 85" in feedback and "graded by hand" in feedback
    assert "NotImplementedError" in feedback
    report = (out / "report.html").read_text()
    assert report.count("data:image/png;base64,") >= 11
    assert "student05" in report and "timeout" in report and "median" in report


def test_rerun_reuses_results_without_running_anything(graded, monkeypatch):
    out, rows = graded

    def no_sandbox(*args, **kwargs):
        raise AssertionError("a cached submission was graded again")

    monkeypatch.setattr(sandbox, "run", no_sandbox)
    again = grade.main(HW, [SAMPLES], out, timeout=8, progress=False, log=lambda *_: None)
    assert [(r.student_id, r.status, r.total) for r in again] == [
        (r.student_id, r.status, r.total) for r in rows]


@pytest.mark.parametrize("sample", [
    "Homework_student03_attempt_2026-10-20-09-10-00_rnn_attention.ipynb",
    "emailed_submission.ipynb",
])
def test_same_scores_as_otter_run(graded, sample):
    out, rows = graded
    ours = next(r for r in rows if r.submission.endswith(sample))
    theirs = otter_run.scores(otter_run.run(SAMPLES / sample, BUNDLE))
    assert {q: s for q, (s, _) in theirs.items()} == ours.scores
    assert 0 < ours.total < 85


def test_full_and_blank_match_what_otter_run_gives(graded, fresh_build):
    """otter run gives the key every point and the blank none (tests/test_build.py)."""
    _, rows = graded
    rows_by = by_student(rows)
    key_scores = fresh_build[HW]["key_scores"]
    assert rows_by[("student01", "2026-10-20-09-00-00")].scores == {
        q: s for q, (s, _) in key_scores.items()}
    assert set(rows_by[("student02", "2026-10-20-09-05-00")].scores.values()) == {0.0}


def test_similarity_review_flags_the_copied_pair_only(graded):
    """student14 handed in student13's answer to q5 renamed and re-commented; everybody else
    (the key's answers, shared by most of the class) is not flagged; report.html lists it."""
    out, _ = graded
    with open(out / "similarity.csv", newline="") as f:
        flagged = [(r["question"], r["student_a"], r["student_b"]) for r in csv.DictReader(f)
                   if r["flagged"] == "yes"]
    assert flagged == [("q5", "student13", "student14")]
    report = (out / "report.html").read_text()
    assert 'href="similarity.html"' in report and "student14" in report.split("Similar answers")[1]
    assert "student14" not in (out / "similarity.html").read_text().split("show names")[0]


def test_honest_samples_carry_no_flags(graded):
    """Every sample is made from the released notebook, as a student makes it: no tamper flag
    anywhere, least of all in the full-marks student's feedback."""
    out, rows = graded
    assert [(r.student_id, r.flags) for r in rows if r.flags] == []
    feedback = (out / "feedback" / "student01.html").read_text()
    assert "locked cell" not in feedback
