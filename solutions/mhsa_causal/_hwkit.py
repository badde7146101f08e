"""Helpers for hidden tests.

This module is copied into every homework's autograder bundle as ``_hwkit.py`` and imported by the
hidden test functions of the source notebooks. It never goes to ``release/``.

It depends on torch only, so that it imports wherever a submission is graded.
"""
import contextlib
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
                f"(largest error {float((a - e).abs().max()):.3g})")
    return None


def check_shape(actual, shape, what):
    if not isinstance(actual, torch.Tensor):
        return f"{what}: expected a tensor, got {_describe(actual)}"
    if tuple(actual.shape) != tuple(shape):
        return f"{what}: expected shape {tuple(shape)}, got {tuple(actual.shape)}"
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
    if isinstance(value, torch.Tensor):
        return f"a tensor of shape {tuple(value.shape)}"
    return f"a {getattr(value, 'type_name', None) or type(value).__name__}"


def used_names(obj, separate=(), owner=None, own=()):
    """Every global and attribute name that the code of ``obj`` refers to.

    ``obj`` is a function, a method or a class (then all functions defined in its body count).
    Nested functions and comprehensions are included, and so is the code that ``obj`` reaches:
    what an alias or ``functools.partial`` wraps, a decorated function's ``__wrapped__`` and the
    functions in its closure, a class's bases, and every function or class of the notebook
    (the answer's own module) that the code names, and the methods of class ``owner`` (the
    class of a method being graded) that it names, except the names in ``separate`` (other
    questions' answers, graded on their own). A name of ``own`` (the answer's own name) is left
    out when every use of it is a bare self-reference (a global: recursion, ``super(Name,
    self)``), never when it is loaded as an attribute (``d2l.Name``), named by ``getattr`` or
    is the name of a library base class.
    """
    names, other_uses, own_code, seen, todo = set(), set(), set(), set(), [obj]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        found, reached = _direct_names(current, separate, owner)
        library, notebook = _globals_by_origin(current, found)
        names |= found | library
        other_uses |= _non_global_names(current) | library
        own_code |= notebook
        todo += reached
    return names - ((set(own) | (own_code - set(separate))) - other_uses)


def _globals_by_origin(obj, names):
    """(library names, notebook names) of the globals in ``names`` that the code of ``obj``
    sees: the library's own names of those holding a library's function, class or module
    (``masked_softmax`` for ``ms`` after ``from d2l.torch import masked_softmax as ms``,
    ``numpy`` for ``xp`` after ``import numpy as xp``), and the names of those holding the
    notebook's own functions and classes, whose code is followed (a student's helper called
    ``lstm_cell`` is not torch's)."""
    namespace = getattr(obj, "__globals__", None)
    library, notebook = set(), set()
    if not isinstance(namespace, dict):
        return library, notebook
    for name in names:
        value = namespace.get(name)
        if isinstance(value, types.ModuleType):
            library |= set(value.__name__.split("."))
        elif isinstance(value, types.BuiltinFunctionType) or (
                isinstance(value, (types.FunctionType, type))
                and not _defined_in(value, namespace)):
            library.add(value.__name__)
        elif _is_code_holder(value) and not isinstance(value, (functools.partial,
                                                               types.MethodType)) \
                and _defined_in(value, namespace):
            notebook.add(name)
    return library, notebook


def _direct_names(obj, separate, owner=None):
    """(names the code of ``obj`` itself uses, the objects it reaches)."""
    reached = [vars(obj)["__wrapped__"]] if _has_wrapped(obj) else []
    if isinstance(obj, functools.partial):
        return set(), reached + [obj.func, *obj.args, *obj.keywords.values()]
    if isinstance(obj, (staticmethod, classmethod, types.MethodType)):
        return set(), reached + [obj.__func__]
    if isinstance(obj, type):
        names = set()
        for base in obj.__bases__:
            if base.__module__ == obj.__module__:
                reached.append(base)
            else:
                names.add(base.__name__)
        return names, reached + [m for m in vars(obj).values() if _is_code_holder(m)]
    code = getattr(obj, "__code__", None)
    if not isinstance(code, types.CodeType):
        return set(), reached
    names = _code_names(code)
    cells = getattr(obj, "__closure__", None) or ()
    reached += [c.cell_contents for c in cells if _cell_holds_code(c)]
    namespace = getattr(obj, "__globals__", None) or {}
    for name in names - set(separate):
        value = namespace.get(name)
        if _is_code_holder(value) and _defined_in(value, namespace):
            reached.append(value)
        method = vars(owner).get(name) if isinstance(owner, type) else None
        if _is_code_holder(method):
            reached.append(method)
    return names, reached


# bytecode that uses a name as an attribute or a module member, not as a global variable
ATTRIBUTE_OPS = {"LOAD_ATTR", "LOAD_METHOD", "STORE_ATTR", "DELETE_ATTR", "IMPORT_FROM",
                 "IMPORT_NAME", "LOAD_SUPER_ATTR"}
NAME_FUNCTIONS = {"getattr", "hasattr", "setattr", "delattr"}


def _non_global_names(obj):
    """The names the code of ``obj`` uses other than as globals: attributes, imports, names
    given to ``getattr`` and the like, and, for a class, the names of its library bases."""
    import dis

    if isinstance(obj, type):
        return {b.__name__ for b in obj.__bases__ if b.__module__ != obj.__module__}
    code = getattr(obj, "__code__", None)
    if not isinstance(code, types.CodeType):
        return set()
    out, todo = set(), [code]
    while todo:
        current = todo.pop()
        out |= {i.argval for i in dis.get_instructions(current)
                if i.opname in ATTRIBUTE_OPS and isinstance(i.argval, str)}
        if NAME_FUNCTIONS & set(current.co_names):
            out |= _string_names(current)
        todo += [c for c in current.co_consts if isinstance(c, types.CodeType)]
    return out


def _string_names(code):
    """The identifier-like string constants of ``code`` (what ``getattr(x, "name")`` names)."""
    return {c for c in code.co_consts if isinstance(c, str) and c.isidentifier()}


def _has_wrapped(obj):
    try:
        return "__wrapped__" in vars(obj)
    except TypeError:
        return False


def _cell_holds_code(cell):
    try:
        return _is_code_holder(cell.cell_contents)
    except ValueError:  # an empty cell
        return False


def _is_code_holder(value):
    return isinstance(value, (types.FunctionType, type, functools.partial, staticmethod,
                              classmethod, types.MethodType))


def _defined_in(value, namespace):
    """Whether ``value`` was defined by the code of ``namespace`` (the notebook), not a library."""
    if isinstance(value, types.FunctionType):
        return value.__globals__ is namespace
    if isinstance(value, type):
        return value.__module__ == namespace.get("__name__")
    return True  # partials and method wrappers: what they wrap is checked in turn


def _code_names(code):
    names = set(code.co_names)
    if NAME_FUNCTIONS & names:  # getattr(obj, "name") uses name as an attribute
        names |= _string_names(code)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _code_names(const)
    return names


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


def forbid(question, *objs, own=(), owner=None):
    """Fail when the code of ``objs`` uses a shortcut that ``question`` does not allow.

    Names in ``own`` (the answer's own name, as in ``super(Name, self)``) do not count as bare
    self-references (``used_names``), but do as attributes or library base classes; the code
    the answer reaches counts (``used_names``; ``owner``: the class of a graded method), except
    other questions' answers.

    The list per question comes from the "Not allowed" line of the question's text, collected
    into the reference module by the build.
    """
    forbidden = reference().FORBIDDEN.get(question, {})
    separate = other_answers(question) - set(own)
    for obj in objs:
        message = forbidden_message(question, forbidden, used_names(obj, separate, owner, own))
        if message:
            raise ForbiddenShortcut(message)


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
        forbid(question, getattr(answer, attribute) if attribute else answer, own=[name],
               owner=answer if attribute else None)
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
