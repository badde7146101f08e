# Generated from autograder/student/pdf.py by `python -m autograder build mhsa_causal`; do not edit.
"""The PDF of a notebook: made via LaTeX (else HTML printed by Chromium), with the notebook's
exact bytes embedded as a file attachment and their SHA-256 in the PDF's metadata, then read
back to confirm that every answer, output, written answer and figure made it in.

Trust boundary: ``attachment`` and ``text`` also read PDFs that the grader received from
students; they cap what they read and raise ``PdfError`` for anything unreadable.
"""
import copy
import hashlib
import io
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from . import check, meta

MATH = re.compile(r"\$[^$]*\$")
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
TEMPLATE = Path(__file__).with_name("handout.tex.j2")
# Printed pages cannot scroll: wrap long code lines instead of cutting them off.
PRINT_CSS = ("<style>@media print { pre, code, .highlight pre { white-space: pre-wrap !important;"
             " overflow-wrap: anywhere !important; } .jp-Cell { break-inside: auto; } }</style>")
MAX_ATTACHMENT = 20 * 2 ** 20
MAX_PAGES = 300


class PdfError(RuntimeError):
    """The PDF could not be made or read."""


def _last_line(exc):
    text = str(exc).strip()
    return text.splitlines()[-1] if text else repr(exc)


# ----------------------------------------------------------------------------------------------
# what is printed

def _title(nb):
    """The notebook's first level-1 heading, the natural title of its PDF."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return None


def _is_scaffolding(cell):
    """Cells that are not part of the handout: the generated-from note, otter's init cell and
    the export cell itself."""
    tags = cell.metadata.get("tags", [])
    return (meta.NOTE_TAG in tags or meta.EXPORT_TAG in tags
            or (cell.cell_type == "code" and cell.source.startswith(meta.OTTER_INIT_PREFIX)))


def printable(nb, fallback_title="notebook"):
    """A copy of ``nb`` as it is printed: titled, the student on the title page, the
    scaffolding left out."""
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if not _is_scaffolding(c)]
    nb.metadata["title"] = _title(nb) or fallback_title
    nb.metadata["date"] = ""  # no build date on the page
    student = check.student_line(nb)
    if student:
        nb.metadata["authors"] = [{"name": student}]
    return nb


def _without_title_heading(nb):
    """LaTeX sets the title on its own: the heading that gave it is not repeated as a section."""
    nb = copy.deepcopy(nb)
    heading = f"# {nb.metadata['title']}"
    for cell in nb.cells:
        if cell.cell_type == "markdown" and heading in cell.source.splitlines():
            cell.source = "\n".join(line for line in cell.source.splitlines()
                                    if line != heading).lstrip("\n")
            break
    return nb


# ----------------------------------------------------------------------------------------------
# the two routes

def via_latex(nb, folder):
    from nbconvert import PDFExporter

    os.environ.setdefault("SOURCE_DATE_EPOCH", meta.FIXED_EPOCH)
    os.environ.setdefault("FORCE_SOURCE_DATE", "1")
    if shutil.which("xelatex") is None:
        raise PdfError("xelatex is not installed")
    resources = {"metadata": {"path": str(Path(folder).resolve()), "name": "notebook"}}
    exporter = PDFExporter(template_file=str(TEMPLATE))
    try:
        body, _ = exporter.from_notebook_node(_without_title_heading(nb), resources=resources)
    except Exception as exc:  # LaTeX errors surface as several nbconvert exception types
        raise PdfError(f"LaTeX could not make a PDF: {_last_line(exc)}") from exc
    return body


def _browser():
    return next((shutil.which(name) for name in CHROMIUM if shutil.which(name)), None)


def via_chromium(nb, folder):
    from nbconvert import HTMLExporter

    browser = _browser()
    if browser is None:
        raise PdfError("Chromium is not installed (Debian package chromium)")
    html, _ = HTMLExporter(embed_images=True).from_notebook_node(
        nb, resources={"metadata": {"path": str(Path(folder).resolve())}})
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
            raise PdfError("Chromium did not finish printing the PDF") from exc
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise PdfError("Chromium did not write a PDF")
        return pdf.read_bytes()


def render(nb, folder, route="auto"):
    """(PDF bytes, route used, why LaTeX was not used) for the printable notebook ``nb``."""
    if route not in ("auto", "latex", "html"):
        raise PdfError(f"unknown route {route!r}")
    if route == "html":
        return via_chromium(nb, folder), "html+chromium", ""
    try:
        return via_latex(nb, folder), "latex", ""
    except PdfError as exc:
        if route == "latex":
            raise
        try:
            return via_chromium(nb, folder), "html+chromium", str(exc)
        except PdfError as chromium:
            raise PdfError(f"{exc}, and {chromium}; install one of them "
                           "(see requirements.txt)") from chromium


# ----------------------------------------------------------------------------------------------
# the embedded notebook

def embed(pdf_bytes, notebook_bytes, name):
    """``pdf_bytes`` with ``notebook_bytes`` attached as ``name`` and hashed in the metadata."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes)))
    writer.add_attachment(name, notebook_bytes)
    writer.add_metadata({meta.HASH_KEY: hashlib.sha256(notebook_bytes).hexdigest(),
                         meta.NAME_KEY: name})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _reader(pdf_bytes):
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(pdf_bytes))
        if len(reader.pages) > MAX_PAGES:
            raise PdfError(f"the PDF has more than {MAX_PAGES} pages")
        return reader
    except PdfError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise PdfError(f"unreadable PDF ({type(exc).__name__})") from exc


def attachment(pdf_bytes):
    """(name, notebook bytes, hash stated in the metadata) of the embedded notebook, or None.

    Raises PdfError for a PDF that cannot be read."""
    from pypdf.errors import PyPdfError

    reader = _reader(pdf_bytes)
    try:
        files = reader.attachments
        names = [n for n in files if str(n).lower().endswith(".ipynb")]
        if not names:
            return None
        data = files[names[0]][0]
        info = reader.metadata or {}
        stated = str(info.get(meta.HASH_KEY, "") or "")
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, RecursionError) as exc:
        raise PdfError(f"unreadable attachment ({type(exc).__name__})") from exc
    if len(data) > MAX_ATTACHMENT:
        raise PdfError("the embedded notebook is larger than 20 MB")
    return names[0], data, stated


# ----------------------------------------------------------------------------------------------
# reading the PDF back

def normal(text):
    """Letters and digits only: immune to line wrapping, fonts' quotes and markdown syntax."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text)).lower()


def text(pdf_bytes, timeout=60, limit=None):
    """The PDF's text, without the page numbers that a page break puts inside a paragraph.

    ``limit``: a ``preexec_fn`` that limits pdftotext (the grader's ``untrusted.program_limits``
    for a student's PDF)."""
    if shutil.which("pdftotext"):
        try:
            raw = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf_bytes,
                                 capture_output=True, timeout=timeout, check=True,
                                 preexec_fn=limit).stdout
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise PdfError("the PDF's text cannot be read") from exc
        raw = raw.decode("utf-8", "replace")
    else:
        raw = "\n".join(page.extract_text() or "" for page in _reader(pdf_bytes).pages)
    return "\n".join(line for line in raw.splitlines() if not re.fullmatch(r"\s*\d+\s*", line))


def image_count(pdf_bytes):
    return sum(len(page.images) for page in _reader(pdf_bytes).pages)


def answer_lines(cell):
    """The lines of an answer cell worth finding again (math is typeset, so split around it)."""
    lines = []
    for line in cell.source.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        lines += [piece for piece in MATH.split(stripped) if len(normal(piece)) >= 3]
    return lines


def output_text(cell):
    """The text outputs of a code cell (streams and plain results), as printed."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        data = output.get("data", {})
        if "text/plain" in data and "text/html" not in data and "image/png" not in data:
            parts.append(data["text/plain"])
    return "\n".join(parts)


def missing_answers(nb, printed):
    """Answer cells whose code or text is not in ``printed`` (normalized PDF text)."""
    missing = []
    for index, cell in enumerate(nb.cells):
        if meta.ANSWER_TAG not in cell.metadata.get("tags", []):
            continue
        absent = [line for line in answer_lines(cell) if normal(line) not in printed]
        if absent:
            kind = "written answer" if cell.cell_type == "markdown" else "answer"
            missing.append((index, f"{kind} in {check.cell_name(nb, index)}: {len(absent)} lines "
                                   f"missing, the first is {absent[0][:60]!r}"))
    return missing


def missing_outputs(nb, printed):
    missing = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or _is_scaffolding(cell):
            continue
        shown = normal(output_text(cell))[:400]
        if shown and shown not in printed:
            missing.append(f"the output of {check.cell_name(nb, index)}")
    return missing


def verify(nb, pdf_bytes):
    """What of the notebook's answers, outputs, written answers and figures the PDF lacks."""
    printed = normal(text(pdf_bytes))
    missing = [line for _, line in missing_answers(nb, printed)]
    missing += missing_outputs(nb, printed)
    for index, cell in enumerate(nb.cells):
        if (cell.cell_type == "markdown" and meta.ANSWER_TAG in cell.metadata.get("tags", [])
                and (not cell.source.strip() or meta.WRITTEN_PLACEHOLDER in cell.source)):
            missing.append(f"the written answer in {check.cell_name(nb, index)} (it is empty)")
    figures = sum(len(re.findall(r"!\[[^]]*\]\(", c.source)) for c in nb.cells
                  if c.cell_type == "markdown" and not _is_scaffolding(c))
    plots = sum(1 for c in nb.cells if not _is_scaffolding(c) for o in c.get("outputs", [])
                if "image/png" in o.get("data", {}))
    found = image_count(pdf_bytes)
    if found < figures + plots:
        missing.append(f"figures: the notebook has {figures + plots} ({plots} from code), "
                       f"the PDF {found}")
    return missing
