"""``python -m autograder export NOTEBOOK [PDF]``: the notebook as a PDF a student can trust.

The course asks for "PDF via LaTeX", so that is the first route. When LaTeX is missing or fails,
the notebook goes to HTML and Debian's Chromium prints it (``--route`` says which was used).
After making the PDF, its text and images are read back and every answer cell, every written
answer and every figure is looked for; what is missing is reported.

The PDF is reproducible: LaTeX gets a fixed SOURCE_DATE_EPOCH, so the same notebook gives the
same bytes.
"""
import dataclasses
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import nbformat

FIXED_EPOCH = "946684800"  # 2000-01-01: a constant, so that PDFs carry no build time
ANSWER_TAG = "otter_answer_cell"
MATH = re.compile(r"\$[^$]*\$")
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
# Printed pages cannot scroll: wrap long code lines instead of cutting them off.
PRINT_CSS = ("<style>@media print { pre, code, .highlight pre { white-space: pre-wrap !important;"
             " overflow-wrap: anywhere !important; } .jp-Cell { break-inside: auto; } }</style>")


class ExportError(RuntimeError):
    """The PDF could not be made."""


@dataclasses.dataclass
class Export:
    pdf: Path
    route: str  # "latex" or "html+chromium"
    missing: list  # what the PDF lacks, one line each
    fallback_reason: str = ""


def _title(nb):
    """The notebook's first level-1 heading, the natural title of its PDF."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return None


def _read(notebook):
    notebook = Path(notebook)
    if not notebook.is_file():
        raise ExportError(f"no such notebook: {notebook}")
    try:
        return nbformat.read(notebook, as_version=4)
    except Exception as exc:  # nbformat raises several unrelated types for bad files
        raise ExportError(f"{notebook} is not a readable notebook: {exc}") from exc


def _last_line(exc):
    text = str(exc).strip()
    return text.splitlines()[-1] if text else repr(exc)


def via_latex(nb, notebook):
    from nbconvert import PDFExporter

    os.environ.setdefault("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    os.environ.setdefault("FORCE_SOURCE_DATE", "1")
    if shutil.which("xelatex") is None:
        raise ExportError("xelatex is not installed")
    resources = {"metadata": {"path": str(notebook.parent.resolve()), "name": notebook.stem}}
    try:
        body, _ = PDFExporter().from_notebook_node(nb, resources=resources)
    except Exception as exc:  # LaTeX errors surface as several nbconvert exception types
        raise ExportError(f"LaTeX could not make a PDF: {_last_line(exc)}") from exc
    return body


def via_chromium(nb, notebook):
    from nbconvert import HTMLExporter

    browser = next((shutil.which(name) for name in CHROMIUM if shutil.which(name)), None)
    if browser is None:
        raise ExportError("Chromium is not installed (Debian package chromium)")
    html, _ = HTMLExporter(embed_images=True).from_notebook_node(
        nb, resources={"metadata": {"path": str(notebook.parent.resolve())}})
    with tempfile.TemporaryDirectory() as tmp:
        page, pdf = Path(tmp) / "notebook.html", Path(tmp) / "notebook.pdf"
        page.write_text(html.replace("</head>", PRINT_CSS + "</head>", 1), encoding="utf-8")
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update",
                   "--disable-sync", f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer",
                   f"--print-to-pdf={pdf}", page.as_uri()]
        try:
            subprocess.run(command, capture_output=True, timeout=120, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ExportError("Chromium did not finish printing the PDF") from exc
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise ExportError("Chromium did not write a PDF")
        return pdf.read_bytes()


def main(notebook, pdf=None, route="auto"):
    """Write the PDF of ``notebook`` and check it; return an Export (raises ExportError)."""
    notebook = Path(notebook)
    nb = _read(notebook)
    pdf = Path(pdf) if pdf else notebook.with_suffix(".pdf")
    nb.metadata["title"] = _title(nb) or notebook.stem
    nb.metadata["date"] = ""  # no build date on the page
    reason = ""
    if route not in ("auto", "latex", "html"):
        raise ExportError(f"unknown route {route!r}")
    if route in ("auto", "latex"):
        try:
            body, used = via_latex(nb, notebook), "latex"
        except ExportError as exc:
            if route == "latex":
                raise
            reason = str(exc)
            body, used = via_chromium(nb, notebook), "html+chromium"
    else:
        body, used = via_chromium(nb, notebook), "html+chromium"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(body)
    return Export(pdf, used, verify(nb, pdf, notebook.parent), reason)


# ----------------------------------------------------------------------------------------------
# reading the PDF back

def normal(text):
    """Letters and digits only: immune to line wrapping, fonts' quotes and markdown syntax."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text)).lower()


def pdf_text(pdf):
    """The PDF's text, without the page numbers that a page break puts inside a paragraph."""
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
    else:
        from pypdf import PdfReader
        text = "\n".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)
    return "\n".join(line for line in text.splitlines() if not re.fullmatch(r"\s*\d+\s*", line))


def image_count(pdf):
    from pypdf import PdfReader
    return sum(len(page.images) for page in PdfReader(str(pdf)).pages)


def _answer_lines(cell):
    """The lines of an answer cell worth finding again (math is typeset, so split around it)."""
    lines = []
    for line in cell.source.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        lines += [piece for piece in MATH.split(stripped) if len(normal(piece)) >= 3]
    return lines


def verify(nb, pdf, folder="."):
    """What of the notebook's answers, written answers and figures the PDF lacks."""
    text = normal(pdf_text(pdf))
    missing = []
    for index, cell in enumerate(nb.cells):
        is_answer = ANSWER_TAG in cell.metadata.get("tags", [])
        if is_answer:
            absent = [line for line in _answer_lines(cell) if normal(line) not in text]
            if absent:
                kind = "written answer" if cell.cell_type == "markdown" else "answer"
                missing.append(f"{kind} in cell {index}: {len(absent)} lines missing, the first "
                               f"is {absent[0][:60]!r}")
    figures = sum(len(re.findall(r"!\[[^]]*\]\(", c.source)) for c in nb.cells
                  if c.cell_type == "markdown")
    plots = sum(1 for c in nb.cells for o in c.get("outputs", [])
                if "image/png" in o.get("data", {}))
    found = image_count(pdf)
    if found < figures + plots:
        missing.append(f"figures: the notebook has {figures + plots} ({plots} from code), "
                       f"the PDF {found}")
    return missing
