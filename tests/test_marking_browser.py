"""The marking app in a real browser: Debian's Chromium driven by Playwright (no download).

Grades the self_attention sample class, starts ``python -m autograder mark`` on it, and marks
every written answer by keyboard from two browser contexts (two TAs) at once; then reloads and
checks every mark persisted, changes a rubric item's points and checks the re-scored marks, and
checks grades.csv and blackboard.csv. Screenshots go to tests/artifacts/ (not committed).
"""
import csv
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from autograder.grading import grade
from conftest import ROOT, free_port

CHROMIUM = shutil.which("chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
HW = "self_attention"
WRITTEN = ["q1_1", "q1_3"]  # 5 points each, negative scoring: items -2, -2, -2, -1
AUTOGRADED_FULL = 40
pytestmark = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                                reason="Debian's chromium is not installed")



@pytest.fixture(scope="module")
def server(tmp_path_factory):
    out = tmp_path_factory.mktemp("grading")
    grade.main(HW, [ROOT / "samples" / HW], out, timeout=8, progress=False, log=lambda *_: None)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "autograder", "mark", HW, str(out), "--no-browser",
         f"--port={port}"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True)
    url = opened_url(process, 60)
    base = url.split("/?", 1)[0]
    assert base == f"http://127.0.0.1:{port}"
    yield (base, url), out, process
    if process.poll() is None:
        process.send_signal(signal.SIGINT)  # Ctrl-C: the app refreshes the outputs and exits
        process.wait(timeout=120)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM or "/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield launched
        launched.close()


def opened_url(process, seconds):
    """The URL (with its token) that ``mark`` prints once it listens; its output is drained
    from then on (the server logs every request)."""
    lines = queue.Queue()

    def drain():
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=drain, daemon=True).start()
    deadline, seen = time.monotonic() + seconds, []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        if line is None:
            break
        seen.append(line)
        found = re.search(r"(http://\S+/\?token=[\w-]+)", line)
        if found:
            return found.group(1)
    process.kill()
    pytest.fail(f"the marking app did not start: {''.join(seen)}")


def sign_in(context, url):
    """A TA's browser opens the URL ``mark`` printed; returns its page."""
    page = context.new_page()
    page.goto(url)
    assert "?token" not in page.url  # exchanged for a cookie, then gone from the address
    return page


def graded_students(out):
    """The students of the graded class whose written answers are marked (not superseded)."""
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        return sum(not row["status"].startswith("superseded") for row in csv.DictReader(f))


def start_next(page, base, question):
    """The question page's "Mark the next ungraded answer" button (a POST)."""
    page.goto(f"{base}/q/{question}")
    with page.expect_navigation():
        page.click("#start")


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"marking-{name}.png"), full_page=True)


def wait_saved(page, before):
    page.wait_for_function(f"document.body.dataset.saved && document.body.dataset.saved != "
                           f"'{before}'", timeout=10000)


def label_of(page):
    return page.evaluate("document.body.dataset.label")


def mark_by_keyboard(page, key):
    """Apply rubric item ``key`` to the open answer, then 'n': next ungraded. Returns the
    answer's label (None when the question is done)."""
    label = label_of(page)
    if label is None:
        return None
    before = page.evaluate("document.body.dataset.saved || ''")
    page.keyboard.press(key)
    wait_saved(page, before)
    with page.expect_navigation():
        page.keyboard.press("n")
    return label


def overview(page, base, question):
    """{student id: points or None} from the question's answer list, names shown."""
    page.goto(f"{base}/q/{question}")
    rows = page.eval_on_selector_all(
        "table:last-of-type tr", "rows => rows.slice(1).map(r => Array.from(r.cells).map("
        "c => c.innerText.trim()))")
    return {cells[1]: (None if cells[2] == "not marked" else float(cells[2])) for cells in rows}


def test_two_tas_mark_every_written_answer_by_keyboard(server, browser):
    (base, url), out, process = server
    # bypass_csp: the test waits with page functions, which the app's policy (no eval) forbids
    ta_a, ta_b = browser.new_context(bypass_csp=True), browser.new_context(bypass_csp=True)
    page_a, page_b = sign_in(ta_a, url), sign_in(ta_b, url)
    expected = {}  # (question, label) -> points
    applied = {"a": ("1", 3.0), "b": ("4", 4.0)}  # key, points after it (5 - 2, 5 - 1)
    for question in WRITTEN:
        page_a.goto(f"{base}/q/{question}")
        with page_a.expect_navigation():  # the page reloads with the blank answers marked
            page_a.click("#blank-zero")
        start_next(page_a, base, question)
        start_next(page_b, base, question)
        first_a, first_b = label_of(page_a), label_of(page_b)
        assert first_a and first_b and first_a != first_b, "two TAs got the same answer"
        if question == WRITTEN[0]:
            shot(page_a, "answer")
            assert "Blank answer" not in page_a.content()
            assert page_a.locator("math").count() > 0  # the answer's LaTeX, as MathML
        done = {"a": False, "b": False}
        while not all(done.values()):  # the two TAs take turns, each on their own answer
            for who, page in (("a", page_a), ("b", page_b)):
                if done[who]:
                    continue
                key, points = applied[who]
                label = mark_by_keyboard(page, key)
                if label is None:
                    done[who] = True
                else:
                    assert (question, label) not in expected, "an answer was marked twice"
                    expected[(question, label)] = points
        assert page_a.locator("#all-done").count() == 1
    assert {who for who in applied if any(
        points == applied[who][1] for points in expected.values())} == {"a", "b"}

    # reload: every mark persisted (names shown to check them against the grades)
    page_a.goto(base + "/")
    with page_a.expect_navigation():
        page_a.click("#names")  # show names: a deliberate POST
    marks = {}
    for question in WRITTEN:
        page_a.goto(f"{base}/q/{question}")
        labels = page_a.eval_on_selector_all(
            "table:last-of-type tr td:first-child a", "links => links.map(a => a.innerText)")
        listed = overview(page_a, base, question)
        assert None not in listed.values(), f"{question}: an answer is not marked"
        assert len(labels) == len(listed) == graded_students(out)
        for label, (student, points) in zip(labels, listed.items()):
            assert points == expected.get((question, label), 0.0), (question, student)
            marks[(question, student)] = points
    assert marks[("q1_1", "student02")] == 0 and marks[("q1_1", "student07")] == 0

    # a rubric item's points changed: every answer with it is re-scored
    page_a.goto(f"{base}/q/q1_1")
    field = page_a.locator("#rubric-editor tr[data-item] .item-points").first
    field.fill("-3")
    before = page_a.evaluate("document.body.dataset.saved || ''")
    field.dispatch_event("change")
    wait_saved(page_a, before)
    shot(page_a, "rubric")
    rescored = overview(page_a, base, "q1_1")
    for student, points in rescored.items():
        old = marks[("q1_1", student)]
        assert points == (2.0 if old == 3.0 else old), student
        marks[("q1_1", student)] = points

    # the outputs: refreshed from the app's button, then by leaving the app (Ctrl-C)
    page_a.goto(base + "/")
    page_a.click("#refresh")
    page_a.wait_for_selector("#refresh-status:text('updated')", timeout=60000)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=120) == 0
    ta_a.close()
    ta_b.close()
    with open(out / "grades.csv", newline="") as f:
        table = [line for line in csv.DictReader(f) if not line["status"].startswith("super")]
    lines = (out / "blackboard.csv").read_text().splitlines()
    for line in table:
        student = line["student_id"]
        written = marks[("q1_1", student)] + marks[("q1_3", student)]
        assert float(line["q1_1"]) == marks[("q1_1", student)]
        assert float(line["total"]) == sum(
            float(line[q]) for q in ("q1_2", "q1_4", "q2_1", "q2_2")) + written
        assert line["unmarked"] == ""
        if student == "student01":
            assert float(line["total"]) == AUTOGRADED_FULL + written
        if line["status"].startswith("invalid-notebook"):
            assert f'"{student}",""' in lines
        elif student.startswith("student"):
            assert f'"{student}","{float(line["total"]):g}"' in lines
