"""The gradebook outputs with written marks, on hand-made rows (no sandbox, no grading run)."""
import csv
import json

import pytest

from autograder import bundle as bundle_mod
from autograder.grading import grade, gradebook
from autograder.marking import answers, store as store_mod

QUESTIONS = [{"name": "q1", "points": 10, "manual": False},
             {"name": "w1", "points": 5, "manual": True},
             {"name": "q2", "points": 5, "manual": False}]
HW = "demo"


def make_bundle():
    return bundle_mod.Bundle(HW, None, "digest", QUESTIONS, {}, "", None)


def make_row(student, status="ok", q1=10.0, q2=5.0, source="blackboard", tests=(), name=None):
    row = grade.Row(f"{student}.ipynb", student, status, "" if status == "ok" else "why",
                    scores={"q1": q1, "q2": q2}, tests=list(tests), id_source=source)
    row.result_name = name or student
    return row


def failing(question, index, message):
    return {"question": question, "index": index, "passed": False, "message": message,
            "hidden": True, "points": 1.0, "score": 0.0}


@pytest.fixture
def home(tmp_path):
    written = [answers.WrittenQuestion("w1", 5, "Explain.", {"id": None, "source": ""},
                                       {"scoring": "positive", "items": [
                                           {"points": 3, "description": "idea"},
                                           {"points": 2, "description": "detail"}]})]
    store = store_mod.open_store(tmp_path, written)
    yield tmp_path, store
    store.close()


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def items(store, question="w1"):
    return [i["id"] for i in store.items(question)]


def test_written_marks_in_every_output(home):
    folder, store = home
    first, _ = items(store)
    store.toggle_item("w1", "ann", first)
    store.set_mark("w1", "ann", comment="clear explanation")
    rows = [make_row("ann"), make_row("bob", q1=4, q2=0)]
    gradebook.write_outputs(folder, HW, make_bundle(), rows, "_123", log=lambda line: None)

    table = {line["student_id"]: line for line in read_csv(folder / "grades.csv")}
    assert (table["ann"]["w1"], table["ann"]["total"], table["ann"]["unmarked"]) == ("3", "18", "")
    assert (table["bob"]["w1"], table["bob"]["total"], table["bob"]["unmarked"]) == ("", "4", "w1")
    result = json.loads((folder / "results" / "ann.json").read_text())
    assert result["score"] == 18 and result["written_score"] == 3
    written = next(t for t in result["tests"] if t["name"] == "w1 (written)")
    assert written["score"] == 3 and "idea" in written["output"]
    assert "clear explanation" in written["output"]
    feedback = (folder / "feedback" / "ann.html").read_text()
    assert "3 / 5" in feedback and "clear explanation" in feedback and "idea" in feedback
    bob = (folder / "feedback" / "bob.html").read_text()
    assert "/ 5</b> <span class=\"warn\">(1 not marked yet: w1)</span>." in bob  # spaced
    report = (folder / "report.html").read_text()
    assert 'href="feedback/ann.html"' in report and "written not marked: w1" in report
    assert "Written answers marked: 1 of 2" in report


def test_changing_an_item_rescores_every_answer_that_has_it(home):
    folder, store = home
    first, second = items(store)
    for student in ("ann", "bob"):
        store.toggle_item("w1", student, first)
    store.toggle_item("w1", "bob", second)
    store.set_item(first, 1.5, "idea, stated")
    marks = store.marks()
    assert (marks[("w1", "ann")].points, marks[("w1", "bob")].points) == (1.5, 3.5)
    assert marks[("w1", "ann")].items == [(1.5, "idea, stated")]
    store.set_item(first, 9, "too much")  # scores stay within the question's points
    assert store.marks()[("w1", "bob")].points == 5


def test_negative_scoring_starts_from_full_marks(home):
    _, store = home
    first, _ = items(store)
    store.set_scoring("w1", "negative")
    store.set_item(first, -2, "missing step")
    store.set_mark("w1", "ann")
    store.toggle_item("w1", "bob", first)
    marks = store.marks()
    assert (marks[("w1", "ann")].points, marks[("w1", "bob")].points) == (5, 3)


def test_blackboard_csv_column_id_blank_ungradable_and_unmapped(home):
    folder, _ = home
    rows = [make_row("ann"), make_row("cat", status="timeout", q1=0, q2=0),
            make_row("1000001", source="notebook"), make_row("mail", source="file name")]
    warnings = gradebook.write_outputs(folder, HW, make_bundle(), rows, "",
                                       log=lambda line: None)
    lines = (folder / "blackboard.csv").read_text().splitlines()
    assert lines == ['"Username","demo [Total Pts: 20 Score]"', '"ann","15"', '"cat",""']
    assert any("column id" in w and "text column" in w for w in warnings)
    assert any("1000001.ipynb" in w and "--roster" in w for w in warnings)
    assert any("mail.ipynb" in w for w in warnings)
    report = (folder / "report.html").read_text()
    assert "not in blackboard.csv" in report

    gradebook.write_outputs(folder, HW, make_bundle(), rows, "_4321_1", log=lambda line: None)
    header = (folder / "blackboard.csv").read_text().splitlines()[0]
    assert header == '"Username","demo [Total Pts: 20 Score] |_4321_1"'


def test_roster_maps_student_ids_and_file_names_and_is_kept(home):
    folder, _ = home
    roster = folder / "roster.xls"  # Blackboard's download: UTF-16, tab separated
    roster.write_bytes("Last Name\tFirst Name\tUsername\tStudent ID\n"
                       "Doe\tAnn\tann\t1000002\nRoe\tRic\tric7\t1000001\n"
                       "Poe\tMai\tmai3\t1000003\n".encode("utf-16"))
    rows = [make_row("ann"), make_row("1000001", source="notebook"),
            make_row("hw_1000003_final", source="file name"),
            make_row("zed"), make_row("1000009", source="notebook")]
    warnings = gradebook.write_outputs(folder, HW, make_bundle(), rows, "_1", roster=roster,
                                       log=lambda line: None)
    lines = (folder / "blackboard.csv").read_text().splitlines()[1:]
    assert lines == ['"ann","15"', '"ric7","15"', '"mai3","15"']
    assert any("zed" in w and "not in the roster" in w for w in warnings)
    assert any("1000009" in w for w in warnings)
    # a later run without --roster uses the same roster
    gradebook.write_outputs(folder, HW, make_bundle(), rows, "_1", log=lambda line: None)
    assert (folder / "blackboard.csv").read_text().splitlines()[1:] == lines


def test_roster_without_username_column_is_a_clear_error(tmp_path):
    bad = tmp_path / "roster.csv"
    bad.write_text("Name,ID\nAnn,1\n")
    with pytest.raises(ValueError, match="no Username column"):
        gradebook.read_roster(bad)
    with pytest.raises(ValueError, match="cannot read the roster"):
        gradebook.read_roster(tmp_path / "missing.csv")


def test_two_files_for_one_username_upload_once(home):
    folder, _ = home
    rows = [make_row("ann"), make_row("ann", source="notebook", name="ann-2")]
    roster = [{"username": "ann", "student_id": "", "name": ""}]
    warnings = gradebook.write_outputs(folder, HW, make_bundle(), rows, "_1", roster=roster,
                                       log=lambda line: None)
    assert (folder / "blackboard.csv").read_text().count('"ann"') == 1
    assert any("maps to ann as well" in w for w in warnings)


def test_report_counts_a_failed_check_once_per_student(home):
    folder, _ = home
    unanswered = [failing("q1", k, "NotImplementedError: replace this line") for k in range(4)]
    rows = [make_row("ann", tests=unanswered, q1=0), make_row("bob", tests=unanswered, q1=0),
            make_row("cat", tests=[failing("q2", 0, "wrong shape: (2, 3)")], q2=0),
            make_row("dan", status="crashed", q1=0, q2=0, tests=unanswered)]
    gradebook.write_outputs(folder, HW, make_bundle(), rows, "_1", log=lambda line: None)
    report = (folder / "report.html").read_text()
    failures = report.split("Most common failed checks")[1].split("Per question")[0]
    assert failures.count("NotImplementedError") == 1
    assert '<td class="num">2</td>' in failures  # two students, not eight checks
    assert "wrong shape" in failures
    assert "crashed" in report.split("could not be graded in full")[1]
    feedback = (folder / "feedback" / "dan.html").read_text()
    assert feedback.count("could not be run") == 1 and "NotImplementedError" not in feedback
    assert (folder / "feedback" / "ann.html").read_text().count("NotImplementedError") == 4


def test_publish_twice_keeps_marks(home):
    folder, store = home
    store.set_points("w1", "ann", 4, "good")
    rows = [make_row("ann")]
    for _ in range(2):
        grade.publish(folder, HW, make_bundle(), rows, "_1", log=lambda line: None)
        assert read_csv(folder / "grades.csv")[0]["w1"] == "4"
    assert store_mod.exists(folder)


def test_only_written_questions_that_can_change_a_total_wait_to_be_marked():
    """mhsa_causal's inline questions are worth 0 and their rubric items 0: an answer to them
    is not 'not marked yet'; its code review (deductions and a bonus, 0 points) is."""
    from autograder import paths

    bundle = bundle_mod.load(paths.bundle("mhsa_causal"), "mhsa_causal")
    row = grade.Row("a.ipynb", "student01", "ok", result_name="student01")
    [entry] = gradebook.entries(bundle, [row], {})
    assert entry.unmarked == ["code_review"]
    assert all(q["manual"] and not gradebook.scored(q) for q in bundle.questions
               if q["name"].startswith("inline_"))
