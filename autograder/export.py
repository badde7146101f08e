"""``python -m autograder export NOTEBOOK [PDF]``: a thin wrapper over the student tools.

The PDF is made by ``autograder.student`` (shipped to students as ``hwtools``): LaTeX first,
else HTML printed by Chromium, with the notebook embedded and its hash in the metadata, then
read back. The build uses the same code for the answer keys' PDFs.
"""
from pathlib import Path

from .student import export as student_export, pdf as student_pdf
from .student.export import Export, ExportError  # noqa: F401  (the verb's public API)
from .student.pdf import MATH, normal  # noqa: F401


def main(notebook, pdf=None, route="auto"):
    """Write the PDF of ``notebook`` and check it; return an Export (raises ExportError)."""
    return student_export.export(notebook, pdf, route=route)


def pdf_text(pdf):
    """The text of the PDF file ``pdf``."""
    return student_pdf.text(Path(pdf).read_bytes())


def image_count(pdf):
    return student_pdf.image_count(Path(pdf).read_bytes())


def verify(nb, pdf):
    """What of ``nb``'s answers, outputs, written answers and figures the PDF file lacks."""
    return student_pdf.verify(nb, Path(pdf).read_bytes())
