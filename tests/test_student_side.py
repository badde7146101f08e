"""What students run before submitting: the check, and a PDF export that is verified."""
import json
import shutil

import nbformat
import pytest

from autograder import build, check, export, grade, nbcode, tamper
import nbenv
from conftest import ROOT

HW = "rnn_attention"
RELEASE = ROOT / "release" / HW
KEY = ROOT / "solutions" / HW / f"{HW}-key.ipynb"


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """A student's finished notebook, run top to bottom in a fresh kernel and saved."""
    folder = tmp_path_factory.mktemp("student")
    shutil.copytree(RELEASE, folder, dirs_exist_ok=True)
    path = folder / f"{HW}.ipynb"
    nbformat.write(nbenv.answered(nbformat.read(path, as_version=4),
                                  nbformat.read(KEY, as_version=4)), path)
    build.execute_notebook(path)  # the export cell stays, unexecuted
    return path


def test_check_passes_a_finished_notebook(finished):
    lines = []
    assert check.main(finished, log=lines.append) == 0
    assert lines == [f"{finished.name}: ready to export and submit"]


def test_check_names_every_problem_of_the_blank_notebook():
    lines = []
    assert check.main(RELEASE / f"{HW}.ipynb", log=lines.append) == 1
    text = "\n".join(lines)
    assert "STUDENT ID" in text and "Name" in text and "have not been run" in text
    assert "q1_1: the answer in cell" in text and "still the stub" in text
    assert text.count("written answer in cell") == 2


def test_check_finds_out_of_order_runs_failing_checks_and_errors(finished, tmp_path):
    nb = nbformat.read(finished, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    code[3].execution_count, code[4].execution_count = 40, 2
    target = next(c for c in code if c.source == 'grader.check("q3")')
    target.outputs = [nbformat.v4.new_output("stream", name="stdout", text="q3 results:\n 1 failed")]
    code[5].outputs = [nbformat.v4.new_output("error", ename="NameError", evalue="x", traceback=[])]
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    lines = []
    assert check.main(path, log=lines.append) == 1
    text = "\n".join(lines)
    assert "out of order" in text and "q3: the public check fails" in text
    assert "stops with NameError" in text
    assert check.main(tmp_path / "missing.ipynb", log=lines.append) == 2


def test_export_of_a_finished_notebook_is_verified_on_both_routes(finished, tmp_path):
    for route in ("latex", "html"):
        result = export.main(finished, tmp_path / f"{route}.pdf", route=route)
        assert result.route == {"latex": "latex", "html": "html+chromium"}[route]
        assert result.missing == []


def test_export_reports_what_the_pdf_lacks(finished, tmp_path):
    result = export.main(finished, tmp_path / "a.pdf")
    nb = nbformat.read(finished, as_version=4)
    answer = next(c for c in nb.cells if "otter_answer_cell" in c.metadata.get("tags", [])
                  and c.cell_type == "markdown")
    answer.source += "\n\nA sentence that the PDF never saw."
    plot = next(c for c in nb.cells if c.cell_type == "code"
                and any("image/png" in o.get("data", {}) for o in c.outputs))
    plot.outputs = plot.outputs + [nbformat.v4.new_output("display_data",
                                                          {"image/png": "iVBORw0KGgo="})]
    missing = export.verify(nb, result.pdf)
    assert any(m.startswith("written answer in cell") for m in missing)
    assert any(m.startswith("figures:") for m in missing)


def test_export_falls_back_to_chromium_when_latex_is_missing(finished, tmp_path, monkeypatch):
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "xelatex" else real_which(name))
    result = export.main(finished, tmp_path / "fallback.pdf")
    assert result.route == "html+chromium" and "xelatex is not installed" in result.fallback_reason
    assert result.missing == []


def test_tamper_detection_flags_and_grades_with_the_released_cells(finished):
    release = json.loads((RELEASE / f"{HW}.ipynb").read_text())
    submission = json.loads(finished.read_text())
    flags, cells = tamper.inspect(release, submission)
    assert flags == []
    locked = [c for c in submission["cells"] if c["metadata"].get("nbgrader", {}).get("locked")]
    given = next(c for c in locked if "class MultiHeadAttention" in "".join(c["source"]))
    given["source"] = "class MultiHeadAttention:\n    pass\n"
    sanity = next(c for c in locked if "print(\"Pass!\")" in "".join(c["source"]))
    submission["cells"].remove(sanity)
    flags, cells = tamper.inspect(release, submission)
    assert sorted(flags) == sorted([
        f"edited locked cell {given['metadata']['nbgrader']['grade_id']}",
        f"deleted locked cell {sanity['metadata']['nbgrader']['grade_id']}"])
    assert "class MultiHeadAttention:\n    pass\n" not in cells
    assert any(c.startswith("class MultiHeadAttention(nn.Module)") for c in cells)


def test_grader_reports_tampering_in_grades_csv(finished, tmp_path):
    submission = json.loads(finished.read_text())
    locked = [c for c in submission["cells"] if c["metadata"].get("nbgrader", {}).get("locked")]
    locked[3]["source"] = "print('I changed this')"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "tampered.ipynb").write_text(json.dumps(submission))
    rows = grade.main(HW, [tmp_path / "in"], tmp_path / "out", timeout=20, progress=False,
                      log=lambda *_: None)
    assert rows[0].flags == [f"edited locked cell {locked[3]['metadata']['nbgrader']['grade_id']}"]
    assert rows[0].total == 85
    assert "edited locked cell" in (tmp_path / "out" / "grades.csv").read_text()
    feedback = next((tmp_path / "out" / "feedback").glob("*.html")).read_text()
    assert "edited locked cell" in feedback
