"""Late work in every output: penalties, the cutoff, extensions, unknown times, marks entered
after grading, a moved deadline, and Blackboard's feedback column. First on hand-made rows
(no sandbox), then a Blackboard download graded from a folder outside the repository."""
import csv
import json
import zipfile

import nbformat
import pytest

from autograder import bundle as bundle_mod, cli, paths
from autograder.authoring import samples
from autograder.grading import grade, gradebook, lateness
from autograder.marking import answers, refresh, store as store_mod
from conftest import ROOT

SG = "Asia/Singapore"
QUESTIONS = [{"name": "q1", "points": 10, "manual": False},
             {"name": "w1", "points": 5, "manual": True},
             {"name": "q2", "points": 5, "manual": False}]
HW = "demo"
QUIET = {"log": lambda line: None}


def make_bundle():
    return bundle_mod.Bundle(HW, None, "digest", QUESTIONS, {}, "", None)


def make_row(student, submitted_at, status="ok", q1=10.0, q2=5.0, name=None):
    row = grade.Row(f"{student}.ipynb", student, status, "" if status == "ok" else "why",
                    scores={"q1": q1, "q2": q2}, id_source="blackboard",
                    submitted_at=submitted_at)
    row.result_name = "" if status == "superseded" else (name or student)
    return row


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def home(tmp_path):
    written = [answers.WrittenQuestion("w1", 5, "Explain.", {"id": None, "source": ""},
                                       {"scoring": "positive", "items": [
                                           {"points": 3, "description": "idea"},
                                           {"points": 2, "description": "detail"}]})]
    store = store_mod.open_store(tmp_path, written)
    yield tmp_path, store
    store.close()


def policy(due="2026-10-20 23:59", extensions=()):
    found = lateness.policy({"due": due, "timezone": SG, "penalty": 10, "cutoff": 3})
    for student, when in extensions:
        found.extensions[student] = lateness.local_time(when, lateness.zone(SG))
    return found


CLASS = [("ann", "2026-10-20T20:00:00+08:00"),  # on time
         ("bob", "2026-10-21T10:00:00+08:00"),  # 1 started day late
         ("cat", "2026-10-24T10:00:00+08:00"),  # past the 3-day cutoff
         ("dan", ""),  # unknown time (e-mailed)
         ("eve", "2026-10-22T10:00:00+08:00")]  # late, but extended


def rows_of_class():
    rows = [make_row(student, when) for student, when in CLASS]
    rows.append(make_row("fay", "2026-10-20T08:00:00+08:00", status="superseded"))
    rows.append(make_row("fay", "2026-10-21T08:00:00+08:00"))  # latest late, earlier on time
    return rows


def table(folder):
    return {line["student_id"]: line for line in read_csv(folder / "grades.csv")
            if not line["status"].startswith("superseded")}


def test_penalties_reach_every_output(home):
    folder, _ = home
    rows = rows_of_class()
    grade.publish(folder, HW, make_bundle(), rows, "_1",
                  late=policy(extensions=[("eve", "2026-10-23 12:00"),
                                          ("ghost", "2026-10-23 12:00")]),
                  feedback_column=True, **QUIET)
    lines = table(folder)
    assert list(read_csv(folder / "grades.csv")[0])[-3:] == ["submitted_at", "hours_late",
                                                             "late_penalty"]
    assert {s: (lines[s]["total"], lines[s]["hours_late"], lines[s]["late_penalty"])
            for s in lines} == {
        "ann": ("15", "0.00", "0.00"), "bob": ("13.5", "10.02", "1.50"),
        "cat": ("0", "82.02", "15.00"), "dan": ("15", "", "0.00"),
        "eve": ("15", "0.00", "0.00"), "fay": ("13.5", "8.02", "1.50")}
    assert lines["bob"]["submitted_at"] == "2026-10-21T10:00:00+08:00"
    assert lines["cat"]["status"].startswith("too-late")
    assert lines["cat"]["q1"] == "10"  # its points per question are still there
    assert "earlier attempt (2026-10-20T08:00:00+08:00) was on time" in lines["fay"]["flags"]
    upload = {line[0]: line for line in csv.reader(open(folder / "blackboard.csv"))}
    assert upload["Username"][2:] == ["Feedback to Learner", "Feedback Format"]
    assert upload["bob"][1] == "13.5" and upload["cat"][1] == "0"
    assert "Late: submitted 2026-10-21T10:00:00+08:00" in upload["bob"][2]
    assert "past the cutoff" in upload["cat"][2] and upload["cat"][3] == "SMART_TEXT"
    assert "Late" not in upload["ann"][2] and "Total: 15 / 20" in upload["ann"][2]
    result = json.loads((folder / "results" / "bob.json").read_text())
    assert (result["score"], result["earned_score"], result["late"]["penalty"],
            result["late"]["days_late"]) == (13.5, 15, 1.5, 1)
    feedback = (folder / "feedback" / "bob.html").read_text()
    assert "Submitted: 2026-10-21T10:00:00+08:00. Due: 2026-10-20T23:59:00+08:00." in feedback
    assert "Hours late (after any grace): 10.02. Late penalty" in feedback
    assert "&minus;1.50" in feedback
    assert "per started 24 hours" in feedback  # the rule
    assert "(your extension)" in (folder / "feedback" / "eve.html").read_text()
    assert "0 points</b>" in (folder / "feedback" / "cat.html").read_text()
    assert "unknown (no late penalty" in (folder / "feedback" / "dan.html").read_text()
    report = (folder / "report.html").read_text()
    section = report.split("<h2>Late work</h2>")[1].split("<h2>")[0]
    assert "Late (penalised)</b>: bob (10.02 h), fay" in section
    assert "Too late (0 points)</b>: cat" in section
    assert "unknown (no penalty; check by hand)</b>: dan" in section
    assert "earlier one was on time (the latest is graded)</b>: fay" in section
    assert "cutoff, due, penalty, timezone from grade&#39;s options" in section
    assert "&#39;ghost&#39; matches no student" in report
    assert "too late (82.02 h)" in report  # the late column
    assert "late work: 2 penalised, 1 too late (0 points), 1 of unknown" in report


def test_marks_entered_later_are_penalised_too(home):
    folder, store = home
    grade.publish(folder, HW, make_bundle(), rows_of_class(), "_1", late=policy(),
                  feedback_column=True, **QUIET)
    assert table(folder)["bob"]["total"] == "13.5"
    store.set_points("w1", "bob", 5, "good")
    store.set_points("w1", "ann", 5, "good")
    # what the mark app and --import do when marks change: refresh from the saved state
    refresh(HW, folder, gradebook.load_state(folder), make_bundle(), log=lambda line: None)
    lines = table(folder)
    assert (lines["bob"]["total"], lines["bob"]["late_penalty"]) == ("18", "2.00")
    assert lines["ann"]["total"] == "20"
    upload = {line[0]: line for line in csv.reader(open(folder / "blackboard.csv"))}
    assert upload["bob"][1] == "18" and "-2.00 points" in upload["bob"][2]
    assert "w1 (written): 5 / 5" in upload["bob"][2]


def test_a_moved_deadline_changes_exactly_the_penalties_it_should(home):
    folder, _ = home
    rows = rows_of_class()
    grade.publish(folder, HW, make_bundle(), rows, "_1", late=policy(), **QUIET)
    before = table(folder)
    grade.publish(folder, HW, make_bundle(), rows, "_1", late=policy("2026-10-21 12:00"),
                  **QUIET)
    after = table(folder)
    changed = {s for s in after if (before[s]["late_penalty"], before[s]["total"])
               != (after[s]["late_penalty"], after[s]["total"])}
    # bob and fay now on time, eve one started day late instead of two, cat late but not cut
    assert changed == {"bob", "fay", "eve", "cat"}  # ann (on time) and dan (unknown) stay
    assert (before["eve"]["late_penalty"], after["eve"]["late_penalty"]) == ("3.00", "1.50")
    assert after["bob"]["late_penalty"] == "0.00" and after["bob"]["hours_late"] == "0.00"
    assert (after["cat"]["total"], after["cat"]["late_penalty"]) == ("10.5", "4.50")
    assert not after["cat"]["status"].startswith("too-late")
    assert "feedback" not in (folder / "blackboard.csv").read_text().lower()


# ---------------------------------------------------------------------------------------------
# a Blackboard download graded for real, from a folder outside the repository

REAL = "rnn_attention"
UK = "{:%A, %d %B %Y %H:%M:%S} o'clock SGT"
US = "{:%A, %B %d, %Y %I:%M:%S %p} SGT"


def _receipt(username, attempt, date_text):
    return (f"Name: Sample {username} ({username})\nAssignment: Homework\n"
            f"Date Submitted: {date_text}\nCurrent Grade: Needs Grading\n\n"
            "Comments:\nDate Submitted: Monday, 1 January 2024 00:00:00 SGT\n\n"
            f"Files:\n\tOriginal filename: {REAL}.ipynb\n"
            f"\tFilename: Homework_{username}_attempt_{attempt}_{REAL}.ipynb\n")


@pytest.fixture(scope="module")
def download(tmp_path_factory):
    import datetime

    folder = tmp_path_factory.mktemp("ta_desktop")
    release = nbformat.read(paths.release_dir(REAL, ROOT) / f"{REAL}.ipynb", as_version=4)
    key = samples.answered(release, nbformat.read(paths.answer_key(REAL, ROOT), as_version=4))
    data = (nbformat.writes(key) + "\n").encode()
    archive = folder / "gradebook_download.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for username, when, style in [("early", "2026-10-20-20-00-00", UK),
                                      ("late1", "2026-10-21-10-00-00", US),
                                      ("gone", "2026-10-25-10-00-00", UK)]:
            moment = datetime.datetime.strptime(when, "%Y-%m-%d-%H-%M-%S")
            stem = f"Homework_{username}_attempt_{when}"
            zf.writestr(f"{stem}_{REAL}.ipynb", data)
            zf.writestr(f"{stem}.txt", _receipt(username, when, style.format(moment)))
    (folder / "emailed.ipynb").write_bytes(data)
    (folder / "extensions.csv").write_text("student,due\nlate1,2026-10-21 12:00\nnobody,x\n")
    return folder, archive


def grade_cli(folder, archive, out, due, *more):
    return cli.main(["grade", REAL, str(archive), str(folder / "emailed.ipynb"), "--out",
                     str(out), "--due", due, "--timezone", SG, "--late-penalty", "10",
                     "--late-cutoff", "3", "--quiet", "--timeout", "30", *more])


def test_blackboard_download_graded_with_the_late_policy(download, tmp_path, capsys):
    folder, archive = download
    out = tmp_path / "graded"
    assert grade_cli(folder, archive, out, "2026-10-20 23:59", "--feedback-column") == 0
    lines = {line["student_id"]: line for line in read_csv(out / "grades.csv")}
    autograded = float(lines["early"]["total"])
    assert autograded > 0
    assert lines["early"]["submitted_at"] == "2026-10-20T20:00:00+08:00"
    assert lines["late1"]["late_penalty"] == f"{autograded * 0.1:.2f}"
    assert lines["gone"]["total"] == "0" and lines["gone"]["status"].startswith("too-late")
    emailed = next(v for k, v in lines.items() if k not in ("early", "late1", "gone"))
    assert (emailed["submitted_at"], emailed["hours_late"], emailed["late_penalty"]) == (
        "", "", "0.00")
    assert "submission time unknown" in emailed["flags"]
    assert "time unknown" in (out / "report.html").read_text()
    upload = {line[0]: line for line in csv.reader(open(out / "blackboard.csv"))}
    assert upload["gone"][1] == "0" and "Feedback to Learner" in upload["Username"]

    # a new extension and a moved deadline: the cached rows' penalties follow the new policy
    assert grade_cli(folder, archive, out, "2026-10-22 12:00", "--extensions",
                     str(folder / "extensions.csv")) == 0
    again = {line["student_id"]: line for line in read_csv(out / "grades.csv")}
    assert again["late1"]["late_penalty"] == "0.00" and again["late1"]["total"] == str(
        lines["early"]["total"])
    # 70 hours after the moved deadline: three started days, within the cutoff now
    assert again["gone"]["late_penalty"] == f"{autograded * 0.3:.2f}"
    assert not again["gone"]["status"].startswith("too-late")
    report = (out / "report.html").read_text()
    assert "&#39;nobody,x&#39;" in report  # the unreadable extension line is listed
    assert "Feedback to Learner" not in (out / "blackboard.csv").read_text()

    # a TA marks a written answer afterwards: gone's written points are penalised as well
    bundle = bundle_mod.load(paths.bundle(REAL, ROOT), REAL)
    written = next(q for q in bundle.questions if q["manual"])
    offline = tmp_path / "marks.csv"
    offline.write_text(f"student_id,question,points,comment\ngone,{written['name']},"
                       f"{written['points']:g},ok\n")
    assert cli.main(["mark", REAL, str(out), "--import", str(offline)]) == 0
    marked = {line["student_id"]: line for line in read_csv(out / "grades.csv")}
    earned = autograded + written["points"]
    assert marked["gone"]["late_penalty"] == f"{earned * 0.3:.2f}"
    assert float(marked["gone"]["total"]) == pytest.approx(earned * 0.7)
    capsys.readouterr()


def test_sample_class_has_late_too_late_extended_and_unknown_time_students(tmp_path, capsys):
    root = tmp_path / "tree"
    root.mkdir()
    for folder in ("notebooks", "release", "solutions"):
        (root / folder).symlink_to(ROOT / folder)
    out = samples.main(REAL, root, log=lambda *_: None)
    assert (root / "samples" / f"{REAL}.extensions.csv").read_text() == (
        "student,due\nstudent12,2026-10-24 23:59\n")
    assert "--late-cutoff 3" in (root / "samples" / f"{REAL}.md").read_text()
    us = (out / "Homework_student10_attempt_2026-10-22-10-00-00.txt").read_text()
    assert "Date Submitted: Thursday, October 22, 2026 10:00:00 AM SGT" in us
    # grade the late part of the class as the samples' page says
    picked = tmp_path / "late_part"
    picked.mkdir()
    for path in out.iterdir():
        if any(s in path.name for s in ("student08", "student10", "student11", "student12",
                                        "emailed")):
            (picked / path.name).write_bytes(path.read_bytes())
    options = samples.LATE_OPTIONS
    graded = tmp_path / "graded"
    assert cli.main(["grade", REAL, str(picked), "--out", str(graded), "--quiet", "--due",
                     options["due"], "--timezone", options["timezone"], "--late-penalty",
                     str(options["penalty"]), "--late-cutoff", str(options["cutoff"]),
                     "--extensions", str(root / "samples" / f"{REAL}.extensions.csv")]) == 0
    lines = {line["student_id"]: line for line in read_csv(graded / "grades.csv")
             if not line["status"].startswith("superseded")}
    assert {s: (lines[s]["total"], lines[s]["late_penalty"]) for s in lines} == {
        "student08": ("76.5", "8.50"), "student10": ("68", "17.00"),
        "student11": ("0", "85.00"), "student12": ("85", "0.00"), "1000009": ("80", "0.00")}
    assert lines["student11"]["status"].startswith("too-late")
    assert "submission time unknown" in lines["1000009"]["flags"]
    assert "earlier attempt" in lines["student08"]["flags"]
    assert not any(f.strip() for s in ("student10", "student11", "student12")
                   for f in lines[s]["flags"].split(";"))  # both receipt styles agree
    capsys.readouterr()


def test_the_notebooks_assignment_config_reaches_the_grader_and_options_override_it(tmp_path):
    import yaml

    from autograder.authoring import source as source_mod

    config = yaml.safe_load("name: x\ndue: 2026-10-20 23:59:00\ntimezone: Asia/Singapore\n"
                            "grace: 5\nlate:\n  penalty: 10\n  cutoff: 2\n")
    assert isinstance(config["due"], __import__("datetime").datetime)  # YAML's own reading
    src = source_mod.Source("x.ipynb", config, [source_mod.Question("q1", 10)],
                            [(None, "import torch\n")])
    path = tmp_path / "x-autograder.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("files/_hw_reference.py", source_mod.reference_module(src, "build"))
    bundle = bundle_mod.load(path, "x")
    assert bundle.late_config == {"due": "2026-10-20 23:59:00", "timezone": SG, "grace": 5,
                                  "late": {"penalty": 10, "cutoff": 2}}
    assert source_mod.LATE_NAME not in bundle.notebook_names
    policy = grade.late_policy({"penalty": 20, "due": None, "extensions": None}, bundle)
    assert lateness.iso(policy.due) == "2026-10-20T23:59:00+08:00"
    assert (policy.grace_minutes, policy.penalty_pct, policy.cutoff_days) == (5, 20, 2)
    assert policy.sources == {"due": "config", "timezone": "config", "grace": "config",
                              "penalty": "option", "cutoff": "config"}
    # a notebook without late settings leaves the bundle as it was
    plain = source_mod.Source("x.ipynb", {"name": "x"}, src.questions, src.reference_cells)
    assert source_mod.LATE_NAME not in source_mod.reference_module(plain, "build")
    bad = dict(config, timezone="Nowhere/Land")
    src.config = bad
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("files/_hw_reference.py", source_mod.reference_module(src, "build"))
    with pytest.raises(lateness.PolicyError, match="unknown time zone"):
        grade.late_policy({}, bundle_mod.load(path, "x"))


@pytest.mark.parametrize("options, message", [
    (["--due", "tomorrow"], "error: 'tomorrow' is not a time"),
    (["--due", "2026-10-20 23:59", "--timezone", "SGT"], "error: unknown time zone 'SGT'"),
    (["--due", "2026-10-20 23:59", "--extensions", "/nonexistent/ext.csv"],
     "error: cannot read the extensions"),
    (["--late-penalty", "-5"], "error: late penalty must be between"),
])
def test_a_bad_policy_is_one_line_before_any_grading(tmp_path, capsys, options, message):
    (tmp_path / "a.ipynb").write_text("{}")
    out = tmp_path / "out"
    assert cli.main(["grade", REAL, str(tmp_path / "a.ipynb"), "--out", str(out), "--quiet",
                     *options]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_make_grade_samples_uses_the_samples_late_policy():
    import shlex

    line = next(line for line in (ROOT / "Makefile").read_text().splitlines()
                if line.startswith("SAMPLES_LATE ="))
    words = shlex.split(line.split("=", 1)[1])
    given = dict(zip(words[::2], words[1::2]))
    options = samples.LATE_OPTIONS
    assert given == {"--due": options["due"], "--timezone": options["timezone"],
                     "--late-penalty": str(options["penalty"]),
                     "--late-cutoff": str(options["cutoff"])}


def test_without_a_deadline_nothing_is_said_of_lateness(home):
    folder, _ = home
    grade.publish(folder, HW, make_bundle(), rows_of_class(), "_1", feedback_column=True,
                  **QUIET)
    lines = table(folder)
    assert {s: (lines[s]["total"], lines[s]["hours_late"], lines[s]["late_penalty"])
            for s in ("ann", "bob", "cat", "dan")} == {
        "ann": ("15", "", "0.00"), "bob": ("15", "", "0.00"), "cat": ("15", "", "0.00"),
        "dan": ("15", "", "0.00")}
    assert lines["bob"]["submitted_at"] == "2026-10-21T10:00:00+08:00"  # still recorded
    assert "Late work" not in (folder / "report.html").read_text()
    assert "late work:" not in (folder / "report.html").read_text()
    for student in ("bob", "dan"):
        assert "Submitted" not in (folder / "feedback" / f"{student}.html").read_text()
        assert "unknown" not in (folder / "feedback" / f"{student}.html").read_text()
    assert "Late" not in (folder / "blackboard.csv").read_text()
