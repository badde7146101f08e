"""The grader's outputs are its own (issue 16): no student-controlled string becomes a path or a
formula, and no link planted in the output folder is followed.

A class graded the way a TA grades it (``grade`` from a folder outside the project, as root and
as an unprivileged uid) holds an honest answer key beside files whose identities are hostile:
a STUDENT ID far longer than a file name may be, two identities that clean to the same name,
a file name that is a spreadsheet formula, one that looks like arithmetic. The output
folder has links planted where the grader writes and reads. Every student keeps a row of their
own, publishing never fails for the class, and nothing is written or read through a link.
"""
import csv
import json
import os

import nbformat
import pytest

import ta_run
from autograder import safeio
from conftest import ROOT

HW = "rnn_attention"
KEY = ROOT / "solutions" / HW / f"{HW}-key.ipynb"
LONG_ID = "S" + "1234567890" * 30  # 301 characters, the STUDENT ID pattern's own characters
FORMULA = "=HYPERLINK(\"x\";\"y\")"


def with_student_id(value):
    nb = nbformat.read(KEY, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "STUDENT ID" in cell.source:
            cell.source = f"**STUDENT ID:** {value}\n\n**Name:** someone"
            break
    else:
        raise AssertionError("the key has no STUDENT ID cell")
    return nbformat.writes(nb)


def make_class(folder):
    folder.mkdir(parents=True)
    key = KEY.read_text("utf-8")
    files = {"honest.ipynb": with_student_id(""), "emailed.ipynb": with_student_id(LONG_ID),
             "x y.ipynb": with_student_id(""), "x_y.ipynb": with_student_id(""),
             f"{FORMULA}.ipynb": with_student_id(""), "-2+3.ipynb": with_student_id("")}
    for name, text in files.items():
        (folder / name).write_text(text or key, "utf-8")


def plant_links(out, victim):
    """Links where the grader keeps its cache and writes its answers, pointing outside."""
    (victim / "cache").mkdir(parents=True)
    out.mkdir()
    os.symlink(victim / "cache", out / ".cache")
    (out / "answers").mkdir()
    (victim / "answers.json").write_text("precious", "utf-8")
    os.symlink(victim / "answers.json", out / "answers" / "honest.json")


def table(out):
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module", params=["root", "unprivileged"])
def graded(request):
    with ta_run.workdir(f"hw-outputs-{request.param}-") as workdir:
        make_class(workdir / "class")
        plant_links(workdir / "out", workdir / "victim")
        done = ta_run.grade(request.param, workdir, HW, "class", "--out", "out", "--quiet",
                            "--timeout", "30")
        yield workdir, done


def test_every_file_has_its_own_row_and_full_marks(graded):
    workdir, done = graded
    assert done.returncode == 0, done.stderr[-2000:]
    rows = table(workdir / "out")
    assert len(rows) == 6
    assert all(r["status"] == "ok" and r["total"] == "85" for r in rows), rows
    for path in [workdir / "out" / "grades.csv", *(workdir / "out").glob("*/*")]:
        assert path.stat().st_mode & 0o077 == 0, f"{path} is readable by other users"
    names = sorted(os.listdir(workdir / "out" / "feedback"))
    assert len(names) == len(set(names)) == 6
    assert all(len(n) <= safeio.MAX_NAME + len(".html") for n in names), names
    assert all(n.replace(".html", "").replace("-", "").replace("_", "").replace(".", "")
               .isalnum() for n in names), names


def test_a_long_identity_is_bounded_and_kept_apart(graded):
    workdir, _ = graded
    ids = [r["student_id"] for r in table(workdir / "out")]
    long_ids = [i for i in ids if i.startswith("S123")]
    assert len(long_ids) == 1 and len(long_ids[0]) <= safeio.MAX_ID
    assert "x y" in ids and "x_y" in ids


def test_no_cell_is_a_formula(graded):
    workdir, _ = graded
    for name in ("grades.csv", "blackboard.csv"):
        with open(workdir / "out" / name, newline="", encoding="utf-8") as f:
            for line in csv.reader(f):
                for cell in line:
                    assert not cell.startswith(safeio.FORMULA_START) or \
                        safeio.PLAIN_NUMBER.fullmatch(cell), (name, cell)
    ids = [r["student_id"] for r in table(workdir / "out")]
    assert "'" + FORMULA in ids and "'-2+3" in ids


def test_planted_links_are_not_followed(graded):
    workdir, _ = graded
    out, victim = workdir / "out", workdir / "victim"
    assert os.listdir(victim / "cache") == []
    assert (victim / "answers.json").read_text("utf-8") == "precious"
    assert not (out / ".cache").is_symlink() and len(os.listdir(out / ".cache")) == 6
    assert not (out / "answers" / "honest.json").is_symlink()


def test_a_cache_entry_that_fails_validation_is_graded_again(graded):
    """A cache file replaced by a link to a forged row, or by a row of the wrong shape, is
    graded again: the re-run's rows are the first run's."""
    workdir, _ = graded
    out = workdir / "out"
    before = (out / "grades.csv").read_bytes()
    entries = sorted((out / ".cache").iterdir())
    forged = json.loads(entries[0].read_text("utf-8"))
    forged["scores"] = {q: 1000.0 for q in forged["scores"]}
    (workdir / "forged.json").write_text(json.dumps(forged), "utf-8")
    entries[0].unlink()
    os.symlink(workdir / "forged.json", entries[0])
    entries[1].write_text(json.dumps({**forged, "scores": {"q1_1": "85"}}), "utf-8")
    user = "root" if workdir.stat().st_uid == 0 else "unprivileged"
    done = ta_run.grade(user, workdir, HW, "class", "--out", "out", "--quiet", "--timeout", "30")
    assert done.returncode == 0, done.stderr[-2000:]
    assert (out / "grades.csv").read_bytes() == before


def test_no_output_is_readable_by_another_local_user(graded):
    """grades.csv, blackboard.csv, report.html and the grader's state held every student's
    marks readable by any local user (0644 under the usual umask 022), beside feedback and
    results written 0600 (red team, issue 16): every file the grader writes is its user's."""
    workdir, done = graded
    assert done.returncode == 0, done.stderr[-2000:]
    out = workdir / "out"
    exposed = []
    for folder, _, files in os.walk(out):
        for name in files:
            info = os.lstat(os.path.join(folder, name))
            if not os.path.islink(os.path.join(folder, name)) and info.st_mode & 0o077:
                exposed.append((os.path.relpath(os.path.join(folder, name), out),
                                oct(info.st_mode & 0o777)))
    assert exposed == []
