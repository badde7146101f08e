# Generated from autograder/student/submit.py by `python -m autograder build rnn_attention`; do not edit.
"""The notebook's last cell: check the notebook, make its PDF, confirm the PDF, in one block.

Runs in the student's kernel. It refuses to make a PDF from a file on disk that differs from
what the kernel ran, and says what to do. Its message has no converter logs and no paths other
than the notebook's and the PDF's names.
"""
import contextlib
import io
import sys
from pathlib import Path

from . import check, export as export_mod, kernel

MAX_LINES = 8


def _kernel_history():
    """(raw input history, Out) of the running IPython kernel, or None outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None:
        return None
    history = list(shell.history_manager.input_hist_raw)[:-1]  # the last is this very cell
    return history, dict(shell.history_manager.output_hist)


def _bullets(lines):
    shown = [f"  - {line}" for line in lines[:MAX_LINES]]
    if len(lines) > MAX_LINES:
        shown.append(f"  - and {len(lines) - MAX_LINES} more")
    return shown


def refusal(notebook, history):
    """The message when the notebook on disk is not what the kernel ran, else None."""
    if history is None:
        return None
    _, nb = export_mod.read(notebook)
    reasons = kernel.differences(nb, *history)
    if not reasons:
        return None
    return "\n".join([f"No PDF made: {notebook.name} on disk is not what this kernel ran."]
                     + _bullets(reasons) + [f"What to do: {kernel.advice(reasons)}."])


def report(notebook, result, problems):
    blocking = [p.text for p in problems if p.blocking]
    notes = [p.text for p in problems if not p.blocking]
    via = "LaTeX" if result.route == "latex" else "Chromium (LaTeX did not work)"
    lines = [f"PDF written: {result.pdf.name} (via {via}; {notebook.name} is embedded in it)."]
    if not blocking and not result.missing:
        lines.append("Every answer, output, written answer and figure is in the PDF. "
                     "Upload the PDF to eDimension.")
        lines += [f"Check: {text}" for text in notes]
        return "\n".join(lines)
    lines.append("It is NOT ready to submit:")
    lines += _bullets(blocking + [f"missing from the PDF: {m}" for m in result.missing])
    lines.append("Fix these, press Ctrl+S, then run this cell again.")
    return "\n".join(lines)


def submit(notebook=None, route="auto", namespace=None):
    """Check, export and confirm ``notebook`` (default: the kernel's own); print one block."""
    namespace = namespace if namespace is not None else vars(sys.modules["__main__"])
    try:
        notebook = kernel.notebook_path(namespace) if notebook is None else Path(notebook)
        message = refusal(notebook, _kernel_history())
        if message is None:
            _, nb = export_mod.read(notebook)
            with contextlib.redirect_stderr(io.StringIO()):
                result = export_mod.export(notebook, route=route)
            message = report(notebook, result, check.problems(nb))
    except (OSError, export_mod.ExportError) as exc:
        message = f"No PDF made: {exc}"
    print(message)
