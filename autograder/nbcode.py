"""The code of a submitted notebook, as the batch grader runs and inspects it.

Grading runs the notebook's *definitions* only: imports, functions, classes, assignments that
call nothing, and assignments to the names the homework itself assigns at top level (answers
typed as ``Q_hand = torch.tensor(...)``, given inputs). Sanity checks, plots, ``grader.check``
calls and other top-level work are skipped, so a crash, a hang or slow work in one of them costs
nothing and takes no time.
"""
import ast
import json
import threading

from . import hwkit

DEFINITION_NODES = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef,
                    ast.ClassDef)
ASSIGNMENT_NODES = (ast.Assign, ast.AnnAssign, ast.AugAssign)


# CPython 3.11's ast module (and numpy's array headers, read with ast.literal_eval) must not be
# used from two threads at once: the batch grader's worker threads decode results while the main
# thread judges, so every use in the grader takes this lock.
AST_LOCK = threading.RLock()


class NotANotebook(ValueError):
    """The file is not a Jupyter notebook that can be graded."""


def code_cells(data):
    """The sources of the code cells of a notebook given as bytes (nbformat 4)."""
    try:
        nb = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotANotebook(f"not valid notebook JSON ({type(exc).__name__})") from exc
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        if isinstance(nb, dict) and "worksheets" in nb:
            raise NotANotebook("an nbformat 3 notebook; open it in Jupyter and save it again")
        raise NotANotebook("JSON without notebook cells")
    if nb.get("nbformat", 4) < 4:
        raise NotANotebook(f"nbformat {nb.get('nbformat')} is not supported")
    cells = []
    for cell in nb["cells"]:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            cells.append("".join(source) if isinstance(source, list) else str(source))
    return cells


def _calls_something(node):
    return any(isinstance(n, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom))
               for n in ast.walk(node))


assigned_names = hwkit.assigned_names


def top_level_assigned_names(source):
    """The plain names every top-level assignment of ``source`` binds, calls or not."""
    try:
        with AST_LOCK:
            tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {name for node in tree.body for name in assigned_names(node)}


def kept(node, notebook_names=frozenset()):
    """Whether a top-level statement is run when grading.

    ``notebook_names`` are the names the homework's own cells assign at top level: an assignment
    to one of them is run even when it calls something."""
    if isinstance(node, DEFINITION_NODES):
        return True
    if not isinstance(node, ASSIGNMENT_NODES):
        return False
    return not _calls_something(node) or bool(assigned_names(node) & notebook_names)


def parse_cell(source):
    """The syntax tree of a code cell without its IPython magics and shell lines (``%``,
    ``!``), or None when it does not parse (``hwkit.parse_cell``, under the lock)."""
    with AST_LOCK:
        return hwkit.parse_cell(source)


def definitions(source, notebook_names=frozenset()):
    """The top-level statements of a cell that grading runs (none when it does not parse)."""
    tree = parse_cell(source)
    return [] if tree is None else [node for node in tree.body if kept(node, notebook_names)]


def answer_names(cells, name, attribute=None, separate=()):
    """Names used by the code of answer ``name`` (or its method ``attribute``): the one engine,
    ``hwkit.reached_names``, which the otter bundle and the public checks call too."""
    with AST_LOCK:
        return set(hwkit.reached_names(tuple(cells), name, attribute, tuple(sorted(separate))))


def answer_statements(cells, name, attribute=None, separate=()):
    """The statement parts whose code answer ``name`` reaches (``hwkit.reached_statements``)."""
    with AST_LOCK:
        return hwkit.reached_statements(tuple(cells), name, attribute, tuple(sorted(separate)))


def function_source(cells, qualname):
    """The dedented source of the last function ``qualname`` (``f`` or ``Class.method``) that
    the cells define at top level or in a top-level class, or None; found without running."""
    import textwrap

    owner, _, name = qualname.rpartition(".")
    found = None
    for source in cells:
        lines = hwkit.without_magics(source)
        tree = parse_cell(source)
        if tree is None:
            continue
        for node in tree.body:
            candidates = [node]
            if isinstance(node, ast.ClassDef):
                candidates = node.body if node.name == owner else []
            for fn in candidates:
                if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) or fn.name != name:
                    continue
                if fn is node and hwkit.add_to_class_target(fn) != (owner or None):
                    continue
                first = min([fn.lineno] + [d.lineno for d in fn.decorator_list])
                found = textwrap.dedent("\n".join(lines[first - 1:fn.end_lineno]) + "\n")
    return found


def defined_names(code):
    """``[(class or None, name)]`` defined at the top level of ``code`` (reference cells)."""
    out = []
    for node in definitions(code):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            is_class = isinstance(node, ast.ClassDef)
            target = None if is_class else hwkit.add_to_class_target(node)
            out.append((target, node.name))
    return out
