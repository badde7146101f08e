"""Read an otter-assign source notebook: its questions, solution cells and rules.

Everything the build derives from the instructor's notebook goes through here, so that the
notebook stays the one source of truth: the reference module used by hidden tests is made of its
solution and given code, and the shortcuts a test forbids are the ones its text names.
"""
import ast
import dataclasses
import re

import nbformat
import yaml

from .. import nbcode

BLOCK_RE = re.compile(r"^\s*#\s*(BEGIN|END)\s+(QUESTION|SOLUTION|TESTS|PROMPT)\b", re.I)
NOT_ALLOWED_RE = re.compile(r"^\*\*Not allowed[^*]*\*\*(.*)$", re.M)
HEADING_RE = re.compile(r"^##\s", re.M)
MARKER_LINE_RE = re.compile(r"^\s*#\s*(BEGIN|END) SOLUTION(\s+NO PROMPT)?\s*$")


class SourceError(ValueError):
    """The source notebook does not follow the format the build expects."""


@dataclasses.dataclass
class Question:
    name: str
    points: float
    manual: bool = False
    forbidden: dict = dataclasses.field(default_factory=dict)  # attribute name -> shown text
    rubric: dict = None  # written questions: {"scoring": "positive"|"negative", "items": [...]}


@dataclasses.dataclass
class Source:
    path: str
    config: dict
    questions: list
    reference_cells: list  # [(question name or None for given code, source)], in notebook order

    @property
    def reference_code(self):
        return "\n\n\n".join(code for _, code in self.reference_cells)

    @property
    def question_ids(self):
        return [q.name for q in self.questions]

    @property
    def autograded_points(self):
        return sum(q.points for q in self.questions if not q.manual)

    @property
    def manual_points(self):
        return sum(q.points for q in self.questions if q.manual)


def _block(cell):
    if cell.cell_type != "raw":
        return None
    match = BLOCK_RE.match(cell.source)
    return (match.group(1).upper(), match.group(2).upper()) if match else None


def forbidden_names(markdown):
    """``{"LSTMCell": "nn.LSTMCell", ...}`` from the "**Not allowed:** `a`, `b.c`" lines."""
    names = {}
    for line in NOT_ALLOWED_RE.findall(markdown):
        for shown in re.findall(r"`([^`]+)`", line):
            names[shown.split(".")[-1]] = shown
    return names


def is_definition_cell(source):
    """Whether a code cell only imports, defines and assigns without calling anything (what a
    sandbox runs of a submission, ``nbcode.kept``), so that it belongs in the reference module."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    return bool(tree.body) and all(nbcode.kept(node) for node in tree.body)


def read(path):
    nb = nbformat.read(path, as_version=4)
    return parse(nb, str(path))


def parse(nb, path="<notebook>"):
    """Parse a source notebook in otter-assign format."""
    if not nb.cells or not nb.cells[0].source.lstrip().startswith("# ASSIGNMENT CONFIG"):
        raise SourceError(f"{path}: the first cell must be a raw '# ASSIGNMENT CONFIG' cell")
    config = yaml.safe_load(nb.cells[0].source.split("\n", 1)[1]) or {}
    questions, stack, reference_cells = [], [], []
    inherited = {}
    for index, cell in enumerate(nb.cells[1:], start=1):
        block = _block(cell)
        if block:
            kind, what = block
            if kind == "BEGIN":
                stack.append(what)
                if what == "QUESTION":
                    settings = yaml.safe_load(cell.source.split("\n", 1)[1]) or {}
                    if "name" not in settings:
                        raise SourceError(f"{path}: cell {index}: a question without a name")
                    questions.append(Question(settings["name"], settings.get("points", 1),
                                              bool(settings.get("manual", False)),
                                              dict(inherited),
                                              _rubric(settings, f"{path}: cell {index}")))
            else:
                if not stack or stack[-1] != what:
                    raise SourceError(f"{path}: cell {index}: END {what} without BEGIN {what}")
                stack.pop()
            continue
        if cell.cell_type == "markdown":
            found = forbidden_names(cell.source)
            if stack:
                questions[-1].forbidden.update(found)
            elif found:
                inherited = found
            elif HEADING_RE.search(cell.source):
                inherited = {}
        elif cell.cell_type == "code" and "TESTS" not in stack and "PROMPT" not in stack:
            if "export" not in cell.metadata.get("tags", []) and is_definition_cell(cell.source):
                owner = questions[-1].name if "QUESTION" in stack else None
                reference_cells.append((owner, _strip_markers(cell.source)))
    if stack:
        raise SourceError(f"{path}: BEGIN {stack[-1]} is never ended")
    if not questions:
        raise SourceError(f"{path}: no questions")
    parsed = Source(path, config, questions, reference_cells)
    _check_stated_points(nb, parsed)
    return parsed


# --- rubrics of written questions (the marking app, autograder/marking) ----------------------
RUBRIC_SCORINGS = ("positive", "negative")


def _rubric(settings, where):
    """A written question's ``rubric:`` setting, checked: ``{"scoring", "items": [{"points",
    "description"}]}``; positive scoring starts from 0, negative from the question's points."""
    rubric = settings.get("rubric")
    if rubric is None:
        return None
    if not settings.get("manual") or not isinstance(rubric, dict):
        raise SourceError(f"{where}: a rubric belongs to a written (manual) question, as a "
                          "mapping with 'scoring' and 'items'")
    scoring = rubric.get("scoring", "positive")
    items = rubric.get("items") or []
    if scoring not in RUBRIC_SCORINGS or not isinstance(items, list) or not all(
            isinstance(i, dict) and isinstance(i.get("points"), (int, float))
            and isinstance(i.get("description"), str) and i["description"].strip() for i in items):
        raise SourceError(f"{where}: rubric scoring must be positive or negative and each item "
                          "needs numeric 'points' and a 'description'")
    return {"scoring": scoring, "items": [{"points": i["points"], "description": i["description"]}
                                          for i in items]}


# the reference module's own tables, after its cells (not names of the homework's notebook)
FORBIDDEN_NAME, QUESTIONS_NAME = "FORBIDDEN", "QUESTIONS"
LATE_NAME, LATE_KEYS = "LATE_POLICY", ("due", "timezone", "grace", "late")  # for the grader
STATED_POINTS_RE = re.compile(r"Points:\s*(\d+(?:\.\d+)?) in all,\s*(\d+(?:\.\d+)?) autograded")


def _check_stated_points(nb, parsed):
    """The intro's "Points: N in all, A autograded" must agree with the questions' points."""
    total = parsed.autograded_points + parsed.manual_points
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for stated_total, stated_auto in STATED_POINTS_RE.findall(cell.source):
            if (float(stated_total), float(stated_auto)) != (total, parsed.autograded_points):
                raise SourceError(
                    f"{parsed.path}: the text says {stated_total} points in all, {stated_auto} "
                    f"autograded, but the questions give {total:g} in all, "
                    f"{parsed.autograded_points:g} autograded")


def _strip_markers(source):
    return "\n".join(line for line in source.split("\n") if not MARKER_LINE_RE.match(line))


CELL_MARK = "# %% reference cell of: "
CELL_MARK_RE = re.compile(r"^# %% reference cell of: (\S+)$", re.M)


def reference_module(source, command):
    """The text of ``_hw_reference.py``: the notebook's given and solution code, and its rules.

    Each cell starts with a ``# %% reference cell of: <question or given>`` line, so that the
    batch grader can hand a sandbox the references of earlier questions only
    (``split_reference``).
    """
    forbidden = {q.name: q.forbidden for q in source.questions if q.forbidden}
    questions = [{"name": q.name, "points": q.points, "manual": q.manual,
                  **({"rubric": q.rubric} if q.rubric else {})} for q in source.questions]
    cells = "\n\n\n".join(f"{CELL_MARK}{owner or 'given'}\n{code}"
                           for owner, code in source.reference_cells)
    return (
        f'"""Reference answers, generated from {source.path} by `{command}`; do not edit.\n\n'
        "Hidden tests compare answers with these and use them in place of the answers a question\n"
        'builds on. Never published."""\n'
        f"{cells}\n\n\n"
        f"{CELL_MARK}given\n"
        f"{FORBIDDEN_NAME} = {forbidden!r}\n"
        f"{QUESTIONS_NAME} = {questions!r}\n"
        + (f"{LATE_NAME} = {late_settings(source.config)!r}\n"
           if late_settings(source.config) else "")
    )


def late_settings(config):
    """The assignment config's late policy (due, timezone, grace, late: {penalty, cutoff}) as
    literals for the bundle; ``grade``'s options override them."""
    found = {key: config[key] for key in LATE_KEYS if key in config}
    return {key: value if isinstance(value, (dict, int, float)) else str(value)
            for key, value in found.items()}


def split_reference(text):
    """``[(question or None, code)]`` from the text of a reference module."""
    parts = CELL_MARK_RE.split(text)
    cells = []
    for owner, code in zip(parts[1::2], parts[2::2]):
        cells.append((None if owner == "given" else owner, code))
    return cells
