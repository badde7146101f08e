"""``python -m autograder export NOTEBOOK [PDF]``: the notebook as a PDF, via LaTeX.

This is the route the course asks for (File > Download as > PDF via LaTeX). The PDF is
reproducible: LaTeX gets a fixed SOURCE_DATE_EPOCH, so the same notebook gives the same bytes.
"""
import os
from pathlib import Path

import nbformat

FIXED_EPOCH = "946684800"  # 2000-01-01: a constant, so that PDFs carry no build time


def _title(nb):
    """The notebook's first level-1 heading, the natural title of its PDF."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return None


class ExportError(RuntimeError):
    """The PDF could not be made."""


def main(notebook, pdf=None):
    """Write ``pdf`` (default: beside the notebook) and return its path."""
    from nbconvert import PDFExporter

    notebook = Path(notebook)
    if not notebook.is_file():
        raise ExportError(f"no such notebook: {notebook}")
    pdf = Path(pdf) if pdf else notebook.with_suffix(".pdf")
    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception as exc:  # nbformat raises several unrelated types for bad files
        raise ExportError(f"{notebook} is not a readable notebook: {exc}") from exc
    nb.metadata["title"] = _title(nb) or notebook.stem
    nb.metadata["date"] = ""  # no build date on the page
    os.environ.setdefault("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    os.environ.setdefault("FORCE_SOURCE_DATE", "1")
    exporter = PDFExporter()
    resources = {"metadata": {"path": str(notebook.parent.resolve()), "name": notebook.stem}}
    try:
        body, _ = exporter.from_notebook_node(nb, resources=resources)
    except Exception as exc:  # LaTeX errors surface as several nbconvert exception types
        raise ExportError(f"LaTeX could not make a PDF of {notebook}: "
                          f"{str(exc).strip().splitlines()[-1] if str(exc).strip() else exc!r}") from exc
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(body)
    return pdf
