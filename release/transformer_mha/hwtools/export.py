# Generated from autograder/student/export.py by `python -m autograder build transformer_mha`; do not edit.
"""Make the PDF of a saved notebook and check it: the student's export, shared by the
notebook's last cell, ``python -m hwtools export`` and the course's build (answer keys).

Reads the student's notebook and writes one PDF beside it (or where asked). Same notebook, same
PDF bytes.
"""
import dataclasses
from pathlib import Path

from . import pdf as pdf_mod


class ExportError(RuntimeError):
    """The PDF could not be made."""


@dataclasses.dataclass
class Export:
    pdf: Path
    route: str  # "latex" or "html+chromium"
    missing: list  # what the PDF lacks, one line each
    fallback_reason: str = ""


def read(notebook):
    """(bytes, notebook node) of a saved notebook; ExportError when it is missing or broken."""
    import nbformat

    notebook = Path(notebook)
    if not notebook.is_file():
        raise ExportError(f"no such notebook: {notebook}")
    data = notebook.read_bytes()
    try:
        return data, nbformat.reads(data.decode("utf-8-sig"), as_version=4)
    except Exception as exc:  # nbformat raises several unrelated types for bad files
        raise ExportError(f"{notebook} is not a readable notebook: {exc}") from exc


def export(notebook, pdf=None, route="auto"):
    """Write the PDF of ``notebook``, with the notebook embedded, and verify it."""
    notebook = Path(notebook)
    data, nb = read(notebook)
    target = Path(pdf) if pdf else notebook.with_suffix(".pdf")
    try:
        body, used, reason = pdf_mod.render(pdf_mod.printable(nb, notebook.stem),
                                            notebook.parent, route)
        body = pdf_mod.embed(body, data, notebook.name)
    except pdf_mod.PdfError as exc:
        raise ExportError(str(exc)) from exc
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    try:
        missing = pdf_mod.verify(nb, body)
    except pdf_mod.PdfError as exc:
        raise ExportError(f"the PDF was written but cannot be read back: {exc}") from exc
    return Export(target, used, missing, reason)
