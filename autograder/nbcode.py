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
import types

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


def assigned_names(node):
    """The plain names a top-level assignment binds (``a = b = ...``, ``a, b = ...``)."""
    if not isinstance(node, ASSIGNMENT_NODES):
        return set()
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}


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


def definitions(source, notebook_names=frozenset()):
    """The top-level statements of a cell that grading runs (none when it does not parse)."""
    lines = [line for line in source.split("\n") if not line.lstrip().startswith(("%", "!"))]
    try:
        with AST_LOCK:
            tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return []
    return [node for node in tree.body if kept(node, notebook_names)]


def _add_to_class_target(node):
    """``Cls`` for a function decorated with ``@d2l.add_to_class(Cls)`` (or ``add_to_class``)."""
    for decorator in getattr(node, "decorator_list", []):
        if isinstance(decorator, ast.Call) and decorator.args:
            func = decorator.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "add_to_class" and isinstance(decorator.args[0], ast.Name):
                return decorator.args[0].id
    return None


def _compiled(node, name):
    with AST_LOCK:
        code = compile(ast.Module(body=[node], type_ignores=[]), "<answer>", "exec")
    return next(c for c in code.co_consts if isinstance(c, types.CodeType) and c.co_name == name)


def answer_names(cells, name, attribute=None):
    """Names used by the code of answer ``name`` (or its method ``attribute``), found statically.

    Mirrors ``hwkit.used_names`` on the live objects, without running anything; like
    ``hwkit.forbid``, the answer's own name does not count (``super(Name, self)``).
    """
    names = set()
    for source in cells:
        for node in definitions(source):
            if isinstance(node, ast.ClassDef) and node.name == name:
                body = _compiled(node, node.name)
                for const in body.co_consts:
                    if isinstance(const, types.CodeType) and (
                            attribute is None or const.co_name == attribute):
                        names |= hwkit.used_names(types.SimpleNamespace(__code__=const))
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                target = _add_to_class_target(node)
                matches = (target == name and attribute in (None, node.name)) or (
                    target is None and attribute is None and node.name == name)
                if matches:
                    names |= hwkit.used_names(
                        types.SimpleNamespace(__code__=_compiled(node, node.name)))
    return names - {name}


def defined_names(code):
    """``[(class or None, name)]`` defined at the top level of ``code`` (reference cells)."""
    out = []
    for node in definitions(code):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            target = _add_to_class_target(node) if not isinstance(node, ast.ClassDef) else None
            out.append((target, node.name))
    return out
