"""The code of a submitted notebook, as the batch grader runs and inspects it.

Grading runs the notebook's *definitions* only: imports, functions, classes, assignments that
call nothing, and assignments to the names the homework itself assigns at top level (answers
typed as ``Q_hand = torch.tensor(...)``, given inputs). Sanity checks, plots, ``grader.check``
calls and other top-level work are skipped, so a crash, a hang or slow work in one of them costs
nothing and takes no time.
"""
import ast
import functools
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


def _without_magics(source):
    """A cell's lines, IPython magics and shell lines (``%``, ``!``) left out."""
    return [line for line in source.split("\n") if not line.lstrip().startswith(("%", "!"))]


def parse_cell(source):
    """The syntax tree of a code cell without its IPython magics and shell lines (``%``,
    ``!``), or None when it does not parse."""
    try:
        with AST_LOCK:
            return ast.parse("\n".join(_without_magics(source)))
    except SyntaxError:
        return None


def definitions(source, notebook_names=frozenset()):
    """The top-level statements of a cell that grading runs (none when it does not parse)."""
    tree = parse_cell(source)
    return [] if tree is None else [node for node in tree.body if kept(node, notebook_names)]


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


def _code_names_of(node):
    """The global and attribute names the code of a statement or expression uses."""
    with AST_LOCK:
        if isinstance(node, ast.expr):
            code = compile(ast.Expression(body=node), "<answer>", "eval")
        else:
            code = compile(ast.Module(body=[node], type_ignores=[]), "<answer>", "exec")
    return hwkit.used_names(types.SimpleNamespace(__code__=code))


@functools.lru_cache(maxsize=4)
def _top_level(cells):
    """``{name: [statement]}`` for every top-level def, class and assignment of the notebook
    (assignments whether they call or not: ``step = functools.partial(_impl)`` is an alias),
    and ``{class: [method def]}`` for functions added with ``add_to_class``."""
    defined, added = {}, {}
    for source in cells:
        tree = parse_cell(source)
        if tree is None:
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                target = _add_to_class_target(node)
                if target:
                    added.setdefault(target, []).append(node)
                    continue
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                defined.setdefault(node.name, []).append(node)
            for bound in assigned_names(node):
                defined.setdefault(bound, []).append(node)
            for bound, single in _imported(node):
                defined.setdefault(bound, []).append(single)
    return {name: _in_effect(name, nodes) for name, nodes in defined.items()}, added


def _in_effect(name, nodes):
    """The statements binding ``name`` (in notebook order) less the imports that a later
    ``def``/``class`` of the same name replaces without using them: after ``from d2l.torch
    import masked_softmax`` and the student's own ``def masked_softmax``, only the latter runs.
    (``class X(X)`` after ``from lib import X`` uses the import: it stays.)"""
    def replaces(node):
        return (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                and node.name == name
                and not any(isinstance(sub, ast.Name) and sub.id == name
                            for part in [*node.decorator_list, *getattr(node, "bases", [])]
                            for sub in ast.walk(part)))
    return [node for k, node in enumerate(nodes)
            if not (isinstance(node, (ast.Import, ast.ImportFrom))
                    and any(replaces(later) for later in nodes[k + 1:]))]


def _imported(node):
    """``(name bound, a one-name import statement)`` for each name a top-level import binds, so
    that an answer naming ``ms`` after ``from d2l.torch import masked_softmax as ms`` reaches
    ``masked_softmax`` (and only the one name it uses of a longer import line)."""
    if isinstance(node, ast.ImportFrom):
        return [(alias.asname or alias.name, ast.copy_location(
                    ast.ImportFrom(module=node.module, names=[alias], level=node.level), node))
                for alias in node.names if alias.name != "*"]
    if isinstance(node, ast.Import):
        return [(alias.asname or alias.name.split(".")[0],
                 ast.copy_location(ast.Import(names=[alias]), node)) for alias in node.names]
    return []


def _methods(defined, added, cls):
    """The names a top-level class ``cls`` of the notebook defines in its body or gets with
    ``add_to_class``."""
    names = {node.name for node in added.get(cls, [])}
    for node in defined.get(cls, []):
        if isinstance(node, ast.ClassDef):
            for member in node.body:
                if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    names.add(member.name)
                names |= assigned_names(member)
    return names


def _statement_names(node, attribute=None):
    """Names used by one top-level statement (of method ``attribute`` only, for a class):
    its code, its decorators and, for a class, its bases."""
    if isinstance(node, ast.ClassDef):
        names = set().union(set(), *(_code_names_of(e) for e in node.bases + node.decorator_list))
        for member in node.body:
            member_names = ({member.name} if isinstance(member, (ast.FunctionDef,
                                                                 ast.AsyncFunctionDef))
                            else assigned_names(member))
            if attribute is None or attribute in member_names:
                names |= _statement_names(member)
        return names
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        names = set().union(set(), *(_code_names_of(d) for d in node.decorator_list))
        return names | hwkit.used_names(types.SimpleNamespace(__code__=_compiled(node, node.name)))
    if isinstance(node, ast.ImportFrom):  # the original name: masked_softmax of ``as ms``
        return {alias.name for alias in node.names}
    if isinstance(node, ast.Import):  # every part: numpy of ``import numpy as xp``
        return {part for alias in node.names for part in alias.name.split(".")}
    value = getattr(node, "value", None)
    return _code_names_of(value) if value is not None else set()


def answer_names(cells, name, attribute=None, separate=()):
    """Names used by the code of answer ``name`` (or its method ``attribute``), found statically.

    Mirrors ``hwkit.used_names`` on the live objects, without running anything: the answer's own
    code, its decorators, what an alias of it (``name = _impl``, ``name = partial(_impl)``)
    names, and, transitively, the code of every top-level function, class or alias of the
    notebook that it names, and, for a method, the other methods of its class that it names
    (``self.helper(...)``), except those in ``separate`` (other questions' answers, graded on
    their own). Like ``hwkit.forbid``, the answer's own name does not count when every use of it
    is a bare self-reference (recursion, ``super(Name, self)``); ``d2l.Name``, ``getattr(d2l,
    "Name")`` or a library base class ``Name`` count.
    """
    return set(_answer_names(tuple(cells), name, attribute, tuple(sorted(separate))))


def answer_statements(cells, name, attribute=None, separate=()):
    """The top-level statements (or, for a class, its bases, decorators and the members that
    count) whose code answer ``name`` (or its method ``attribute``) reaches, as
    ``answer_names`` follows it."""
    return list(_reach(tuple(cells), name, attribute, tuple(sorted(separate)))[1])


def _statement_nodes(node, attribute=None):
    """The parts of one top-level statement whose code counts (``_statement_names``)."""
    if isinstance(node, ast.ClassDef):
        nodes = list(node.bases + node.decorator_list)
        for member in node.body:
            member_names = ({member.name} if isinstance(member, (ast.FunctionDef,
                                                                 ast.AsyncFunctionDef))
                            else assigned_names(member))
            if attribute is None or attribute in member_names:
                nodes.append(member)
        return nodes
    return [node]


@functools.lru_cache(maxsize=256)
def _reach(cells, name, attribute, separate):
    """(names used, statement parts reached) for ``answer_names`` and ``answer_statements``,
    computed once per submission and answer (a submission's judging asks for the same answer
    once per hidden test)."""
    defined, added = _top_level(cells)
    names, seen, nodes = set(), set(), []
    todo = [(name, attribute)]
    while todo:
        current, member = todo.pop()
        if (current, member) in seen:
            continue
        seen.add((current, member))
        found = set()
        for node in defined.get(current, []):
            found |= _statement_names(node, member)
            nodes += _statement_nodes(node, member)
        for node in added.get(current, []):
            if member in (None, node.name):
                found |= _statement_names(node)
                nodes.append(node)
        names |= found
        todo += [(other, None) for other in found
                 if other in defined and other not in separate and other != name]
        if member is not None:  # a method: the class's other methods it names, too
            todo += [(current, other) for other in found & _methods(defined, added, current)
                     if other not in separate and other != member]
    return names, tuple(nodes)


@functools.lru_cache(maxsize=256)
def _answer_names(cells, name, attribute, separate):
    """``answer_names`` for hashable arguments. The answer's own name is dropped only when
    every use of it is a bare self-reference (``_names_other``)."""
    names, nodes = _reach(cells, name, attribute, separate)
    defined, _ = _top_level(cells)
    # the notebook's own functions and classes, named as globals: their code is followed, and
    # a helper of the student's called ``lstm_cell`` is not torch's (an attribute use counts)
    own_code = {other for other in names - {name} - set(separate) if defined.get(other) and all(
        isinstance(d, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        for d in defined[other])}
    names = names - {other for other in own_code
                     if not any(_names_other(node, other) for node in nodes)}
    classes = [d for d in defined.get(name, []) if isinstance(d, ast.ClassDef)]
    own_base = any(isinstance(b, ast.Name) and b.id == name for d in classes for b in d.bases)
    if any(_names_other(node, name) for node in nodes) or (own_base and len(classes) < 2):
        return frozenset(names)
    return frozenset(names - {name})


def _names_other(node, name):
    """Whether ``node`` uses ``name`` other than as the notebook's own global ``name``
    (recursion, ``super(Name, self)``): as an attribute (``d2l.masked_softmax``,
    ``getattr(d2l, "masked_softmax")``) or an import inside a function. (A class ``X`` whose
    base is a bare ``X`` while the notebook has no other class ``X``, as in ``class X(X)`` after
    ``from lib import X``, names a library's ``X`` too: ``_answer_names`` checks that.)"""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and sub.attr == name:
            return True
        if isinstance(sub, ast.alias) and name in (sub.name.split(".")[-1], sub.asname):
            return True
        if isinstance(sub, ast.Call) and _constant_attribute(sub) == name:
            return True
    return False


def _constant_attribute(call):
    """``"x"`` for ``getattr(obj, "x")`` (``hasattr``, ``setattr``, ``delattr``), else None."""
    func = call.func
    if isinstance(func, ast.Name) and func.id in hwkit.NAME_FUNCTIONS and len(call.args) >= 2:
        arg = call.args[1]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return arg.value
    return None


def function_source(cells, qualname):
    """The dedented source of the last function ``qualname`` (``f`` or ``Class.method``) that
    the cells define at top level or in a top-level class, or None; found without running."""
    import textwrap

    owner, _, name = qualname.rpartition(".")
    found = None
    for source in cells:
        lines = _without_magics(source)
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
                if fn is node and _add_to_class_target(fn) != (owner or None):
                    continue
                first = min([fn.lineno] + [d.lineno for d in fn.decorator_list])
                found = textwrap.dedent("\n".join(lines[first - 1:fn.end_lineno]) + "\n")
    return found


def defined_names(code):
    """``[(class or None, name)]`` defined at the top level of ``code`` (reference cells)."""
    out = []
    for node in definitions(code):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            target = _add_to_class_target(node) if not isinstance(node, ast.ClassDef) else None
            out.append((target, node.name))
    return out
