"""Helpers for hidden tests.

This module is copied into every homework's autograder bundle as ``_hwkit.py`` and imported by the
hidden test functions of the source notebooks. It never goes to ``release/``, except the text of
its name engine (``reached_names`` and its helpers, between the ``ENGINE_MARKS``), which the
build writes once per homework as ``release/<hw>/hwtools/reach.py`` (``engine_source``): the
released public checks import it from there.

It depends on torch only, so that it imports wherever a submission is graded.
"""
import ast
import contextlib
import dis
import functools
import importlib
import types

import torch

REFERENCE_MODULE = "_hw_reference"


class ForbiddenShortcut(AssertionError):
    """The answer uses a library shortcut that its question does not allow."""


@contextlib.contextmanager
def seeded(seed=0):
    """Run the block with torch's CPU generator seeded (every test input is made on the CPU);
    the caller's random state is restored afterwards. ``torch.manual_seed`` would seed the same
    generator, and also set up lazy seeding of every accelerator, recording a stack trace each
    time: a fifth of a sandbox's time in a homework whose tests seed 35 times."""
    state = torch.get_rng_state()
    torch.random.default_generator.manual_seed(seed)
    try:
        yield
    finally:
        torch.set_rng_state(state)


def reference():
    """The module generated from the source notebook's solution cells."""
    return importlib.import_module(REFERENCE_MODULE)


def install_reference(module):
    """Make ``module`` (the reference run in this process) and this module importable as the
    hidden tests import them (``_hw_reference``, ``_hwkit``); returns the function that puts
    ``sys.modules`` back as it was. For the grader's and the build's own processes."""
    import sys

    names = ("_hwkit", REFERENCE_MODULE)
    saved = {name: sys.modules.get(name) for name in names}
    sys.modules["_hwkit"], sys.modules[REFERENCE_MODULE] = sys.modules[__name__], module

    def restore():
        for name, before in saved.items():
            if before is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = before

    return restore


# While a list, assertions record what they were given instead of judging it: the batch grader
# runs each hidden test twice, on the answer in a sandbox and on the reference in its own
# process, and judges the recorded values with the same ``check_*`` functions as below.
_recorder = None


@contextlib.contextmanager
def recording():
    """Record assertions instead of checking them; yields the list of records."""
    global _recorder
    saved, _recorder = _recorder, []
    try:
        yield _recorder
    finally:
        _recorder = saved


def _record(kind, what, actual, **options):
    _recorder.append({"kind": kind, "what": what, "actual": actual, "options": options})


# Check messages (``check_*``) are also the batch grader's, about values a sandbox sent: every
# part of one is the grader's own text or a small, plausible value from a fixed range, so that
# an answer cannot write its own message (capacity: ``grading/verdict.py``'s docstring).
SHAPE_FACTOR, SHAPE_FLOOR = 4, 8  # an answer's dimension is shown up to 4x the expected's
ERROR_RANGE = (1e-9, 1e6)  # a largest error is shown to two digits within this range


def shown_shape(actual, expected):
    """An answer's ``actual`` shape as a message shows it beside the ``expected`` one: itself
    when it is plausible (at most one dimension more than expected, each at most
    ``SHAPE_FACTOR`` times the expected's largest, and at least ``SHAPE_FLOOR``), else words."""
    actual, expected = tuple(int(d) for d in actual), tuple(int(d) for d in expected)
    bound = max(SHAPE_FLOOR, SHAPE_FACTOR * max(expected, default=1))
    if len(actual) <= len(expected) + 1 and all(0 <= d <= bound for d in actual):
        return str(actual)
    return "a tensor of another shape"


def shown_error(value):
    """A largest error (a non-negative float) to two significant digits, within
    ``ERROR_RANGE``: about 10 bits, whatever the answer's values."""
    low, high = ERROR_RANGE
    if not value <= high:
        return f"over {high:.0e}"
    return f"under {low:.0e}" if value < low else f"{value:.2g}"


def check_close(actual, expected, what, atol=1e-5, rtol=1e-4):
    """The message of the first difference between ``actual`` and ``expected``, or None."""
    if isinstance(expected, (tuple, list)):
        if not isinstance(actual, (tuple, list)) or len(actual) != len(expected):
            return f"{what}: expected {len(expected)} values, got {_describe(actual)}"
        for k, (a, e) in enumerate(zip(actual, expected)):
            message = check_close(a, e, f"{what}[{k}]", atol=atol, rtol=rtol)
            if message:
                return message
        return None
    message = check_shape(actual, expected.shape, what)
    if message:
        return message
    a = actual.detach().to(torch.float64)
    e = expected.detach().to(torch.float64)
    if not bool(torch.isfinite(a).all()) and not bool((a == e).all()):
        return f"{what}: contains NaN or infinite values"
    worst = float(((a - e).abs() - (atol + rtol * e.abs())).max()) if a.numel() else -1.0
    if worst > 0:
        return (f"{what}: values differ from the expected ones "
                f"(largest error {shown_error(float((a - e).abs().max()))})")
    return None


def check_shape(actual, shape, what):
    if not isinstance(actual, torch.Tensor):
        return f"{what}: expected a tensor, got {_describe(actual)}"
    if tuple(actual.shape) != tuple(shape):
        return (f"{what}: shape differs from the expected {tuple(int(d) for d in shape)} "
                f"(got {shown_shape(actual.shape, shape)})")
    return None


def check_dtype(actual, dtype, what):
    if not isinstance(actual, torch.Tensor):
        return f"{what}: expected a tensor, got {_describe(actual)}"
    if actual.dtype != dtype:
        return f"{what}: expected dtype {dtype}, got {actual.dtype}"
    return None


def assert_close(actual, expected, what, atol=1e-5, rtol=1e-4):
    """Assert that ``actual`` is a tensor (or a tuple of them) with ``expected``'s shape and values."""
    if _recorder is not None:
        return _record("close", what, actual, atol=atol, rtol=rtol)
    message = check_close(actual, expected, what, atol=atol, rtol=rtol)
    if message:
        raise AssertionError(message)


def assert_shape(actual, shape, what):
    if _recorder is not None:
        return _record("shape", what, actual, shape=None if shape is None else list(shape))
    message = check_shape(actual, shape, what)
    if message:
        raise AssertionError(message)


def assert_dtype(actual, dtype, what):
    if _recorder is not None:
        return _record("dtype", what, actual, dtype=None if dtype is None else str(dtype))
    message = check_dtype(actual, dtype, what)
    if message:
        raise AssertionError(message)


def _describe(value):
    """``value``'s kind, for "expected ..., got ...": never its shape or contents."""
    if isinstance(value, torch.Tensor):
        return "a tensor"
    return f"a {getattr(value, 'type_name', None) or type(value).__name__}"


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


def other_answers(question):
    """The top-level functions and classes that other questions' reference cells define (their
    answers, graded on their own), read from the reference module's cell markers."""
    import ast
    import inspect
    import re

    try:
        text = inspect.getsource(reference())
    except (OSError, TypeError, ImportError):
        return set()
    parts = re.split(r"^# %% reference cell of: (\S+)$", text, flags=re.M)
    names = set()
    for owner, code in zip(parts[1::2], parts[2::2]):
        if owner in ("given", question):
            continue
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue
        names |= {node.name for node in tree.body
                  if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    return names


def forbid(question, env, name, attribute=None):
    """Fail when answer ``env[name]`` (its method ``attribute``, when given) to ``question``
    reaches a shortcut that the question does not allow.

    What it reaches is read from the cells the notebook ran (``live_cells``) by
    ``reached_names``, as the batch grader reads it from the submitted cells; other questions'
    answers are not followed. The list per question comes from the "Not allowed" line of the
    question's text, collected into the reference module by the build.
    """
    forbidden = reference().FORBIDDEN.get(question, {})
    if not forbidden:
        return
    names = reached_names(live_cells(env), name, attribute, other_answers(question) - {name})
    message = forbidden_message(question, forbidden, names)
    if message:
        raise ForbiddenShortcut(message)


ENGINE_MARKS = ("# ---- BEGIN NAME ENGINE", "# ---- END NAME ENGINE")


def engine_source():
    """The name engine's text (the region between ``ENGINE_MARKS`` in this file) with its
    imports: the build writes it as the student tools' ``reach`` module, which the released
    public checks import in the student's kernel, where this module is not."""
    with open(__file__, encoding="utf-8") as handle:
        text = handle.read()
    start, end = text.index(ENGINE_MARKS[0]), text.index(ENGINE_MARKS[1])
    end = text.index("\n", end) + 1
    return "import ast\nimport dis\nimport functools\nimport types\n\n\n" + text[start:end]


def forbidden_message(question, forbidden, names):
    """The message for an answer whose code uses ``names``, or None when none is forbidden."""
    found = sorted(forbidden.keys() & set(names))
    if not found:
        return None
    shown = ", ".join(forbidden[name] for name in found)
    return (f"{question}: your answer uses {shown}, which this question does not allow; "
            "the question scores 0 until it is written without it")


# While True, ``inner_function`` finds nothing: the batch grader runs each hidden test on the
# reference once more this way, so that it knows what a test records for an answer written
# without the handout's inner helper (tests grade such answers through their behaviour).
_structure_free = False


@contextlib.contextmanager
def without_structure():
    """Run the block as if no answer had inner helpers (``inner_function`` gives None)."""
    global _structure_free
    saved, _structure_free = _structure_free, True
    try:
        yield
    finally:
        _structure_free = saved


def inner_function(fn, name):
    """The function ``name`` defined inside ``fn`` as a callable of its own, or None when there
    is none that can run on its own (or under ``without_structure``).

    A test grades the handout's inner helper with it where the answer has one, and the same
    points through the outer function's behaviour where it has not.
    """
    if _structure_free or not isinstance(fn, types.FunctionType):
        return None
    try:
        code = _nested_code(fn, name)
    except AssertionError:
        return None
    if code.co_freevars:  # it uses variables of the function around it
        return None
    return types.FunctionType(code, fn.__globals__, name)


def nested_function(fn, name, globals_=None):
    """The function ``name`` defined inside ``fn``, as a callable of its own.

    Lets a test grade an inner helper (for example ``sequence_mask`` inside ``masked_softmax``)
    separately from the function around it. A placeholder that is not a function (a reference
    withheld from a sandbox) is returned as it is.
    """
    if not isinstance(fn, types.FunctionType):
        return fn
    code = _nested_code(fn, name)
    closure = tuple(types.CellType() for _ in code.co_freevars) or None
    return types.FunctionType(code, globals_ if globals_ is not None else fn.__globals__,
                              name, None, closure)


def with_nested(fn, name, replacement):
    """A copy of ``fn`` whose inner function ``name`` is ``replacement``.

    ``replacement`` is a function called ``name`` itself, or a function that defines one inside.
    """
    old = _nested_code(fn, name)
    code = getattr(replacement, "__code__", None)
    new = code if code is not None and code.co_name == name else _nested_code(replacement, name)
    if new.co_freevars != old.co_freevars:
        raise AssertionError(f"{name!r} cannot be replaced: it uses variables of the function "
                             "around it")
    consts = tuple(new if c is old else c for c in fn.__code__.co_consts)
    code = fn.__code__.replace(co_consts=consts)
    return types.FunctionType(code, fn.__globals__, fn.__name__, fn.__defaults__, fn.__closure__)


def _nested_code(fn, name):
    code = getattr(fn, "__code__", None)
    for const in getattr(code, "co_consts", ()):
        if isinstance(const, types.CodeType) and const.co_name == name:
            return const
    raise AssertionError(f"no function {name!r} is defined inside {getattr(fn, '__name__', fn)!r}")


@contextlib.contextmanager
def substituted(env, **replacements):
    """Temporarily replace names in the notebook's global namespace ``env``.

    Used to grade one answer with the reference in place of the answers it builds on, so that a
    mistake in one question costs points only there.
    """
    missing = object()
    saved = {name: env.get(name, missing) for name in replacements}
    env.update(replacements)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is missing:
                env.pop(name, None)
            else:
                env[name] = value


def graded(env, question, name, attribute=None):
    """The answer ``env[name]`` to ``question`` and the reference module, for one hidden test.

    Fails when the answer is missing or uses a shortcut the question does not allow (in
    ``attribute`` of it only, when given: a class's other methods may be given code).
    """
    if _recorder is not None:  # the batch grader checks shortcuts on the submitted source
        _recorder.append({"kind": "forbid", "what": question, "actual": None,
                          "options": {"name": name, "attribute": attribute}})
    (answer,) = require(env, name)
    if _recorder is None:
        forbid(question, env, name, attribute)
    return answer, reference()


def with_reference_methods(module, reference_class, *names):
    """Give one instance the reference's version of methods ``names``, and return it.

    The test of one method then does not depend on the student's other methods.
    """
    for name in names:
        setattr(module, name, types.MethodType(getattr(reference_class, name), module))
    return module


STYLE_MAX_LINE_LENGTH = 99
# pycodestyle's defaults, plus the handout's own "### YOUR CODE HERE" framing (E266) and the end
# of a function's source cut out of its cell (W292, W391)
STYLE_IGNORE = ["E121", "E123", "E126", "E226", "E24", "E704", "W503", "W504",
                "E266", "W292", "W391"]


def _record_source_check(check, objs):
    """In recording mode, note that the next check's value comes from the source of ``objs``:
    the batch grader computes it itself from the submitted cells (``verdict``), since anything
    the sandbox computes, this module's functions included, can be replaced by the answer."""
    if _recorder is not None:
        _recorder.append({"kind": "source", "what": check, "actual": None,
                          "options": {"check": check, "objects": [_qualified(o) for o in objs]}})


def _qualified(obj):
    """``Class.method`` for a function that a class of its module holds (also one added with
    ``add_to_class``, whose own qualified name lacks the class), else its qualified name."""
    name = getattr(obj, "__name__", "?")
    for value in list((getattr(obj, "__globals__", None) or {}).values()):
        if isinstance(value, type) and vars(value).get(name) is obj:
            return f"{value.__name__}.{name}"
    return getattr(obj, "__qualname__", name)


def _sources(objs):
    """The dedented sources of ``objs`` (None for one without source)."""
    import inspect
    import textwrap

    out = []
    for obj in objs:
        try:
            out.append(textwrap.dedent(inspect.getsource(obj)))
        except (OSError, TypeError):
            out.append(None)
    return out


def style_count(sources):
    """PEP 8 issues in ``sources`` (texts; -1 when one is None, never equal to a count)."""
    import pycodestyle

    count = 0
    for source in sources:
        if source is None:
            return torch.tensor(-1.0)
        checker = pycodestyle.Checker(lines=source.splitlines(True), quiet=True,
                                      max_line_length=STYLE_MAX_LINE_LENGTH, ignore=STYLE_IGNORE)
        count += checker.check_all()
    return torch.tensor(float(count))


def answered_value(sources):
    """1.0 when none of ``sources`` (texts) is missing or still a stub, else 0.0."""
    stub = any(s is None or "raise NotImplementedError" in s for s in sources)
    return torch.tensor(0.0 if stub else 1.0)


def style_issues(*objs):
    """PEP 8 issues (pycodestyle, lines up to 99 characters) in the source of ``objs``.

    Returns a tensor holding the count, so that a test can judge it with ``assert_close``.
    """
    _record_source_check("style", objs)
    return style_count(_sources(objs))


def answered(*objs):
    """A tensor 1.0 when none of ``objs`` is still a stub (``raise NotImplementedError``)."""
    _record_source_check("answered", objs)
    return answered_value(_sources(objs))


SOURCE_CHECKS = {"style": style_count, "answered": answered_value}


def materialize(module, in_features):
    """Initialise every lazy layer of ``module`` now, in registration order.

    Lazy layers draw their weights when first called, so their values would otherwise depend on
    the order in which an answer happens to call them. Call this under ``seeded`` right after
    building a module from given code, before any answer runs.
    """
    from torch.nn.modules.lazy import LazyModuleMixin

    for layer in module.modules():
        if isinstance(layer, LazyModuleMixin) and layer.has_uninitialized_params():
            with torch.no_grad():
                layer(torch.zeros(1, in_features))
    return module


def require(env, *names):
    """Fail with a clear message when the notebook does not define ``names``."""
    for name in names:
        if env.get(name) is None:
            raise AssertionError(f"{name} is not defined: run its cell, and keep its name")
    return [env[name] for name in names]
