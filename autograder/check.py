"""``python -m autograder check NOTEBOOK``: is this notebook ready to be exported and submitted?

Reads the saved notebook and says, in plain words, what would cost points or make the PDF
incomplete. Exit status 1 when something blocks a good submission.
"""
import dataclasses
import re
from pathlib import Path

import nbformat

from . import source as source_mod, transforms

STUB = 'raise NotImplementedError("replace this line with your code")'
WRITTEN_PLACEHOLDER = transforms.WRITTEN_PLACEHOLDER
# a top-level line that prints, plots or shows a value
CHECK_CALL = re.compile(r'grader\.check\("([^"]+)"\)')
PRODUCES_OUTPUT = re.compile(r"^(print\(|plt\.|show_\w+\(|[A-Za-z_][\w.]*\([^=]*\)\s*$)", re.M)


@dataclasses.dataclass
class Problem:
    blocking: bool
    text: str


def _question_of(nb, index):
    """The question id of the ``grader.check`` cell following cell ``index``, if any."""
    for cell in nb.cells[index + 1:]:
        match = CHECK_CALL.match(cell.source) if cell.cell_type == "code" else None
        if match:
            return match.group(1)
    return None


def problems(nb):
    found = []
    header = next((c for c in nb.cells if c.cell_type == "markdown"
                   and transforms.STUDENT_FIELDS in c.source), None)
    if header is not None:
        for field in ("STUDENT ID", "Name"):
            match = re.search(rf"\*\*{field}:\*\*[ \t]*(.*)", header.source)
            if not match or not match.group(1).strip():
                found.append(Problem(True, f"fill in your {field} in the first cell"))
    code = [(k, c) for k, c in enumerate(nb.cells) if c.cell_type == "code"
            and "export" not in c.metadata.get("tags", [])]
    not_run = [k for k, c in code if c.execution_count is None]
    if not_run:
        found.append(Problem(True, f"{len(not_run)} code cells have not been run (the first is "
                                   f"cell {not_run[0]}): run all cells in order"))
    counts = [(k, c.execution_count) for k, c in code if c.execution_count is not None]
    for (k1, a), (k2, b) in zip(counts, counts[1:]):
        if b <= a:
            found.append(Problem(True, f"cells were run out of order (cell {k2} ran before cell "
                                       f"{k1}): restart the kernel and run all cells"))
            break
    for k, cell in code:
        if STUB in cell.source:
            question = _question_of(nb, k) or f"cell {k}"
            found.append(Problem(True, f"{question}: the answer in cell {k} is still the stub "
                                       "(raise NotImplementedError)"))
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            found.append(Problem(True, f"cell {k} stops with {errors[0].get('ename', 'an error')}: "
                                       f"{errors[0].get('evalue', '')}".rstrip(": ")))
        match = CHECK_CALL.match(cell.source)
        if match and cell.get("outputs"):
            text = " ".join(str(o.get("text", "")) + " ".join(
                str(v) for v in o.get("data", {}).values()) for o in cell.outputs)
            if "passed" not in text:
                found.append(Problem(True, f"{match.group(1)}: the public check fails; see the "
                                           f"output of cell {k}"))
        if (cell.execution_count is not None and not cell.get("outputs") and not match
                and not source_mod.is_definition_cell(cell.source)
                and PRODUCES_OUTPUT.search(cell.source)):
            found.append(Problem(False, f"cell {k} has no output although it prints or plots: "
                                        "rerun it before exporting"))
    for k, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and WRITTEN_PLACEHOLDER in cell.source:
            found.append(Problem(True, f"the written answer in cell {k} is still empty"))
    return found


def main(notebook, log=print):
    """Print what is wrong with ``notebook``; return 1 when something blocks, else 0."""
    path = Path(notebook)
    try:
        nb = nbformat.read(path, as_version=4)
    except FileNotFoundError:
        log(f"error: no such notebook: {path}")
        return 2
    except Exception as exc:  # nbformat raises several types for a damaged file
        log(f"error: {path} is not a readable notebook ({type(exc).__name__})")
        return 2
    found = problems(nb)
    for problem in found:
        log(f"{'must fix' if problem.blocking else 'check'}: {problem.text}")
    if not found:
        log(f"{path.name}: ready to export and submit")
    return 1 if any(p.blocking for p in found) else 0
