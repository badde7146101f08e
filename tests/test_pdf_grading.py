"""PDF submissions: the grader grades the notebook the export cell embedded in the PDF, flags a
PDF whose printed code is not its notebook's, and gives a PDF without a notebook its own row."""
import io
import shutil

import nbformat
import pytest
from pypdf import PdfReader, PdfWriter

from autograder.grading import grade, intake, pdfsub
from autograder.student import export as student_export, meta, pdf as student_pdf
import nbenv
from conftest import ROOT

HW = "rnn_attention"
KEY = ROOT / "solutions" / HW / f"{HW}-key.ipynb"
OTHER_RNN_STEP = ("def rnn_step(x_t, h_prev, W_x, W_h, b):\n"
                  "    return torch.tanh(b + h_prev @ W_h + x_t @ W_x)  # another student's\n")


def without_attachment(pdf_bytes):
    """The same pages, printed without the course's export cell (no embedded notebook)."""
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_bytes)).pages:
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def with_attachment(pdf_bytes, notebook, stated_hash=None):
    """``pdf_bytes`` (without attachment) carrying ``notebook``; its metadata hash may lie."""
    made = student_pdf.embed(pdf_bytes, notebook, f"{HW}.ipynb")
    if stated_hash is None:
        return made
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(made)))
    writer.add_metadata({meta.HASH_KEY: stated_hash})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A finished notebook (the key's answers) in a student folder and its PDFs, both routes,
    and a notebook of another student that differs in q1_1."""
    folder = tmp_path_factory.mktemp("student") / HW
    shutil.copytree(ROOT / "release" / HW, folder)
    path = folder / f"{HW}.ipynb"
    nb = nbenv.answered(nbformat.read(path, as_version=4), nbformat.read(KEY, as_version=4))
    nbformat.write(nb, path)
    pdfs = {route: student_export.export(path, folder / f"{route}.pdf", route=route).pdf
            for route in ("latex", "html")}
    answer = next(c for c in nb.cells if c.source.startswith("def rnn_step("))
    answer.source = OTHER_RNN_STEP
    other = folder / "other.ipynb"
    nbformat.write(nb, other)
    return path, pdfs, other


@pytest.fixture(scope="module")
def graded(made, tmp_path_factory):
    """grades.csv rows by file name for one batch holding every kind of submission."""
    path, pdfs, other = made
    inbox = tmp_path_factory.mktemp("inbox")
    shutil.copy(path, inbox / "notebook.ipynb")
    shutil.copy(pdfs["latex"], inbox / "latex.pdf")
    shutil.copy(pdfs["html"], inbox / "chromium.pdf")
    bare = without_attachment(pdfs["latex"].read_bytes())
    (inbox / "printed.pdf").write_bytes(bare)
    (inbox / "swapped.pdf").write_bytes(with_attachment(bare, other.read_bytes()))
    (inbox / "not-a-pdf.pdf").write_bytes(b"%PDF-1.7\n garbage")
    rows = grade.main(HW, [inbox], tmp_path_factory.mktemp("out"), timeout=30, progress=False,
                      log=lambda *_: None)
    return {row.submission.split("/")[-1]: row for row in rows}


def test_a_pdf_is_graded_like_its_notebook_on_both_routes(graded):
    assert graded["notebook.ipynb"].status == "ok" and graded["notebook.ipynb"].total == 85
    for name in ("latex.pdf", "chromium.pdf"):
        row = graded[name]
        assert (row.status, row.scores, row.flags) == ("ok", graded["notebook.ipynb"].scores, [])
        assert row.student_id == "1000042"


def test_a_pdf_without_the_notebook_gets_its_row_and_status(graded):
    row = graded["printed.pdf"]
    assert row.status == "pdf-without-notebook" and row.total == 0
    assert "exported without the course's export cell; ask the student for the notebook" in \
        row.reason
    assert graded["not-a-pdf.pdf"].status == "invalid-pdf"


def test_a_pdf_whose_attachment_was_swapped_is_flagged(graded):
    flags = graded["swapped.pdf"].flags
    assert len(flags) == 1 and flags[0].startswith("pdf-code-differs:") and "(q1_1)" in flags[0]


def test_an_attachment_that_is_not_the_hashed_notebook_is_flagged(made):
    path, pdfs, other = made
    bare = without_attachment(pdfs["latex"].read_bytes())
    honest = student_pdf.attachment(pdfs["latex"].read_bytes())[2]
    forged = with_attachment(bare, other.read_bytes(), stated_hash=honest)
    submission = pdfsub.unwrap(intake.Submission("forged.pdf", forged, original_name="f.pdf"))
    assert submission.data == other.read_bytes() and submission.status == ""
    assert [f.split(":")[0] for f in submission.flags] == ["pdf-hash-mismatch",
                                                           "pdf-code-differs"]


def blackboard(folder, user, when, files):
    stem = f"Homework_{user}_attempt_{when}"
    listed = "".join(f"\tOriginal filename: {name}\n\tFilename: {stem}_{name}\n"
                     for name in files)
    (folder / f"{stem}.txt").write_text(f"Name: Sample {user} ({user})\nAssignment: Homework\n"
                                        f"\nFiles:\n{listed}")
    for name, data in files.items():
        (folder / f"{stem}_{name}").write_bytes(data)


def test_an_attempt_with_a_pdf_and_a_notebook_grades_the_notebook_and_compares_them(made,
                                                                                    tmp_path):
    path, pdfs, other = made
    download = tmp_path / "download"
    download.mkdir()
    blackboard(download, "alice", "2026-10-20-09-00-00",
               {f"{HW}.ipynb": path.read_bytes(), f"{HW}.pdf": pdfs["latex"].read_bytes()})
    blackboard(download, "bob", "2026-10-20-09-05-00",
               {f"{HW}.ipynb": other.read_bytes(), f"{HW}.pdf": pdfs["html"].read_bytes()})
    found = {(s.student_id, s.original_name): s for s in intake.collect([download])}
    assert found["alice", f"{HW}.pdf"].superseded_by == found["alice", f"{HW}.ipynb"].label
    assert not any(f.startswith("pdf-") for f in found["alice", f"{HW}.ipynb"].flags)
    assert found["bob", f"{HW}.pdf"].superseded_by == found["bob", f"{HW}.ipynb"].label
    assert [f.split(":")[0] for f in found["bob", f"{HW}.ipynb"].flags] == [
        "pdf-notebook-differs"]
