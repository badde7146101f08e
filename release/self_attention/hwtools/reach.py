# Generated from autograder/hwkit.py by `python -m autograder build self_attention`; do not edit.
"""Which names an answer reaches (``reached_names``) in the cells the kernel ran
(``live_cells``): the course's name engine, run by the public forbidden-shortcut checks.

Trust boundary: it reads the student's own kernel only."""
import ast
import dis
import functools
import types


# ---- BEGIN NAME ENGINE: which names an answer reaches ------------------------------------
# The one engine of the forbidden-shortcut check. The batch grader (``nbcode``, on the submitted
# cells), this module's ``graded`` (in the otter bundle, on the cells the notebook ran) and the
# released public checks (hwtools/reach.py, generated from this region) all call ``reached_names``,
# so that they cannot disagree. It reads code and never runs it, with the standard library only:
# ast, dis, functools and types, imported at the top of this module (``engine_source``).
# bytecode that uses a name as a global (or, in a class body or at top level, a module) variable
GLOBAL_OPS = {"LOAD_GLOBAL", "LOAD_NAME", "LOAD_FROM_DICT_OR_GLOBALS", "LOAD_CLASSDEREF"}
NAME_FUNCTIONS = {"getattr", "hasattr", "setattr", "delattr"}
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
_ASSIGNMENTS = (ast.Assign, ast.AnnAssign, ast.AugAssign)


def reached_names(cells, name, attribute=None, separate=()):
    """Every name the code of answer ``name`` (or its method ``attribute``) uses, read from the
    notebook's code cells ``cells`` (texts) without running anything.

    Counted: global and attribute names (``d2l.masked_softmax``), names given to ``getattr``
    and the like as strings, and the library names behind a top-level import (``masked_softmax``
    for ``ms`` after ``from d2l.torch import masked_softmax as ms``, ``numpy`` for ``xp`` after
    ``import numpy as xp``). Followed, transitively: the answer's decorators and, for a class,
    its bases; every top-level function, class, alias (``step = _impl``, ``step =
    partial(_impl)``) or import of the notebook that the code names *as a global variable*
    (``self.attention_weights`` is an attribute: a top-level ``attention_weights`` is not
    followed); for a method, the other methods of its class that it names (``self.helper()``,
    also those added with ``add_to_class``). Not followed: the names in ``separate`` (other
    questions' answers, graded on their own). The notebook's own functions and classes, named
    as globals, do not count themselves (a helper of the student's called ``lstm_cell`` is not
    torch's), nor does the answer's own name when every use of it is a bare self-reference
    (recursion, ``super(Name, self)``); ``d2l.Name``, ``getattr(d2l, "Name")``, an import of
    ``Name`` inside a function or a library base class ``Name`` (``class Name(Name)`` after
    ``from lib import Name``) count.
    """
    names, other_uses = _reach_and_uses(tuple(cells), name, attribute, tuple(sorted(separate)))
    defined, _ = _top_level(tuple(cells))
    own_code = {other for other in names - {name} - set(separate) if defined.get(other) and all(
        isinstance(d, _DEFS + (ast.ClassDef,)) for d in defined[other])}
    names = names - {other for other in own_code if other not in other_uses}
    classes = [d for d in defined.get(name, []) if isinstance(d, ast.ClassDef)]
    own_base = any(isinstance(b, ast.Name) and b.id == name for d in classes for b in d.bases)
    if name in other_uses or (own_base and len(classes) < 2):
        return frozenset(names)
    return frozenset(names - {name})


def reached_statements(cells, name, attribute=None, separate=()):
    """The top-level statements (for a class: its bases, decorators and the members that count)
    whose code answer ``name`` (or its method ``attribute``) reaches, as ``reached_names``
    follows it."""
    return list(_reach(tuple(cells), name, attribute, tuple(sorted(separate)))[1])


def live_cells(env):
    """The code cells that the notebook whose globals are ``env`` ran: IPython's input history
    (``In``) in a kernel (``otter run``, ``grader.check``); elsewhere, the source of each
    function and class defined in ``env`` and an import line for each module, library
    function or class it holds."""
    history = env.get("In")
    if isinstance(history, list) and any(isinstance(cell, str) and cell for cell in history):
        return tuple(cell for cell in history if isinstance(cell, str))
    import inspect
    import textwrap

    cells = []
    for bound, value in list(env.items()):
        if isinstance(value, types.ModuleType):
            cells.append(f"import {value.__name__} as {bound}\n")
        elif isinstance(value, (types.FunctionType, type, types.BuiltinFunctionType)):
            module = getattr(value, "__module__", None)
            if module == env.get("__name__") or getattr(value, "__globals__", None) is env:
                try:
                    cells.append(textwrap.dedent(inspect.getsource(value)))
                except (OSError, TypeError):
                    continue
            elif module and getattr(value, "__name__", "").isidentifier():
                cells.append(f"from {module} import {value.__name__} as {bound}\n")
    return tuple(cells)


def parse_cell(source):
    """The syntax tree of a code cell without its IPython magics and shell lines (``%``,
    ``!``), or None when it does not parse."""
    try:
        return ast.parse("\n".join(without_magics(source)))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def without_magics(source):
    """A cell's lines, IPython magics and shell lines (``%``, ``!``) left out."""
    return [line for line in source.split("\n") if not line.lstrip().startswith(("%", "!"))]


def assigned_names(node):
    """The plain names a top-level assignment binds (``a = b = ...``, ``a, b = ...``)."""
    if not isinstance(node, _ASSIGNMENTS):
        return set()
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}


def add_to_class_target(node):
    """``Cls`` for a function decorated with ``@d2l.add_to_class(Cls)`` (or ``add_to_class``)."""
    for decorator in getattr(node, "decorator_list", []):
        if isinstance(decorator, ast.Call) and decorator.args:
            func = decorator.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "add_to_class" and isinstance(decorator.args[0], ast.Name):
                return decorator.args[0].id
    return None


@functools.lru_cache(maxsize=4)
def _top_level(cells):
    """``{name: [statement]}`` for every top-level def, class, assignment and import of the
    notebook, and ``{class: [method def]}`` for functions added with ``add_to_class``."""
    defined, added = {}, {}
    for source in cells:
        tree = parse_cell(source)
        for node in tree.body if tree is not None else []:
            if isinstance(node, _DEFS) and add_to_class_target(node):
                added.setdefault(add_to_class_target(node), []).append(node)
                continue
            if isinstance(node, _DEFS + (ast.ClassDef,)):
                defined.setdefault(node.name, []).append(node)
            for bound in assigned_names(node):
                defined.setdefault(bound, []).append(node)
            for bound, single in _imported(node):
                defined.setdefault(bound, []).append(single)
    return {name: _in_effect(name, nodes) for name, nodes in defined.items()}, added


def _in_effect(name, nodes):
    """The statements binding ``name`` less the imports that a later ``def``/``class`` of the
    same name replaces without using them (``from d2l.torch import masked_softmax`` to compare,
    then the student's own ``def masked_softmax``). ``class X(X)`` uses the import: it stays."""
    def replaces(node):
        return (isinstance(node, _DEFS + (ast.ClassDef,)) and node.name == name
                and not any(isinstance(sub, ast.Name) and sub.id == name
                            for part in [*node.decorator_list, *getattr(node, "bases", [])]
                            for sub in ast.walk(part)))
    return [node for k, node in enumerate(nodes)
            if not (isinstance(node, (ast.Import, ast.ImportFrom))
                    and any(replaces(later) for later in nodes[k + 1:]))]


def _imported(node):
    """``(name bound, a one-name import statement)`` for each name a top-level import binds."""
    if isinstance(node, ast.ImportFrom):
        return [(alias.asname or alias.name, ast.copy_location(
                    ast.ImportFrom(module=node.module, names=[alias], level=node.level), node))
                for alias in node.names if alias.name != "*"]
    if isinstance(node, ast.Import):
        return [(alias.asname or alias.name.split(".")[0],
                 ast.copy_location(ast.Import(names=[alias]), node)) for alias in node.names]
    return []


def _methods(defined, added, cls):
    """The names a top-level class ``cls`` defines in its body or gets with ``add_to_class``."""
    names = {node.name for node in added.get(cls, [])}
    for node in defined.get(cls, []):
        if isinstance(node, ast.ClassDef):
            for member in node.body:
                if isinstance(member, _DEFS):
                    names.add(member.name)
                names |= assigned_names(member)
    return names


def _code(node):
    """The code object of a statement or an expression, compiled on its own."""
    if isinstance(node, ast.expr):
        return compile(ast.Expression(body=node), "<answer>", "eval")
    return compile(ast.Module(body=[node], type_ignores=[]), "<answer>", "exec")


def _code_names(code):
    """(every name ``code`` and its nested code use, the names among them used as globals)."""
    names, globals_, todo = set(), set(), [code]
    while todo:
        current = todo.pop()
        names |= set(current.co_names)
        if NAME_FUNCTIONS & set(current.co_names):  # getattr(obj, "name") uses name
            names |= {c for c in current.co_consts if isinstance(c, str) and c.isidentifier()}
        globals_ |= {i.argval for i in dis.get_instructions(current)
                     if i.opname in GLOBAL_OPS and isinstance(i.argval, str)}
        todo += [c for c in current.co_consts if isinstance(c, types.CodeType)]
    return names, globals_


def _parts(node, attribute=None):
    """The parts of one top-level statement whose code counts (for a class: its bases,
    decorators and the members named ``attribute``, or all of them)."""
    if isinstance(node, ast.ClassDef):
        parts = list(node.bases + node.decorator_list)
        for member in node.body:
            bound = {member.name} if isinstance(member, _DEFS) else assigned_names(member)
            if attribute is None or attribute in bound:
                parts.append(member)
        return parts
    return [node]


def _part_names(part):
    """(names used, names used as globals) by one part of a statement: for a function, its
    code, decorators and default values; for an assignment, its value."""
    if isinstance(part, ast.ImportFrom):  # the original name: masked_softmax of ``as ms``
        return {alias.name for alias in part.names}, set()
    if isinstance(part, ast.Import):  # every part: numpy of ``import numpy as xp``
        return {p for alias in part.names for p in alias.name.split(".")}, set()
    if isinstance(part, ast.ClassDef):
        pieces = [_part_names(sub) for sub in _parts(part)]
    elif isinstance(part, _DEFS):
        function = next(c for c in _code(part).co_consts
                        if isinstance(c, types.CodeType) and c.co_name == part.name)
        defaults = part.args.defaults + [d for d in part.args.kw_defaults if d is not None]
        pieces = [_code_names(function)] + [_code_names(_code(e))
                                            for e in part.decorator_list + defaults]
    elif isinstance(part, _ASSIGNMENTS):
        pieces = [_code_names(_code(part.value))] if part.value is not None else []
    elif isinstance(part, ast.Expr) and isinstance(part.value, ast.Constant):
        pieces = []  # a docstring
    else:
        pieces = [_code_names(_code(part))]
    return (set().union(*(n for n, _ in pieces)), set().union(*(g for _, g in pieces)))


@functools.lru_cache(maxsize=256)
def _reach(cells, name, attribute, separate):
    """(names used, statement parts reached) by answer ``name`` (or its method ``attribute``)."""
    defined, added = _top_level(cells)
    names, seen, nodes = set(), set(), []
    todo = [(name, attribute)]
    while todo:
        current, member = todo.pop()
        if (current, member) in seen:
            continue
        seen.add((current, member))
        parts = [p for node in defined.get(current, []) for p in _parts(node, member)]
        parts += [node for node in added.get(current, []) if member in (None, node.name)]
        found, globals_ = set(), set()
        for part in parts:
            part_names, part_globals = _part_names(part)
            found, globals_ = found | part_names, globals_ | part_globals
        nodes += parts
        names |= found
        todo += [(other, None) for other in globals_
                 if other in defined and other not in separate and other != name]
        if member is not None:  # a method: the class's other methods it names, too
            todo += [(current, other) for other in found & _methods(defined, added, current)
                     if other not in separate and other != member]
    return names, tuple(nodes)


@functools.lru_cache(maxsize=256)
def _reach_and_uses(cells, name, attribute, separate):
    """``_reach``'s names, and the names its statements use other than as globals: one walk of
    them (a walk per helper was quadratic: 2000 helpers took 43 s), once per answer and not once
    per hidden test that asks (33 times a submission in rnn_attention)."""
    names, nodes = _reach(cells, name, attribute, separate)
    return names, frozenset(_other_uses(nodes))


def _other_uses(nodes):
    """The names that ``nodes`` use other than as the notebook's own globals: as an attribute
    (``d2l.masked_softmax``, ``getattr(d2l, "masked_softmax")``) or in an import."""
    found = set()
    for node in nodes:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Attribute):
                found.add(sub.attr)
            elif isinstance(sub, ast.alias):
                found.update((sub.name.split(".")[-1], sub.asname))
            elif isinstance(sub, ast.Call):
                found.add(_constant_attribute(sub))
    found.discard(None)
    return found


def _constant_attribute(call):
    """``"x"`` for ``getattr(obj, "x")`` (``hasattr``, ``setattr``, ``delattr``), else None."""
    func = call.func
    if isinstance(func, ast.Name) and func.id in NAME_FUNCTIONS and len(call.args) >= 2:
        arg = call.args[1]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return arg.value
    return None
# ---- END NAME ENGINE ---------------------------------------------------------------------
