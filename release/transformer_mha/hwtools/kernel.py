# Generated from autograder/student/kernel.py by `python -m autograder build transformer_mha`; do not edit.
"""Did the kernel run exactly what is saved on disk?

Trust boundary: runs in the student's kernel and reads the student's own notebook and history.

The export cell runs inside the student's kernel, so it can compare the saved notebook with the
kernel's own history (IPython's raw input history and its outputs, by execution count). Any
difference means unsaved work, a restarted kernel or cells run out of order, and a PDF made from
the file on disk would not show what the student ran.
"""
import os
from pathlib import Path

from . import check

SAVE = "press Ctrl+S (File > Save Notebook), then run this cell again"
RERUN = ("choose Kernel > Restart Kernel and Run All Cells, then press Ctrl+S and run this cell "
         "again")


def notebook_path(namespace=None, folder="."):
    """The notebook the kernel belongs to: JupyterLab gives its path to the kernel
    (``__session__``, from ``JPY_SESSION_NAME``); else the only notebook in the folder."""
    namespace = namespace or {}
    for candidate in (namespace.get("__session__"), os.environ.get("JPY_SESSION_NAME")):
        if candidate and str(candidate).endswith(".ipynb") and Path(candidate).is_file():
            return Path(candidate)
    found = sorted(Path(folder).glob("*.ipynb"))
    if len(found) == 1:
        return found[0]
    names = ", ".join(p.name for p in found) or "none"
    raise FileNotFoundError(f"cannot tell which notebook this is (notebooks here: {names}); "
                            "run: from hwtools import submit; submit('NAME.ipynb')")


def _same(a, b):
    return a.rstrip() == b.rstrip()


def differences(nb, raw_history, results):
    """Why the saved notebook ``nb`` is not what the kernel ran, one reason each, with what to do.

    ``raw_history`` is the kernel's raw input history by execution count, up to the cell that
    asks (not included), ``results`` its ``Out`` (count -> value). Returns [] when the notebook
    on disk is what ran.
    """
    code = [(k, c) for k, c in enumerate(nb.cells)
            if c.cell_type == "code" and not check.is_export_cell(c)]
    if code and all(c.execution_count is None for _, c in code):
        return [f"the saved notebook has no outputs: {SAVE}"]
    reasons = []
    counts = []
    for k, cell in code:
        count = cell.execution_count
        name = check.cell_name(nb, k)
        ran = any(_same(entry, cell.source) for entry in raw_history)
        if count is None:
            if cell.source.strip():
                reasons.append(f"the output of {name} is not saved" if ran
                               else f"{name} has not been run")
            continue
        counts.append((k, count))
        if count >= len(raw_history) or not _same(raw_history[count], cell.source):
            reasons.append(f"{name} on disk is not what the kernel ran as [{count}]" if ran
                           else f"{name} was changed after it ran, and has not been run since")
        elif count in results and not any(o.get("output_type") == "execute_result"
                                          for o in cell.get("outputs", [])):
            reasons.append(f"the output of {name} is not saved")
    reasons += _ran_after_saving(nb, raw_history, [count for _, count in counts])
    for (k1, a), (k2, b) in zip(counts, counts[1:]):
        if b <= a:
            reasons.append(f"cells ran out of order ({check.cell_name(nb, k2)} ran before "
                           f"{check.cell_name(nb, k1)})")
            break
    return reasons


def _ran_after_saving(nb, raw_history, saved_counts):
    """What the kernel ran after the last cell the saved notebook knows of (runs of the export
    cell itself do not count)."""
    export = {c.source.rstrip() for c in nb.cells if check.is_export_cell(c)}
    later = [n for n in range(max(saved_counts, default=0) + 1, len(raw_history))
             if raw_history[n].strip() and raw_history[n].rstrip() not in export]
    if not later:
        return []
    by_source = {c.source.rstrip(): check.cell_name(nb, k) for k, c in enumerate(nb.cells)
                 if c.cell_type == "code"}
    names = list(dict.fromkeys(by_source.get(raw_history[n].rstrip(), "a cell that is not in "
                                             "the saved notebook") for n in later))
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return [f"{shown} ran after the notebook was saved (the last as [{later[-1]}])"]


def advice(reasons):
    """The one thing to do about ``reasons``."""
    if any(word in r for r in reasons for word in ("out of order", "has not been run")):
        return RERUN
    return SAVE
