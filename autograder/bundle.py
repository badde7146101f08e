"""A homework's autograder bundle (the otter zip), as the batch grader reads it."""
import ast
import dataclasses
import functools
import hashlib
import json
import re
import zipfile
from pathlib import Path

from . import nbcode, source as source_mod

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
    def notebook_names(self):
        """The names the homework's reference cells (given and answers) assign at top level."""
        names = set().union(*(nbcode.top_level_assigned_names(code)
                              for _, code in self.reference_cells))
        return frozenset(names - {source_mod.FORBIDDEN_NAME, source_mod.QUESTIONS_NAME})

    def reference_before(self, question):
        """Reference code of the given cells and of the questions before ``question`` only."""
        order = [q["name"] for q in self.questions]
        limit = order.index(question)
        return [(owner, code) for owner, code in self.reference_cells
                if owner is None or order.index(owner) < limit]

    def names_from(self, question):
        """Reference cells of ``question`` and of the questions after it (answers still to grade)."""
        order = [q["name"] for q in self.questions]
        limit = order.index(question)
        return [code for owner, code in self.reference_cells
                if owner is not None and order.index(owner) >= limit]


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
    return Bundle(hw or path.name.split("-autograder")[0], path,
                  hashlib.sha256(data).hexdigest(), questions, tests, reference_text, release)
