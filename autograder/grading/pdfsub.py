"""PDF submissions: grade the notebook embedded in the PDF, and check it against the PDF.

The course's export cell (``hwtools``) embeds the exact ``.ipynb`` in the PDF as a file
attachment, with its SHA-256 in the PDF's metadata. Here a submitted PDF becomes a submission of
its embedded notebook, with flags when the PDF and its notebook disagree:

- ``pdf-hash-mismatch``: the attachment is not the notebook the export cell hashed;
- ``pdf-code-differs``: answer code printed in the PDF is not the attachment's (an attachment
  swapped for another notebook, or a PDF edited after export).

A PDF without an embedded notebook gets the status ``pdf-without-notebook`` and 0 autograded
points; an unreadable one ``invalid-pdf``. When one Blackboard attempt holds both a PDF and a
notebook, the notebook is graded (intake's ``mark_superseded``) and ``cross_check`` flags a PDF
whose notebook differs from it.

Trust boundary: PDFs are student-controlled. Everything that reads one (pypdf for the
attachment and metadata, pdftotext for the text, nbformat for the embedded notebook) runs in a
child process under ``PDF_LIMITS`` (``untrusted.run``): at most 4 s of CPU, 10 s of wall time
and 512 MB of memory per PDF (pdftotext, in its own process, 4 s of CPU, 5 s of wall time and
512 MB), so a class of N PDFs costs at most 10 N seconds of reading, one PDF after another (an
honest PDF takes a fraction of a second: the margin is for a loaded machine). A PDF that breaks a limit, or is unreadable, becomes the status
``invalid-pdf`` with a one-line reason on its own row, never an exception.
"""
import base64
import hashlib
import json

from ..student import check, meta, pdf as pdf_mod
from . import untrusted

PDF_MAGIC = b"%PDF-"
NO_NOTEBOOK = ("exported without the course's export cell; ask the student for the notebook "
               "(or for a PDF made by the notebook's last cell)")
MAX_LISTED = 5
# the child returns the embedded notebook (at most pdf_mod.MAX_ATTACHMENT) base64-encoded
PDF_LIMITS = untrusted.Limits(cpu_seconds=4, wall_seconds=10.0, memory_mb=512,
                              result_bytes=pdf_mod.MAX_ATTACHMENT * 4 // 3 + untrusted.MB)


def is_pdf(data):
    return bool(data) and PDF_MAGIC in data[:1024]


def _nb(data):
    """The notebook node of ``data``, or None."""
    import nbformat

    try:
        return nbformat.reads(data.decode("utf-8-sig"), as_version=4)
    except Exception:  # nbformat raises many types for malformed notebooks
        return None


def code_differences(nb, printed):
    """The answer cells of ``nb`` whose code is not in ``printed`` (normalized PDF text)."""
    return [check.cell_name(nb, index) for index, _ in pdf_mod.missing_answers(nb, printed)
            if nb.cells[index].cell_type == "code"]


def pdf_flags(data, notebook, stated, limits=PDF_LIMITS):
    """Flags for a PDF (bytes ``data``) and its embedded ``notebook`` (bytes); pdftotext runs
    under ``limits``."""
    flags = []
    if stated != hashlib.sha256(notebook).hexdigest():
        flags.append("pdf-hash-mismatch: the embedded notebook is not the one the export cell "
                     "made this PDF from")
    nb = _nb(notebook)
    if nb is None:
        return flags
    try:
        printed = pdf_mod.normal(pdf_mod.text(data, timeout=untrusted.program_timeout(limits),
                                              limit=untrusted.program_limits(limits)))
    except pdf_mod.PdfError as exc:
        return flags + [f"pdf-code-differs: the PDF's text cannot be read ({exc})"]
    differing = code_differences(nb, printed)
    if differing:
        shown = ", ".join(differing[:MAX_LISTED]) + (" ..." if len(differing) > MAX_LISTED else "")
        flags.append(f"pdf-code-differs: the code printed in the PDF is not the embedded "
                     f"notebook's in {shown}")
    return flags


def unwrap(submission, limits=PDF_LIMITS):
    """Turn a PDF submission into a submission of its embedded notebook (in place); return it.

    Anything that is not a PDF, or already has a status, is returned unchanged. The PDF is read
    in a child under ``limits``."""
    if submission.status or not is_pdf(submission.data):
        return submission
    import nbformat  # noqa: F401 - imported here once, not in every PDF's child
    import pypdf  # noqa: F401
    try:
        read = untrusted.run(_read_pdf, submission.data, limits, limits=limits)
    except untrusted.Refused as exc:
        read = {"status": "invalid-pdf", "reason": f"the PDF cannot be read: {exc}"}
    if read.get("status"):
        submission.status, submission.reason = read["status"], read["reason"]
        return submission
    submission.flags += read["flags"]
    submission.data = base64.b64decode(read["notebook"])
    return submission


def _read_pdf(data, limits):
    """What ``unwrap`` needs of a PDF, as JSON-able data: run in the limited child."""
    try:
        found = pdf_mod.attachment(data)
    except pdf_mod.PdfError as exc:
        return {"status": "invalid-pdf", "reason": str(exc)}
    if found is None:
        return {"status": "pdf-without-notebook", "reason": NO_NOTEBOOK}
    _, notebook, stated = found
    return {"flags": pdf_flags(data, notebook, stated, limits),
            "notebook": base64.b64encode(notebook).decode("ascii")}


def _answers(data):
    """The sources of the answer cells of a notebook given as bytes ([] when unreadable)."""
    try:
        nb = json.loads(data.decode("utf-8-sig"))
        cells = nb.get("cells", []) if isinstance(nb, dict) else []
    except (UnicodeDecodeError, ValueError, RecursionError):
        return []
    answers = []
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or not isinstance(cell.get("metadata"), dict):
            continue
        if meta.ANSWER_TAG in (cell["metadata"].get("tags") or []):
            source = cell.get("source", "")
            answers.append("".join(map(str, source)) if isinstance(source, list) else str(source))
    return answers


def cross_check(submissions):
    """Flag the graded notebook of an attempt whose PDF holds a different notebook."""
    by_attempt = {}
    for submission in submissions:
        if submission.attempt:
            by_attempt.setdefault((submission.student_id, submission.attempt), []).append(
                submission)
    for group in by_attempt.values():
        notebooks = [s for s in group if s.is_notebook_name and not s.status]
        pdfs = [s for s in group if s.original_name.lower().endswith(".pdf")]
        for notebook in notebooks:
            for pdf in pdfs:
                notebook.flags += _pair_flags(notebook, pdf)
    return submissions


def _pair_flags(notebook, pdf):
    if pdf.status == "pdf-without-notebook":
        return [f"pdf-without-notebook: {pdf.original_name} of the same attempt was exported "
                "without the course's export cell"]
    if pdf.status:
        return []
    if _answers(pdf.data) != _answers(notebook.data):
        return [f"pdf-notebook-differs: the answers in {pdf.original_name} of the same attempt "
                "are not this notebook's"]
    return []
