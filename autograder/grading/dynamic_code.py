"""Dynamic constructs in a submission's code cells, which can hide or replace code (issue 11).

The forbidden-shortcut check (``nbcode.answer_names``) reads the names an answer's source uses;
``getattr(d2l, "masked_" + "softmax")`` or a class body running ``globals()["f"] = ...`` get
past any such reading. No static check sees through every dynamic trick, so this module finds
the tricks themselves, without running anything:

- every construct, anywhere in the notebook, becomes a flag on the row ("check by hand"), on
  rows that were given points (``grade.judge_one``);
- a construct able to hide a name (``HIDING``: getattr with a computed name, globals(), vars(),
  ``__dict__``, exec, eval, ``__import__``, importlib, sys.modules, and what looks names up from
  strings under any name it is imported as: ``operator.attrgetter``, ``pkgutil.resolve_name``,
  unpickling, ``builtins``...), in the code an answer
  reaches, zeroes that question when the question has a forbidden list (the answer can always
  be written plainly); the rest (``setattr``/``hasattr`` on other objects, ``locals()``, frames,
  ``__code__``, ctypes/gc object access) is only flagged;
- what can rebind an answer after its cell ran zeroes the questions whose answers it rebinds,
  wherever it is: a write into a namespace (``globals()["f"] = ...``, ``sys.modules[m].f =
  ...``, ``setattr(__main__, "f", ...)``), ``f.__code__ = ...``, and, for every answer, a
  namespace kept or passed on (``g = globals()``) or exec/eval/compile/``__import__``/importlib
  anywhere (they can define or replace anything).

Statements exactly as the handout has them (the released notebook's code cells) are exempt:
the given helpers use ``getattr``/``setattr`` and the public checks ``"x" in globals()``.

Trust boundary: the cells are the student's text; they are only parsed, never run.
"""
import ast
import dataclasses
import functools
import json

from .. import nbcode

ANY = "*"  # a rebinding whose target name is computed: every answer may be replaced

NAME_FUNCTIONS = {"getattr", "hasattr", "setattr", "delattr"}
NAMESPACES = {"globals", "vars", "locals"}
RUNNERS = {"exec", "eval", "compile", "__import__"}
# what of ctypes and gc can reach or write the interpreter's objects (and so replace code);
# importing them, ``gc.collect()`` or reading memory (``ctypes.string_at``) cannot
MEMORY_ACCESS = {"pythonapi", "memmove", "memset", "py_object", "from_address", "addressof",
                 "PyDLL", "pydll", "CDLL", "cdll", "get_referrers", "get_referents",
                 "get_objects"}
WRITE_METHODS = {"update", "setdefault", "__setitem__", "pop", "popitem", "clear",
                 "__delitem__"}
# what a construct is called, for those that can hide a name from the static check
HIDING = {"getattr", "globals()", "vars()", "__dict__", "__globals__", "exec", "eval",
          "compile", "__import__", "importlib", "sys.modules", "setattr on a namespace",
          "builtins", "a name resolver", "unpickling"}
# imports that give a way to look a name up from a string, whatever name they are bound to
# (``from operator import attrgetter as ag``): (module, name or "*" for any) -> kind; a
# package's "*" covers its submodules too (``importlib.util``)
LOOKUP_IMPORTS = {("importlib", "*"): "importlib", ("builtins", "*"): "builtins",
                  ("operator", "attrgetter"): "getattr", ("operator", "methodcaller"): "getattr",
                  ("inspect", "getattr_static"): "getattr", ("sys", "modules"): "sys.modules",
                  ("pkgutil", "*"): "a name resolver", ("pydoc", "*"): "a name resolver",
                  **{(module, "*"): "unpickling" for module in (
                      "pickle", "_pickle", "marshal", "copyreg", "shelve", "dill",
                      "cloudpickle", "joblib")}}


@dataclasses.dataclass(frozen=True)
class Finding:
    line: int
    what: str  # the construct, e.g. "getattr with a computed name"
    kind: str  # the construct's key; in HIDING when it can hide a name
    rebinds: frozenset = frozenset()  # answer names it can replace (ANY: every one)

    @property
    def hides(self):
        return self.kind in HIDING


def _name(node):
    return node.id if isinstance(node, ast.Name) else None


def _dotted(node):
    """``a.b.c`` for a chain of attributes on a name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    return None


def _constant_string(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _is_namespace(node):
    """Whether ``node`` evaluates to a module's namespace or a module: ``globals()``,
    ``vars(...)``, ``locals()``, ``x.__dict__``, ``f.__globals__``, ``sys.modules[...]``."""
    if isinstance(node, ast.Call) and _name(node.func) in NAMESPACES:
        return True
    if isinstance(node, ast.Attribute) and node.attr in ("__dict__", "__globals__"):
        return True
    if isinstance(node, ast.Subscript):  # a module: sys.modules[name]
        return _dotted(node.value) == "sys.modules"
    return _dotted(node) in ("sys.modules", "__builtins__", "builtins", "__main__")


def _key(node):
    """The names a write with key ``node`` can bind: the constant, or ANY."""
    text = _constant_string(node)
    return frozenset({text if text is not None else ANY})


def _call_findings(node):
    func = _name(node.func)
    if func in NAME_FUNCTIONS:
        if len(node.args) >= 2 and _constant_string(node.args[1]) is not None:
            if func == "setattr" and _is_namespace(node.args[0]):
                return [Finding(node.lineno, "setattr on a module namespace",
                                "setattr on a namespace", _key(node.args[1]))]
            return []  # a constant name: the static check reads it as an attribute
        if func in ("setattr", "delattr") and node.args and _is_namespace(node.args[0]):
            return [Finding(node.lineno, f"{func} on a module namespace with a computed name",
                            "setattr on a namespace", frozenset({ANY}))]
        if func in ("setattr", "delattr", "hasattr") and node.args and \
                _name(node.args[0]) == "self":
            return []  # the instance's own attributes: nothing hidden, nothing rebound
        return [Finding(node.lineno, f"{func} with a computed name", func)]
    if func in NAMESPACES:
        return [Finding(node.lineno, f"{func}()", f"{func}()" if func != "locals" else func)]
    if func in RUNNERS:
        return [Finding(node.lineno, f"{func}()", func)]
    if isinstance(node.func, ast.Attribute) and node.func.attr in WRITE_METHODS \
            and _is_namespace(node.func.value):
        return [Finding(node.lineno, f"a namespace changed with .{node.func.attr}()",
                        "globals()", frozenset({ANY}))]
    return []


# attributes that look a name up from a string, as getattr does (``builtins.getattr``,
# ``operator.attrgetter``, ``obj.__getattribute__``); ``.eval``/``.compile`` are torch's own
LOOKUP_ATTRIBUTES = {"getattr", "attrgetter", "methodcaller", "__getattribute__", "__getattr__",
                     "__import__", "exec", "globals", "vars", "getattr_static", "resolve_name",
                     "locate"}


def _attribute_findings(node):
    dotted = _dotted(node)
    if node.attr in LOOKUP_ATTRIBUTES:
        kind = node.attr if node.attr in HIDING else "getattr"
        return [Finding(node.lineno, f"{dotted or node.attr} (a name looked up from a string)",
                        kind)]
    if node.attr in ("__dict__", "__globals__"):
        return [Finding(node.lineno, node.attr, node.attr)]
    if dotted == "sys.modules":
        return [Finding(node.lineno, "sys.modules", "sys.modules")]
    if dotted and dotted.split(".")[0] == "importlib":
        return [Finding(node.lineno, dotted, "importlib")]
    if node.attr in MEMORY_ACCESS:
        return [Finding(node.lineno, dotted or node.attr, "memory access")]
    if dotted in ("sys._getframe", "inspect.currentframe", "inspect.stack",
                  "types.FunctionType", "types.CodeType") or node.attr in (
                      "__code__", "f_globals", "f_locals", "f_back", "__builtins__"):
        return [Finding(node.lineno, dotted or node.attr, node.attr)]
    return []


def _lookup_import(module, names):
    """The kind of a string-to-name lookup that importing ``names`` of ``module`` gives, or
    None (``names`` None: the module itself)."""
    top = module.split(".")[0]
    for name in names or ["*"]:
        kind = (LOOKUP_IMPORTS.get((module, name)) or LOOKUP_IMPORTS.get((module, "*"))
                or LOOKUP_IMPORTS.get((top, "*")))
        if kind:
            return kind
    return None


def _import_findings(node):
    modules = ([a.name for a in node.names] if isinstance(node, ast.Import)
               else [node.module or ""])
    out = []
    for module in modules:
        top = module.split(".")[0]
        names = None if isinstance(node, ast.Import) else [a.name for a in node.names]
        lookup = _lookup_import(module, names)
        if lookup:
            out.append(Finding(node.lineno, f"import {module}", lookup))
        elif top in ("ctypes", "gc") and isinstance(node, ast.ImportFrom):
            names = {a.name for a in node.names} & (MEMORY_ACCESS | {"*"})
            out += [Finding(node.lineno, f"{top}.{name}", top) for name in sorted(names)]
    return out


def _store_findings(node):
    """``globals()["f"] = ...`` and the like: writes into a namespace."""
    targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
    out = []
    for target in targets:
        for sub in ast.walk(target):
            if isinstance(sub, ast.Subscript) and _is_namespace(sub.value):
                out.append(Finding(node.lineno, "a write into a module namespace", "globals()",
                                   _key(sub.slice)))
    return out


def _passed_as_value(node, called):
    """``reduce(getattr, ...)``, ``f = eval``: a dynamic builtin used other than by a call."""
    if node.id in NAME_FUNCTIONS | NAMESPACES | RUNNERS and id(node) not in called:
        kind = node.id if node.id in HIDING else f"{node.id}()"
        return [Finding(node.lineno, f"{node.id} used as a value", kind)]
    return []


def constructs(node):
    """Every dynamic construct in the code of ``node`` (a statement or expression)."""
    out = []
    called = {id(sub.func) for sub in ast.walk(node) if isinstance(sub, ast.Call)}
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            out += _call_findings(sub)
        elif isinstance(sub, ast.Attribute):
            out += _attribute_findings(sub)
        elif isinstance(sub, (ast.Import, ast.ImportFrom)):
            out += _import_findings(sub)
        elif isinstance(sub, ast.Name) and sub.id == "__builtins__":
            out.append(Finding(sub.lineno, "__builtins__", "__builtins__"))
        elif isinstance(sub, ast.Name):
            out += _passed_as_value(sub, called)
        if isinstance(sub, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            out += _store_findings(sub)
    return out


# attributes whose assignment replaces what a function runs
CODE_ATTRIBUTES = {"__code__", "__defaults__", "__kwdefaults__", "__wrapped__", "__call__"}
# uses of a namespace that only read it
READ_METHODS = {"get", "keys", "items", "values", "__contains__", "copy"}


def _parents(node):
    return {id(child): parent for parent in ast.walk(node)
            for child in ast.iter_child_nodes(parent)}


def _namespace_use(expr, parents):
    """What a namespace expression ``expr`` can rebind, from how it is used: nothing when it is
    only read (``"x" in globals()``, ``vars(m)["x"]``, ``globals().get("x")``), the key of a
    write (``globals()["f"] = ...``, ``sys.modules[m].f = ...``), else (kept in a variable,
    passed on, changed with ``update``) every name."""
    parent = parents.get(id(expr))
    while isinstance(parent, ast.Subscript) and parent.value is expr and \
            _is_namespace(parent) and isinstance(parent.ctx, ast.Load):
        expr, parent = parent, parents.get(id(parent))  # sys.modules[name]
    if isinstance(parent, ast.Compare) and expr in parent.comparators:
        return frozenset()
    if isinstance(parent, ast.Call) and parent.args and parent.args[0] is expr and \
            _name(parent.func) in NAME_FUNCTIONS:  # getattr(sys.modules[m], ...) and the like
        if _name(parent.func) in ("getattr", "hasattr"):
            return frozenset()
        return _key(parent.args[1]) if len(parent.args) >= 2 else frozenset({ANY})
    if isinstance(parent, ast.Subscript) and parent.value is expr:
        return frozenset() if isinstance(parent.ctx, ast.Load) else _key(parent.slice)
    if isinstance(parent, ast.Attribute) and parent.value is expr:
        if not isinstance(parent.ctx, ast.Load):
            return frozenset({parent.attr})
        grand = parents.get(id(parent))
        if parent.attr in READ_METHODS and isinstance(grand, ast.Call) and grand.func is parent:
            return frozenset()
        if parent.attr in READ_METHODS | WRITE_METHODS:
            return frozenset({ANY})
        return frozenset()  # sys.modules[m].f: reading one member
    return frozenset({ANY})


def _rebinding(node):
    """Findings of ``node`` that can replace an answer after its cell ran: writes into a
    namespace, code replaced under a function (``f.__code__ = ...``) and, anywhere, code run
    from text or modules imported by name (``exec``, ``eval``, ``compile``, ``__import__``,
    ``importlib``, unpickling, which calls what the data names), which can define or replace
    anything."""
    parents, out = _parents(node), []
    for sub in ast.walk(node):
        line = getattr(sub, "lineno", 0)
        if _is_namespace(sub) and not _is_namespace(parents.get(id(sub), node)):
            rebinds = _namespace_use(sub, parents)
            if rebinds:
                what = ("a module namespace kept, passed on or changed" if ANY in rebinds
                        else "a write into a module namespace")
                out.append(Finding(line, what, "globals()", rebinds))
        elif isinstance(sub, ast.Attribute) and sub.attr in CODE_ATTRIBUTES and \
                not isinstance(sub.ctx, ast.Load):
            target = _dotted(sub.value)
            out.append(Finding(line, f"{target or 'a function'}.{sub.attr} replaced",
                               "__code__", frozenset({target.split(".")[0] if target else ANY})))
        elif isinstance(sub, ast.Call) and _name(sub.func) == "setattr" and len(sub.args) >= 2 \
                and _constant_string(sub.args[1]) in CODE_ATTRIBUTES:
            target = _dotted(sub.args[0])
            out.append(Finding(line, f"setattr of {_constant_string(sub.args[1])}",
                               "__code__", frozenset({target.split(".")[0] if target else ANY})))
        elif isinstance(sub, (ast.Call, ast.Attribute, ast.Name, ast.Import, ast.ImportFrom)):
            out += [dataclasses.replace(f, rebinds=frozenset({ANY}))
                    for f in constructs_of(sub, parents)
                    if f.kind in RUNNERS | {"importlib", "unpickling"}]
    return out


def constructs_of(sub, parents):
    """The findings of one node by itself (not its children)."""
    if isinstance(sub, ast.Call):
        return _call_findings(sub)
    if isinstance(sub, ast.Attribute):
        return _attribute_findings(sub)
    if isinstance(sub, (ast.Import, ast.ImportFrom)):
        return _import_findings(sub)
    if isinstance(sub, ast.Name):
        parent = parents.get(id(sub))
        called = {id(parent.func)} if isinstance(parent, ast.Call) else set()
        return _passed_as_value(sub, called)
    return []


def statement_findings(node):
    """Every finding of one top-level statement, with what it can rebind."""
    found = constructs(node)
    extra = _rebinding(node)
    replaced = {(f.line, f.kind) for f in extra}
    return [f for f in found if (f.line, f.kind) not in replaced] + extra


def _statements(source):
    lines = [line for line in source.split("\n") if not line.lstrip().startswith(("%", "!"))]
    try:
        with nbcode.AST_LOCK:
            return ast.parse("\n".join(lines)).body
    except SyntaxError:
        return []


def _dump(node):
    with nbcode.AST_LOCK:
        return ast.dump(node)


def handout_statements(release):
    """The top-level statements (as ``ast.dump`` texts) of the released notebook's code cells:
    the handout's own code, exempt from this module's findings (``Bundle.handout`` keeps them
    for a whole run)."""
    if not release:
        return frozenset()
    cells = nbcode.code_cells(json.dumps(release).encode())
    return frozenset(_dump(node) for source in cells for node in _statements(source))


def scan(cells, handout=frozenset()):
    """``[(code cell number, Finding)]`` for every statement of ``cells`` not in ``handout``."""
    return list(_scan(tuple(cells), frozenset(handout)))


@functools.lru_cache(maxsize=16)
def _scan(cells, handout):
    """``scan`` for hashable arguments, once per submission (judging asks once per test)."""
    out = []
    for number, source in enumerate(cells, 1):
        for node in _statements(source):
            if _dump(node) not in handout:
                out += [(number, f) for f in statement_findings(node)]
    return tuple(out)


def flags(cells, handout=frozenset()):
    """One row flag per line with dynamic constructs, in cell order."""
    seen, out = {}, []
    for number, finding in scan(cells, handout):
        key = (number, finding.line)
        if key not in seen:
            seen[key] = len(out)
            out.append([number, finding.line, [finding.what]])
        elif finding.what not in out[seen[key]][2]:
            out[seen[key]][2].append(finding.what)
    return [f"dynamic code in code cell {number}, line {line}: {', '.join(whats)}; "
            "check by hand" for number, line, whats in out]


def _other_answer(node, name, attribute, separate):
    """Whether ``node`` is a method of a reached class that is another question's answer
    (graded on its own: its dynamic code zeroes that question)."""
    return (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in separate
            and node.name not in (name, attribute))


def hiding_message(cells, question, name, attribute=None, separate=(), handout=frozenset()):
    """Why ``question`` (which has a forbidden list) scores 0 because of dynamic code, or None.

    The code the answer reaches (``nbcode.answer_statements``) holding a construct that can
    hide a name, or any statement of the notebook that can rebind the answer's name."""
    return _hiding_message(tuple(cells), question, name, attribute, frozenset(separate),
                           frozenset(handout))


@functools.lru_cache(maxsize=256)
def _hiding_message(cells, question, name, attribute, separate, handout):
    """``hiding_message`` for hashable arguments, once per submission and answer (judging asks
    once per hidden test, and every statement it reaches is dumped and walked)."""
    shown = f"{name}.{attribute}" if attribute else name
    for node in nbcode.answer_statements(cells, name, attribute, separate):
        if _dump(node) in handout or _other_answer(node, name, attribute, separate):
            continue
        hiding = [f for f in constructs(node) if f.hides]
        if hiding:
            return (f"{question}: the code of {shown} uses {hiding[0].what} (line "
                    f"{hiding[0].line} of its cell), which can hide a shortcut this question "
                    "does not allow; the question scores 0 until it is written without it")
    for number, finding in scan(cells, handout):
        if name in finding.rebinds or ANY in finding.rebinds:
            return (f"{question}: cell {number} can replace {name} at run time "
                    f"({finding.what}, line {finding.line}), so the code graded may not be "
                    "the code shown; the question scores 0 until it is written without it")
    return None
