"""The reference modules a hidden test builds, as the sandbox may have them: their state only.

A hidden test may build the current question's reference module, for example to copy its
weights into the student's module (``ref.AdditiveAttention(8, 0.0)``). The sandbox must never
hold that question's reference code (``bundle.Bundle.names_from``), so the batch grader builds
each such module here, in its own process, while it runs the hidden tests on the reference
(``record``), and hands the sandbox its parameters and buffers only: tensors, never code.
In the sandbox (``install``) the withheld class becomes a ``StateOnly`` stand-in whose call gives
a module holding that state under the same names (``state_dict``, ``load_state_dict``,
``named_parameters`` and attribute access work; ``forward`` and any other attribute give
``Withheld``, as every other withheld reference does) and leaves torch's random generator where
the reference's constructor left it, so that the inputs the test draws next are the grader's.

Trust boundary: ``record`` runs the bundle's own hidden tests on the reference in the grader's
process (as ``verdict.expected`` does); what crosses to the sandbox is a question's tensors,
pickled by the grader (the sandbox never sends any of it back as trusted). Only modules whose
construction runs given code (``given_constructor``: the ``__init__`` of the class and of its
notebook bases is the released notebook's own; and ``given_code``: every reference function
that ran while it was built, such as a method ``__init__`` calls or the ``__init__`` of a
notebook class built as a submodule, is the released notebook's own) are recorded: a module
built by an answer's own code may hold the answer (a computed buffer, an initialisation), and
stays ``Withheld``.
"""
import ast
import contextlib
import hashlib
import io
import sys
import types

import torch

from .. import hwkit

MAX_STATE_BYTES = 8 * 2 ** 20  # of one question's recorded modules together
REFERENCE_FILE = "<reference>"  # the file name the reference's code is compiled with here


def _rng_digest():
    return hashlib.sha256(torch.get_rng_state().numpy().tobytes()).hexdigest()[:16]


def _arg_key(value):
    """A call argument as a stable, comparable text (values of plain data, shapes of tensors)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return repr(value)
    if isinstance(value, (tuple, list)):
        return "(" + ",".join(_arg_key(v) for v in value) + ")"
    if isinstance(value, torch.Tensor):
        return f"tensor{tuple(value.shape)}{value.dtype}"
    return type(value).__name__


def call_key(name, args, kwargs):
    return (name, _arg_key(list(args)), _arg_key(sorted(kwargs.items())))


def _state_bytes(module):
    params = {k: v.detach().clone() for k, v in module.named_parameters()}
    buffers = {k: v.detach().clone() for k, v in module.named_buffers()}
    grads = {k: bool(v.requires_grad) for k, v in module.named_parameters()}
    out = io.BytesIO()
    torch.save({"params": params, "buffers": buffers, "grads": grads}, out)
    return out.getvalue()


class _Recording:
    """A reference class that records every module built from it (in the grader only)."""

    def __init__(self, name, cls, log):
        self._name, self._cls, self._log = name, cls, log

    def __getattr__(self, attribute):
        return getattr(self._cls, attribute)

    def __call__(self, *args, **kwargs):
        before = _rng_digest()
        ran = set()

        def profile(frame, event, _arg):
            if event == "call" and frame.f_code.co_filename == REFERENCE_FILE:
                ran.add(frame.f_code.co_qualname.split(".<locals>.")[0])

        previous = sys.getprofile()
        sys.setprofile(profile)
        try:
            module = self._cls(*args, **kwargs)
        finally:
            sys.setprofile(previous)
        self._log.append({"key": call_key(self._name, args, kwargs), "rng": before,
                          "state": _state_bytes(module), "ran": sorted(ran),
                          "rng_after": torch.get_rng_state().numpy().tobytes()})
        return module


def _withheld_classes(bundle, question):
    """The classes that the reference cells of ``question`` and of later ones define at top
    level (what a sandbox grading ``question`` withholds)."""
    order = [q["name"] for q in bundle.questions]
    names = set()
    for owner, code in bundle.reference_cells:
        if owner is not None and order.index(owner) >= order.index(question):
            names |= {node.name for node in ast.parse(code).body
                      if isinstance(node, ast.ClassDef)}
    return names


def candidates(bundle, question):
    """``{test function name: {class name}}``: the hidden tests of ``question`` that, as the
    sandbox runs them (``bundle.sandbox_tests``: cut down to what computes the checked values),
    reach a withheld class as an attribute (``ref.Name``, ``_hw_reference.Name``), the only way
    a test can build one. Read from the tests' text; nothing runs."""
    classes = _withheld_classes(bundle, question)
    if not classes:
        return {}
    found = {}
    for node in ast.parse(bundle.sandbox_tests.get(question, "")).body:
        if not isinstance(node, ast.FunctionDef):
            continue
        reached = {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)} & classes
        if reached:
            found[node.name] = reached
    return found


def given_constructor(bundle, cls):
    """Whether building ``cls`` runs only given code: the ``__init__`` of it and of each of its
    notebook base classes is the released notebook's own. A module built by an answer's code
    may hold the answer (a computed buffer, an initialisation), so it is never recorded."""
    return given_code(bundle, [f"{klass.__name__}.__init__" for klass in cls.__mro__
                               if klass.__module__ == hwkit.REFERENCE_MODULE], absent_ok=True)


def given_code(bundle, qualnames, absent_ok=False):
    """Whether each function ``qualnames`` names (``f``, ``Class.method``) is the released
    notebook's own, as the reference has it (``absent_ok``: or absent from both)."""
    from .. import nbcode

    if not bundle.release:
        return False
    released = [cell.get("source", "") for cell in bundle.release.get("cells", [])
                if cell.get("cell_type") == "code"]
    released = ["".join(s) if isinstance(s, list) else s for s in released]
    reference = [code for _, code in bundle.reference_cells]
    for qualname in qualnames:
        ours, theirs = (nbcode.function_source(cells, qualname) for cells in (reference, released))
        if ours is None and theirs is None and absent_ok:
            continue
        if ours is None or theirs is None or \
                ast.dump(ast.parse(ours)) != ast.dump(ast.parse(theirs)):
            return False
    return True


def record(bundle, question):
    """``{test name: [recorded module, ...]}``: the torch modules of withheld reference classes
    that each hidden test of ``question`` builds, run on the reference here (only the tests that
    reach such a class: ``candidates``)."""
    from . import sandbox

    wanted = candidates(bundle, question)
    if not wanted:
        return {}
    reference = types.ModuleType(hwkit.REFERENCE_MODULE)
    exec(compile(bundle.reference_text, REFERENCE_FILE, "exec"), reference.__dict__)
    recorded, total = {}, 0
    restore = hwkit.install_reference(reference)
    state = torch.get_rng_state()
    try:
        for case in sandbox.test_cases(bundle.tests.get(question, "")):
            classes = {name: getattr(reference, name) for name in wanted.get(test_name(case), ())
                       if isinstance(getattr(reference, name, None), type)
                       and issubclass(getattr(reference, name), torch.nn.Module)
                       and given_constructor(bundle, getattr(reference, name))}
            if not case.hidden or not classes:
                continue
            log = []
            env = dict(vars(reference))  # the notebook's names stay the reference's own
            for name, cls in classes.items():
                setattr(reference, name, _Recording(name, cls, log))
            try:
                with hwkit.recording(), contextlib.suppress(Exception):
                    case.call_func(env)
            finally:
                for name, cls in classes.items():
                    setattr(reference, name, cls)
            if not given_code(bundle, {name for entry in log for name in entry["ran"]}):
                continue  # construction ran answer code (a method, a submodule's class)
            total += sum(len(entry["state"]) for entry in log)
            if log and total <= MAX_STATE_BYTES:
                recorded[test_name(case)] = log
    finally:
        torch.set_rng_state(state)
        restore()
    return recorded


def test_name(case):
    """An otter test case's name: its own, else its function's (the key of ``record``)."""
    return case.name or getattr(case.test_func, "__name__", "?")


# ---------------------------------------------------------------------------------------------
# sandbox side

class _StateModule(torch.nn.Module):
    """A module with a reference module's parameters and buffers, and no code of its own."""

    def forward(self, *args, **kwargs):
        from .sandbox import Withheld

        return Withheld()

    def __getattr__(self, name):
        try:
            return super().__getattr__(name)
        except AttributeError:
            from .sandbox import Withheld

            return Withheld()


def _module_from(data):
    state = torch.load(io.BytesIO(data), weights_only=True)
    root = torch.nn.Module()  # plain modules while filled in: _StateModule answers every name

    def owner_of(dotted):
        node = root
        *path, leaf = dotted.split(".")
        for part in path:
            if part not in node._modules:
                node.add_module(part, torch.nn.Module())
            node = node._modules[part]
        return node, leaf

    for name, tensor in state["params"].items():
        node, leaf = owner_of(name)
        node.register_parameter(leaf, torch.nn.Parameter(
            tensor, requires_grad=state["grads"].get(name, True)))
    for name, tensor in state["buffers"].items():
        node, leaf = owner_of(name)
        node.register_buffer(leaf, tensor)
    for module in root.modules():
        module.__class__ = _StateModule
    return root


class StateOnly:
    """Stands for a withheld reference module class whose built modules the grader recorded:
    calling it gives the recorded module's state (``_module_from``), else ``Withheld``."""

    def __init__(self, name, current):
        self._name, self._current = name, current

    def __getattr__(self, attribute):
        from .sandbox import Withheld

        return Withheld()

    def __call__(self, *args, **kwargs):
        from .sandbox import Withheld

        key, rng = call_key(self._name, args, kwargs), _rng_digest()
        pending = self._current["pending"]
        same = [e for e in pending if e["key"] == key]
        entry = next((e for e in same if e["rng"] == rng), same[0] if same else None)
        if entry is None:
            return Withheld()
        pending.remove(entry)
        torch.set_rng_state(torch.frombuffer(bytearray(entry["rng_after"]), dtype=torch.uint8))
        return _module_from(entry["state"])


def install(namespace, states):
    """Put a ``StateOnly`` stand-in in the sandbox's reference ``namespace`` for each class that
    ``states`` (``record``'s result) has modules of; returns ``start(test name)``, to call before
    each test."""
    current = {"pending": []}
    names = {entry["key"][0] for log in states.values() for entry in log}
    for name in names:
        namespace[name] = StateOnly(name, current)

    def start(name):
        current["pending"] = list(states.get(name, []))

    return start
