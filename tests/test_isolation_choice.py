"""Where submissions cannot be isolated, grading refuses in one line, unless the TA accepts the
risk with --unsafe-no-isolation; then every row and feedback page says so."""
import shutil

import pytest

from autograder import cli
from autograder.grading import grade, jail
from conftest import ROOT

HW = "rnn_attention"
SAMPLE = ROOT / "samples" / HW


@pytest.fixture
def no_namespaces(monkeypatch):
    monkeypatch.setattr(jail, "problem",
                        lambda root: "this system (Darwin) has no Linux namespaces")


def one_student(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    first = sorted(SAMPLE.glob("*student01*"))
    for path in first:
        shutil.copy(path, folder)
    return folder


def test_grading_refuses_in_one_line(no_namespaces, tmp_path, capsys):
    code = cli.main(["grade", HW, str(one_student(tmp_path)), "--out", str(tmp_path / "out"),
                     "--quiet"])
    err = capsys.readouterr().err.strip()
    assert code != 0
    assert len(err.splitlines()) == 1 and "--unsafe-no-isolation" in err and "Darwin" in err
    assert not (tmp_path / "out" / "grades.csv").exists()


def test_the_flag_grades_and_says_so_everywhere(no_namespaces, tmp_path):
    out = tmp_path / "out"
    rows = grade.main(HW, [one_student(tmp_path)], out, progress=False, log=lambda *_: None,
                      isolate=False)
    graded = [r for r in rows if r.status == "ok"]
    assert graded and all(grade.UNISOLATED in r.flags for r in graded)
    assert "WITHOUT sandbox isolation" in (out / "grades.csv").read_text("utf-8")
    for page in (out / "feedback").glob("*.html"):
        assert "WITHOUT sandbox isolation" in page.read_text("utf-8")
    assert "WITHOUT sandbox isolation" in (out / "report.html").read_text("utf-8")
