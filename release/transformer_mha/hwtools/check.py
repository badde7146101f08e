# Generated from autograder/student/check.py by `python -m autograder build transformer_mha`; do not edit.
"""What in a saved notebook still blocks a good submission, in plain words.

Reads only the student's own notebook. Cells are named as JupyterLab shows them: counted from
1, with the question id when there is one.
"""
import ast
import dataclasses
import re

from . import meta

CHECK_CALL = re.compile(r'grader\.check\("([^"]+)"\)')
ALL_PASSED = "All test cases passed"
# a top-level line that prints, plots or shows a value
PRODUCES_OUTPUT = re.compile(r"^(print\(|plt\.|show_\w+\(|[A-Za-z_][\w.]*\([^=]*\)\s*$)", re.M)
DEFINITIONS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@dataclasses.dataclass
class Problem:
    blocking: bool
    text: str


def is_export_cell(cell):
    return meta.EXPORT_TAG in cell.metadata.get("tags", [])


def _defines_only(source):
    """Whether a cell only imports and defines (such a cell prints nothing when run)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    return bool(tree.body) and all(isinstance(node, DEFINITIONS) for node in tree.body)


QUESTION_TEXT = re.compile(r"Question (\d+(?:\.\d+)?)")


def question_of(nb, index):
    """The question cell ``index`` answers: the id its ``grader.check`` cell checks ("q1_1"),
    else the last "Question N.M" in the text above it."""
    following = nb.cells[index + 1] if index + 1 < len(nb.cells) else None
    if following is not None and following.cell_type == "code":
        match = CHECK_CALL.match(following.source)
        if match:
            return match.group(1)
    for cell in reversed(nb.cells[:index]):
        found = QUESTION_TEXT.findall(cell.source) if cell.cell_type == "markdown" else []
        if found:
            return f"Question {found[-1]}"
    return None


def cell_name(nb, index):
    """"cell 12 (q1_1)": 1-based, as counted in JupyterLab, with the question it answers."""
    tags = nb.cells[index].metadata.get("tags", [])
    question = question_of(nb, index) if meta.ANSWER_TAG in tags else None
    return f"cell {index + 1}" + (f" ({question})" if question else "")


def student_fields(nb):
    """Problems with the STUDENT ID and Name lines, naming the cell they are in."""
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and meta.STUDENT_FIELDS in cell.source:
            return [Problem(True, f"write your {field} after '{field}:' in cell {index + 1} "
                                  "(the cell under the title; double-click it to edit)")
                    for field in ("STUDENT ID", "Name")
                    if not _field_value(cell.source, field)]
    return []


def _field_value(text, field):
    match = re.search(rf"\*\*{field}:\*\*[ \t]*(.*)", text)
    return match.group(1).strip() if match else ""


def student_line(nb):
    """"STUDENT ID: 1000042 · Name: A. Student", or "" when neither is filled in."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and meta.STUDENT_FIELDS in cell.source:
            parts = [f"{field}: {_field_value(cell.source, field)}"
                     for field in ("STUDENT ID", "Name") if _field_value(cell.source, field)]
            return " \u00b7 ".join(parts)
    return ""


def run_problems(nb, code):
    found = []
    not_run = [k for k, c in code if c.execution_count is None]
    if not_run:
        found.append(Problem(True, f"{len(not_run)} code cells have not been run (the first is "
                                   f"{cell_name(nb, not_run[0])}): run all cells in order"))
    counts = [(k, c.execution_count) for k, c in code if c.execution_count is not None]
    for (k1, a), (k2, b) in zip(counts, counts[1:]):
        if b <= a:
            found.append(Problem(True, f"cells were run out of order ({cell_name(nb, k2)} ran "
                                       f"before {cell_name(nb, k1)}): restart the kernel and "
                                       "run all cells"))
            break
    return found


def cell_problems(nb, k, cell):
    found = []
    name = cell_name(nb, k)
    if meta.STUB in cell.source:
        found.append(Problem(True, f"{name}: the answer is still the stub "
                                   "(raise NotImplementedError)"))
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    if errors:
        found.append(Problem(True, f"{name} stops with {errors[0].get('ename', 'an error')}: "
                                   f"{errors[0].get('evalue', '')}".rstrip(": ")))
    match = CHECK_CALL.match(cell.source)
    if match and cell.get("outputs"):
        # otter's summary says "All test cases passed!" only when every case passed (a failing
        # summary still lists the cases that passed)
        text = " ".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                        for o in cell.outputs)
        if ALL_PASSED not in text:
            found.append(Problem(True, f"{match.group(1)}: the public check fails; see the "
                                       f"output of {name}"))
    if (cell.execution_count is not None and not cell.get("outputs") and not match
            and not _defines_only(cell.source) and PRODUCES_OUTPUT.search(cell.source)):
        found.append(Problem(False, f"{name} has no output although it prints or plots: "
                                    "rerun it before exporting"))
    return found


def problems(nb):
    """Everything that would cost points or make the PDF incomplete, blocking ones first."""
    found = student_fields(nb)
    code = [(k, c) for k, c in enumerate(nb.cells)
            if c.cell_type == "code" and not is_export_cell(c)]
    found += run_problems(nb, code)
    for k, cell in code:
        found += cell_problems(nb, k, cell)
    for k, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and meta.WRITTEN_PLACEHOLDER in cell.source:
            found.append(Problem(True, f"the written answer in {cell_name(nb, k)} is still "
                                       "empty"))
    return sorted(found, key=lambda p: not p.blocking)
