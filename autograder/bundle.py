"""A homework's autograder bundle (the otter zip), as the batch grader reads it.

Trust boundary: the bundle is the grader's own (built from the source notebook); the hidden tests
it holds go to sandboxes only as ``sandbox_tests``, which compute no expected value.
"""
import ast
import dataclasses
import functools
import hashlib
import json
import re
import zipfile
from pathlib import Path

from . import nbcode
from .authoring import source as source_mod
from .grading import dynamic_code

RELEASE_ENTRY = "release-notebook.json"
TEST_PATH_RE = re.compile(r"^tests/(?P<question>[^/]+)\.py$")


@dataclasses.dataclass
class Bundle:
    hw: str
    path: Path
    digest: str
    questions: list  # [{"name", "points", "manual"}] in notebook order
    tests: dict  # question -> test file source
    reference_text: str
    release: dict = None  # the released student notebook (JSON), for tamper detection
    late_config: dict = None  # the source notebook's late policy settings (source.LATE_KEYS)

    @property
    def reference_cells(self):
        return source_mod.split_reference(self.reference_text)

    @property
    def autograded(self):
        return [q for q in self.questions if not q["manual"]]

    @property
    def max_points(self):
        return sum(q["points"] for q in self.questions)

    @functools.cached_property
    def handout(self):
        """The released notebook's own statements (``dynamic_code.handout_statements``), once
        per run rather than once per submission."""
        return dynamic_code.handout_statements(self.release)

    @functools.cached_property
    def secret_text(self):
        """The text no output may quote: the hidden tests and the reference module."""
        return "\n".join([self.reference_text, *self.tests.values()])

    @functools.cached_property
    def notebook_names(self):
        """The names the homework's reference cells (given and answers) assign at top level."""
        names = set().union(*(nbcode.top_level_assigned_names(code)
                              for _, code in self.reference_cells))
        return frozenset(names - {source_mod.FORBIDDEN_NAME, source_mod.QUESTIONS_NAME,
                                  source_mod.LATE_NAME})

    def reference_before(self, question):
        """Reference code of the given cells and of the questions before ``question`` only."""
        order = [q["name"] for q in self.questions]
        limit = order.index(question)
        return [(owner, code) for owner, code in self.reference_cells
                if owner is None or order.index(owner) < limit]

    def names_from(self, question):
        """What a sandbox must withhold: the definitions of ``question`` and of the questions
        after it (answers still to grade), as code that only names them (``def name(): pass``,
        the class of a method added with ``add_to_class``), never the reference's own code."""
        order = [q["name"] for q in self.questions]
        limit = order.index(question)
        return [_skeleton(code) for owner, code in self.reference_cells
                if owner is not None and order.index(owner) >= limit]

    @functools.cached_property
    def sandbox_payloads(self):
        """question -> what a sandbox receives to grade it (``sandbox.question_payload``)."""
        from .grading import sandbox

        return {q["name"]: sandbox.question_payload(self, q["name"]) for q in self.autograded}

    @functools.cached_property
    def test_counts(self):
        """question -> how many test cases (public and hidden) its test file defines: the
        results a sandbox may send for it."""
        from .grading import sandbox

        return {name: len(sandbox.test_cases(source)) for name, source in self.tests.items()}

    @functools.cached_property
    def sandbox_tests(self):
        """question -> the hidden tests as a sandbox runs them (``sandbox_source``): no
        expected value is computed there."""
        return {name: sandbox_source(text) for name, text in self.tests.items()}


def _skeleton(code):
    """Code defining, with empty bodies, the names that ``code`` defines (``nbcode.defined_names``
    reads the same names from either)."""
    parts = []
    for owner, name in nbcode.defined_names(code):
        decorator = f"@d2l.add_to_class({owner})\n" if owner else ""
        parts.append(f"{decorator}def {name}():\n    pass\n")
    return "\n".join(parts)


def load(path, hw=None):
    path = Path(path)
    data = path.read_bytes()
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        tests = {m.group("question"): zf.read(name).decode("utf-8")
                 for name in names if (m := TEST_PATH_RE.match(name))}
        reference_text = zf.read("files/_hw_reference.py").decode("utf-8")
        release = (json.loads(zf.read(RELEASE_ENTRY).decode("utf-8"))
                   if RELEASE_ENTRY in names else None)
    questions_line = re.search(rf"^{source_mod.QUESTIONS_NAME} = (.*)$", reference_text, re.M)
    if not questions_line:
        raise ValueError(f"{path}: the bundle's reference module lists no "
                         f"{source_mod.QUESTIONS_NAME}; rebuild it")
    questions = ast.literal_eval(questions_line.group(1))
    late_line = re.search(rf"^{source_mod.LATE_NAME} = (.*)$", reference_text, re.M)
    return Bundle(hw or path.name.split("-autograder")[0], path,
                  hashlib.sha256(data).hexdigest(), questions, tests, reference_text, release,
                  ast.literal_eval(late_line.group(1)) if late_line else None)


# ---------------------------------------------------------------------------------------------
# What a sandbox gets of the hidden tests: the computation of the *actual* values only.
#
# Trust boundary: the sandboxed child runs the student's code in the middle of each test, so
# anything it holds can be read or replaced (the recorder, the test frame's locals). It must
# therefore never compute or hold an expected value: every hidden test reaches it as a backward
# slice that keeps what computes the first argument of each check and replaces the expected
# argument by None. A forged record is then worth no more than an answer returning that value.

CHECKS = ("assert_close", "assert_shape", "assert_dtype")


def _check_call(node):
    """Whether ``node`` calls one of the recording checks (``assert_close(...)``, ``kit.assert_close(...)``)."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return name in CHECKS


class _WithoutExpected(ast.NodeTransformer):
    """Replace the second argument (expected value, shape or dtype) of every check by None."""

    def visit_Call(self, node):
        self.generic_visit(node)
        if _check_call(node):
            if len(node.args) >= 2:
                node.args[1] = ast.Constant(None)
            node.keywords = [k for k in node.keywords if k.arg not in ("expected", "shape", "dtype")]
        return node


def _names(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _bound(node):
    """The plain names an assignment binds, or None when it writes into an object."""
    targets = (node.targets if isinstance(node, ast.Assign) else [node.target])
    names = set()
    for target in targets:
        for part in ast.walk(target):
            if isinstance(part, (ast.Attribute, ast.Subscript)):
                return None
        names |= _names(target)
    return names


def _slice_block(body, needed):
    """The statements of ``body`` that the kept checks need (``needed`` grows as they are found).

    Flow-insensitive and conservative: a name once needed stays needed, expression statements,
    imports and writes into objects are always kept, loops are sliced to a fixed point."""
    kept = []
    for stmt in reversed(body):
        new = _slice_statement(stmt, needed)
        if new is not None:
            kept.append(new)
    return kept[::-1]


def _slice_statement(stmt, needed):
    if isinstance(stmt, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
        bound = _bound(stmt)
        if bound is not None and not (bound & needed):
            return None
        needed |= _names(stmt)
        return stmt
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        if stmt.name not in needed:
            return None
        needed |= _names(stmt)
        return stmt
    if isinstance(stmt, (ast.With, ast.For, ast.If)):
        return _slice_compound(stmt, needed)
    needed |= _names(stmt)  # checks, other expression statements, imports, asserts, raise...
    return stmt


def _slice_compound(stmt, needed):
    fields = ["body", "orelse"] if not isinstance(stmt, ast.With) else ["body"]
    while True:  # to a fixed point: a loop's later statements may need its earlier ones
        before = set(needed)
        bodies = {field: _slice_block(getattr(stmt, field), needed) for field in fields}
        if not isinstance(stmt, ast.For) or needed == before:
            break
    if not any(bodies.values()):
        return None
    for field, body in bodies.items():
        setattr(stmt, field, body or ([ast.Pass()] if field == "body" else []))
    header = ([item for item in stmt.items] if isinstance(stmt, ast.With)
              else [stmt.target, stmt.iter] if isinstance(stmt, ast.For) else [stmt.test])
    for part in header:
        needed |= _names(part)
    return stmt


def sandbox_source(source):
    """The hidden-test file ``source`` as a sandbox may run it: every check keeps its actual
    value, loses its expected one, and statements that serve only expected values are dropped."""
    with nbcode.AST_LOCK:
        tree = _WithoutExpected().visit(ast.parse(source))
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                node.body = _slice_block(node.body, set()) or [ast.Pass()]
        return ast.unparse(ast.fix_missing_locations(tree)) + "\n"
