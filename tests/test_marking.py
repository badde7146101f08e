"""The marking of written answers: answer extraction, rendering, the SQLite store with leases,
the Flask app (test client), CSV import/export, and end to end on each sample class."""
import base64
import csv
import json
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from autograder import bundle as bundle_mod, cli, paths
from autograder.grading import grade, gradebook
from autograder.marking import app as app_mod, answers, import_csv, export_csv, render
from autograder.marking import store as store_mod
from conftest import HOMEWORKS, ROOT

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n-not-really-a-png").decode()
LOCK = {"editable": False, "deletable": False}


def cell(kind, source, cell_id, locked=False, **extra):
    found = {"cell_type": kind, "id": cell_id, "source": source,
             "metadata": dict(LOCK) if locked else {}, **extra}
    if kind == "code":
        found.setdefault("outputs", [])
        found.setdefault("execution_count", None)
    return found


def release_notebook():
    return {"cells": [
        cell("markdown", "# Demo", "c0", locked=True),
        cell("markdown", "<!-- BEGIN QUESTION -->\n\n**W1.** Explain $x^2$.", "c1", locked=True),
        cell("markdown", answers.PLACEHOLDER, "c2"),
        cell("markdown", "<!-- END QUESTION -->\n\n**Q1.** Code.", "c3", locked=True),
        cell("code", "def f():\n    raise NotImplementedError", "c4"),
        cell("markdown", "<!-- BEGIN QUESTION -->\n\n**W2.** Plot it.", "c5", locked=True),
        cell("markdown", answers.PLACEHOLDER, "c6"),
        cell("markdown", "<!-- END QUESTION -->\n\nThe end.", "c7", locked=True),
    ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def submission(w1=None, w2_cells=()):
    nb = release_notebook()
    if w1 is not None:
        nb["cells"][2]["source"] = w1
    nb["cells"][6:7] = list(w2_cells) or [nb["cells"][6]]
    return json.dumps(nb).encode()


QUESTIONS = [{"name": "w1", "points": 2, "manual": True},
             {"name": "q1", "points": 6, "manual": False},
             {"name": "w2", "points": 3, "manual": True,
              "rubric": {"scoring": "negative", "items": [
                  {"points": -1, "description": "no axis labels"}]}}]


def demo_bundle():
    return bundle_mod.Bundle("demo", Path("demo.zip"), "d", QUESTIONS, {}, "", release_notebook())


class Sub:
    def __init__(self, data):
        self.data = data


@pytest.fixture
def folder(tmp_path):
    """A grading folder of the demo homework: four graded students and one superseded."""
    bundle = demo_bundle()
    datas = {
        "ann": submission("The square of $x$ <script>alert(1)</script>", [
            cell("markdown", "See ![plot](attachment:p.png)", "c6",
                 attachments={"p.png": {"image/png": PNG}}),
            cell("code", "plt.plot(x)", "extra", outputs=[
                {"output_type": "display_data", "data": {"image/png": PNG}}])]),
        "bob": submission("x times x"),
        "cat": submission(),
        "dan": b"{ not json",
    }
    rows = []
    for name in datas:
        row = grade.Row(f"{name}.ipynb", name, "ok" if name != "dan" else "invalid-notebook",
                        scores={"q1": 6.0}, id_source="blackboard")
        row.result_name = name
        rows.append(row)
    rows.append(grade.Row("old.ipynb", "ann", "superseded", "later attempt"))
    subs = [Sub(data) for data in datas.values()] + [Sub(b"")]
    gradebook.write_outputs(tmp_path, "demo", bundle, rows, "_9", submissions=subs,
                            log=lambda line: None)
    return tmp_path, bundle, gradebook.load_state(tmp_path)


def test_written_questions_and_prompts_come_from_the_release():
    found = answers.written_questions(demo_bundle())
    assert [(q.name, q.points) for q in found] == [("w1", 2), ("w2", 3)]
    assert found[0].prompt == "**W1.** Explain $x^2$."
    assert found[0].rubric == answers.default_rubric(2)
    assert found[1].rubric["scoring"] == "negative"


def test_answers_are_the_cells_after_the_prompt_up_to_the_next_locked_cell(folder):
    home = folder[0]
    ann = answers.load(home, "ann")["questions"]
    assert [p["type"] for p in ann["w2"]["parts"]] == ["markdown", "code"]
    assert ann["w2"]["parts"][0]["attachments"]["p.png"]["mime"] == "image/png"
    assert ann["w2"]["parts"][1]["images"][0]["data"] == PNG
    assert not ann["w1"]["blank"] and not ann["w2"]["blank"]
    bob = answers.load(home, "bob")["questions"]
    assert not bob["w1"]["blank"] and bob["w2"]["blank"]
    assert answers.load(home, "dan")["questions"]["w1"]["unreadable"]
    assert not (home / "answers" / "old.json").exists()


def test_released_answers_of_each_homework_are_blank():
    for hw in HOMEWORKS:
        bundle = bundle_mod.load(paths.bundle(hw, ROOT), hw)
        release = (ROOT / "release" / hw / f"{hw}.ipynb").read_bytes()
        found = answers.extract(bundle, release)
        assert found and all(a["blank"] for a in found.values()), hw
        assert {q.name for q in answers.written_questions(bundle)} == {
            q["name"] for q in bundle.questions if q["manual"]}
        assert all(q.get("rubric") for q in bundle.questions if q["manual"]), hw  # from source


def test_render_keeps_html_out_and_math_in():
    page = render.markdown_html("<b>x</b> $\\frac{a}{b}$ ![r](https://example.com/a.png) "
                                "![l](attachment:l.png)", lambda name: "/img/" + name)
    assert "<b>" not in page and "&lt;b&gt;" in page
    assert "<mfrac>" in page and "example.com/a.png" in page and '<img src="/img/l.png"' in page
    assert "<img" not in page.replace('<img src="/img/l.png"', "")
    assert "math-error" in render.markdown_html("$\\left( x$")


@pytest.mark.parametrize("latex,planted", [
    ("\\text{<form action=/mark method=post><input type=submit value=Full></form>}",
     ("<form", "<input")),
    ("\\text{<b onmouseover=alert(1)>x</b>}", ("<b", "onmouseover")),
    ("\\href{javascript:alert(1)}{x}", ("href", "javascript")),
    ("\\style{position:fixed;top:0;width:100%;height:100%}{x}", ("style", "position")),
    ("\\Huge\\Huge\\Huge{\\Huge{X}}", ("mathsize",)),  # nests and compounds
    ("\\rule{1pt}{99999pt}", ("99999",)),  # a page-sized box
    ("\\kern{-9000pt}X", ("9000",)),
])
def test_math_cannot_carry_markup_into_the_marking_page(latex, planted):
    """A student's formula cannot put a form (posting marks), a handler, a link or a page-wide
    overlay into the page a TA marks on; the formula itself still renders."""
    for page in (render.markdown_html(f"${latex}$"), render.markdown_html(f"$${latex}$$")):
        assert "<math" in page and not [p for p in planted if p in page], page
    fine = render.markdown_html("$W_q \\in \\mathbb{R}^{d} \\; \\sqrt{d_k}$")
    assert all(tag in fine for tag in ("<msub>", "<msup>", "<msqrt>", 'width="0.278em"'))


def test_store_is_wal_and_leases_never_give_one_answer_to_two_tas(tmp_path):
    written = answers.written_questions(demo_bundle())
    first, second = store_mod.open_store(tmp_path, written), store_mod.Store(tmp_path)
    assert first.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    students = ["s1", "s2", "s3"]
    a = first.next_ungraded("w1", "ta-a", students, now=100)
    b = second.next_ungraded("w1", "ta-b", students, now=100)
    assert a and b and a != b
    assert first.hold("w1", b, "ta-a", now=101) == "ta-b"
    first.set_mark("w1", a, grader="ta-a")
    assert first.next_ungraded("w1", "ta-a", students, after=a, now=102) not in (a, b)
    # a lease runs out: an abandoned answer is given again
    later = 100 + store_mod.LEASE_SECONDS + 1
    assert second.next_ungraded("w1", "ta-c", [b], now=later) == b
    first.close()
    second.close()


def test_blank_answers_marked_zero_in_one_action(folder):
    home, bundle, state = folder
    marking = app_mod.Marking(home, "demo", bundle, state["rows"])
    assert sorted(marking.blank_students("w2")) == ["bob", "cat", "dan"]
    store = marking.store()
    assert store.mark_blank_zero("w2", marking.blank_students("w2"), "no answer") == 3
    marks = store.marks(question="w2")
    assert {k[1]: m.points for k, m in marks.items()} == {"bob": 0, "cat": 0, "dan": 0}
    store.close()


PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


class TA(FlaskClient):
    """A TA's browser on the app: its own address, and POSTs from its pages (their Origin;
    a header given as None is not sent)."""

    def open(self, *args, **kwargs):
        if args and isinstance(args[0], str):
            kwargs.setdefault("base_url", BASE)
            headers = {"Origin": BASE, **dict(kwargs.get("headers") or {})}
            kwargs["headers"] = {k: v for k, v in headers.items() if v is not None}
        return super().open(*args, **kwargs)


def signed_in(app):
    """A TA's browser that opened the URL ``mark`` printed (the token, for the cookie)."""
    browser = app.test_client()
    assert browser.get(f"/?token={app.config['token']}").status_code == 303
    return browser


def make_app(marking):
    app = app_mod.create_app(marking, port=PORT)
    app.config["refresh"] = lambda: None
    app.test_client_class = TA
    return app


@pytest.fixture
def client(folder):
    home, bundle, state = folder
    marking = app_mod.Marking(home, "demo", bundle, state["rows"])
    return make_app(marking), marking


def test_app_gives_two_tas_different_answers_and_keeps_names_hidden(client):
    app, marking = client
    one, two = signed_in(app), signed_in(app)
    first = one.post("/q/w1/next").headers["Location"]
    second = two.post("/q/w1/next").headers["Location"]
    assert "/q/w1/a/" in first and first != second
    page = one.get(first).get_data(as_text=True)
    label = first.rsplit("/", 1)[1]
    student = marking.by_label[label]
    assert student.student_id not in page.replace(label, "")
    assert "Another TA" not in page
    assert "Another TA" in two.get(first).get_data(as_text=True)
    one.post("/names", data={"on": "1"})
    assert student.student_id in one.get(first).get_data(as_text=True)


def test_app_actions_need_the_header_and_are_committed(client):
    app, marking = client
    browser = signed_in(app)
    label = next(s.label for s in marking.students if s.key == "ann")
    item = marking.store().items("w2")[0]["id"]
    url = f"/api/q/w2/a/{label}/toggle/{item}"
    assert browser.post(url).status_code == 403
    state = browser.post(url, headers={"X-Marking": "1"}).get_json()
    assert (state["points"], state["graded"], state["applied"]) == (2, True, [item])
    state = browser.post(f"/api/q/w2/a/{label}/mark",
                         json={"adjustment": "0.5", "comment": "labels!"},
                         headers={"X-Marking": "1"}).get_json()
    assert state["points"] == 2.5
    assert browser.post(f"/api/q/w2/a/{label}/mark", json={"adjustment": "lots"},
                        headers={"X-Marking": "1"}).status_code == 400
    mark = store_mod.Store(marking.home).mark("w2", "ann")  # another connection sees it
    assert (mark.points, mark.comment, mark.items) == (2.5, "labels!", [(-1, "no axis labels")])


def test_app_renders_answers_and_serves_their_figures(client):
    app, marking = client
    browser = signed_in(app)
    label = next(s.label for s in marking.students if s.key == "ann")
    page = browser.get(f"/q/w2/a/{label}").get_data(as_text=True)
    figures = [part.split('"')[0] for part in page.split('<img src="')[1:]]
    assert len(figures) == 2
    for url in figures:
        response = browser.get(url)
        assert response.status_code == 200 and response.mimetype == "image/png"
    page = browser.get(f"/q/w1/a/{label}").get_data(as_text=True)
    assert "<script>alert" not in page and "<math" in page
    assert browser.post("/q/nope/next").status_code == 404


def test_rubric_edits_in_the_app_rescore(client):
    app, marking = client
    browser = signed_in(app)
    label = next(s.label for s in marking.students if s.key == "bob")
    item = marking.store().items("w2")[0]["id"]
    browser.post(f"/api/q/w2/a/{label}/toggle/{item}", headers={"X-Marking": "1"})
    browser.post(f"/api/q/w2/items/{item}", json={"points": -2.5},
                 headers={"X-Marking": "1"})
    assert marking.store().mark("w2", "bob").points == 0.5
    browser.post("/api/q/w2/items", json={"points": -1, "description": "late"},
                 headers={"X-Marking": "1"})
    assert [i["description"] for i in marking.store().items("w2")] == ["no axis labels", "late"]


def write_rows(path, rows):
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student_id", "question", "points", "comment"])
        writer.writerows(rows)


def test_import_reports_rows_it_cannot_match_and_changes_nothing_for_them(folder, tmp_path):
    home, bundle, state = folder
    marking = app_mod.Marking(home, "demo", bundle, state["rows"])
    path = tmp_path / "offline.csv"
    write_rows(path, [["ann", "w1", "2", "fine"], ["zoe", "w1", "1", ""],
                      ["bob", "q1", "3", ""], ["bob", "w2", "7", ""], ["cat", "w1", "two", ""]])
    report = import_csv(marking, state, path)
    assert report.applied == 1 and len(report.rejected) == 4
    assert [line.split(":")[0] for line in report.rejected] == [
        "line 3", "line 4", "line 5", "line 6"]
    marks = marking.store().marks()
    assert list(marks) == [("w1", "ann")] and marks[("w1", "ann")].comment == "fine"
    out = tmp_path / "export.csv"
    assert export_csv(marking, out) == 1
    assert out.read_text().splitlines() == ["student_id,question,points,comment",
                                            "ann,w1,2,fine"]
    assert out.stat().st_mode & 0o077 == 0  # the marks are the TA's alone (was 0644)
    again = import_csv(marking, state, out)
    assert (again.applied, again.unchanged, again.rejected) == (0, 1, [])


def test_mark_command_reports_bad_input_on_one_line(tmp_path, capsys):
    assert cli.main(["mark", "self_attention", str(tmp_path / "nothing")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no grading folder") and len(err.strip().splitlines()) == 1


# ---------------------------------------------------------------------------------------------
# end to end on each sample class: grade, import marks, every output, grade again

def full_marks_csv(path, bundle):
    write_rows(path, [["student01", q["name"], f"{q['points']:g}", "all there"]
                      for q in bundle.questions if q["manual"]])


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_imported_marks_reach_every_output_and_survive_a_regrade(hw, tmp_path, capsys):
    out, samples = tmp_path / "grading", ROOT / "samples" / hw
    grade.main(hw, [samples], out, timeout=8, progress=False, log=lambda *_: None)
    bundle = bundle_mod.load(paths.bundle(hw, ROOT), hw)
    offline = tmp_path / "offline.csv"
    full_marks_csv(offline, bundle)
    assert cli.main(["mark", hw, str(out), "--import", str(offline)]) == 0
    assert "imported" in capsys.readouterr().out
    for _ in range(2):  # the import's refresh, then a new grading run over the folder
        table = {line["student_id"]: line for line in csv.DictReader(open(out / "grades.csv"))
                 if not line["status"].startswith("superseded")}
        assert table["student01"]["total"] == f"{bundle.max_points:g}"
        assert table["student01"]["unmarked"] == ""
        assert table["student02"]["unmarked"] != ""
        lines = (out / "blackboard.csv").read_text().splitlines()
        assert f'"student01","{bundle.max_points:g}"' in lines
        assert f"[Total Pts: {bundle.max_points:g} Score]" in lines[0]
        assert '"student07",""' in lines  # the truncated notebook: missing, not 0
        result = json.loads((out / "results" / "student01.json").read_text())
        assert result["score"] == bundle.max_points and not result["written_unmarked"]
        assert "all there" in (out / "feedback" / "student01.html").read_text()
        grade.main(hw, [samples], out, timeout=8, progress=False, log=lambda *_: None)


def test_a_changed_answer_is_marked_again_and_an_unchanged_one_keeps_its_mark(folder):
    home, bundle, state = folder
    marking = app_mod.Marking(home, "demo", bundle, state["rows"])
    store = marking.store()
    store.set_points("w1", "ann", 2, "right")
    store.set_points("w1", "bob", 1, "short")
    rows = [grade.Row(**row) for row in state["rows"]]
    datas = [submission("A new attempt"), submission("x times x"), submission(), b"{"]
    lines = []
    gradebook.write_outputs(home, "demo", bundle, rows, "_9",
                            submissions=[Sub(d) for d in datas] + [Sub(b"")],
                            log=lines.append)
    ann, bob = store.mark("w1", "ann"), store.mark("w1", "bob")
    assert (ann.graded, ann.comment, bob.graded, bob.points) == (False, "right", True, 1)
    assert any("ann w1" in line and "bob" not in line for line in lines)
    table = {line["student_id"]: line for line in csv.DictReader(open(home / "grades.csv"))}
    assert table["ann"]["w1"] == "" and table["bob"]["w1"] == "1"
    store.close()


def test_a_question_worth_0_points_is_a_deduction_or_a_bonus(tmp_path):
    """mhsa_causal's code review is worth 0 points (outside Total Pts): its negative items take
    points away and its positive item adds a bonus, within the sums of those items; a question
    worth points still stays between 0 and its points."""
    review = answers.WrittenQuestion("review", 0, "", {}, {"scoring": "negative", "items": [
        {"points": -1, "description": "Task 1 shapes"}, {"points": -1, "description": "Task 2"},
        {"points": 1, "description": "bonus"}]})
    plain = answers.WrittenQuestion("plain", 2, "", {}, {"scoring": "negative", "items": [
        {"points": -3, "description": "all wrong"}]})
    store = store_mod.open_store(tmp_path, [review, plain])
    shapes1, shapes2, bonus = [i["id"] for i in store.items("review")]
    assert store_mod.rubric_reach([-1, -1, 1]) == (-2.0, 1.0)
    store.toggle_item("review", "ann", shapes1)
    store.toggle_item("review", "bob", bonus)
    for item in (shapes1, shapes2, bonus):
        store.toggle_item("review", "cat", item)
    store.set_mark("review", "dan", adjustment=-9)
    store.toggle_item("plain", "ann", store.items("plain")[0]["id"])
    store.set_mark("plain", "bob", adjustment=9)
    points = {key: mark.points for key, mark in store.marks().items()}
    assert points == {("review", "ann"): -1, ("review", "bob"): 1, ("review", "cat"): -1,
                      ("review", "dan"): -2, ("plain", "ann"): 0, ("plain", "bob"): 2}
    store.close()


def test_import_takes_a_deduction_or_bonus_within_its_rubric(folder, tmp_path):
    """Offline marks of a question worth 0 points may be negative, within its rubric's reach."""
    import dataclasses

    home, bundle, state = folder
    marking = app_mod.Marking(home, "demo", bundle, state["rows"])
    marking.by_name["w1"] = dataclasses.replace(marking.by_name["w1"], points=0, rubric={
        "scoring": "negative", "items": [{"points": -1, "description": "shapes"},
                                         {"points": 1, "description": "bonus"}]})
    path = tmp_path / "offline.csv"
    write_rows(path, [["ann", "w1", "-1", ""], ["bob", "w1", "1", ""], ["cat", "w1", "-2", ""]])
    report = import_csv(marking, state, path)
    assert report.applied == 2 and len(report.rejected) == 1
    assert report.rejected[0].endswith("points -2 outside -1..1 for w1")
