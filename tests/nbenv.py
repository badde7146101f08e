"""Run a notebook's code in this process and grade it with otter test files, in milliseconds.

For tests that need many gradings of small variations of a notebook; the real grading paths
(``otter run``, a fresh kernel) are tested separately.
"""
import contextlib
import hashlib
import io
import linecache
import re
import sys
from pathlib import Path

import matplotlib
import nbformat

matplotlib.use("Agg")

SKIPPED_PREFIXES = ("# Initialize Otter", "grader.check", "import otter")
STUDENT_PACKAGE = "hwtools"  # release/<hw>/hwtools: the public checks import hwtools.reach


def code_cells(notebook):
    nb = nbformat.read(notebook, as_version=4)
    return [c.source for c in nb.cells
            if c.cell_type == "code" and "export" not in c.metadata.get("tags", [])
            and not c.source.lstrip().startswith(SKIPPED_PREFIXES)]


def execute(cells, replacements=None):
    """Execute ``cells`` in a fresh namespace, continuing past errors; return the namespace.

    ``replacements`` maps a function or class name to source code that is run right after the
    cell defining that name, to stand in for the student's answer.
    """
    env = {"__name__": "__main__"}
    replacements = dict(replacements or {})
    with contextlib.redirect_stdout(io.StringIO()):
        for source in cells:
            for chunk in [source] + [code for name, code in replacements.items()
                                     if f"def {name}(" in source or f"class {name}(" in source]:
                try:
                    exec(compile(chunk, _register(chunk), "exec"), env)
                except Exception:  # a stub's NotImplementedError, a failing sanity check
                    pass
    return env


def _register(source):
    """A file name for ``source`` under which ``inspect.getsource`` finds it (as in a kernel)."""
    name = f"<nbenv-cell-{hashlib.sha256(source.encode()).hexdigest()[:16]}>"
    linecache.cache[name] = (len(source), None, source.splitlines(True), name)
    return name


def grade(env, tests_dir, questions=None):
    """``{question: (score, possible, messages)}`` for the otter test files in ``tests_dir``."""
    from otter.nbmeta_config import NBMetadataConfig
    from otter.test_files import create_test_file

    tests_dir = Path(tests_dir)
    # as in the student's kernel, the public checks import the student tools (hwtools.reach)
    # from the notebook's folder: this folder's own, never one imported earlier from elsewhere
    saved = {name: sys.modules.pop(name) for name in list(sys.modules)
             if name.split(".")[0] == STUDENT_PACKAGE}
    sys.path.insert(0, str(tests_dir.parent))
    try:
        results = {}
        for path in sorted(tests_dir.glob("*.py")):
            if questions and path.stem not in questions:
                continue
            test_file = create_test_file(str(path), NBMetadataConfig())
            test_file.run(env)
            messages = [r.message for r in test_file.test_case_results if not r.passed]
            results[path.stem] = (test_file.score, test_file.possible, messages)
        return results
    finally:
        sys.path.remove(str(tests_dir.parent))
        for name in [name for name in sys.modules if name.split(".")[0] == STUDENT_PACKAGE]:
            del sys.modules[name]
        sys.modules.update(saved)


def solution_lines(source_path):
    """Answer code (inside in-cell solution markers) and written answers, one stripped line each."""
    nb = nbformat.read(source_path, as_version=4)
    lines, in_block, solution_cell = [], False, False
    for cell in nb.cells:
        if cell.cell_type == "raw":
            solution_cell = bool(re.match(r"#\s*BEGIN SOLUTION", cell.source)) or (
                solution_cell and not re.match(r"#\s*END SOLUTION", cell.source))
            continue
        if cell.cell_type == "markdown" and solution_cell:
            lines += [l.strip() for l in cell.source.splitlines() if len(l.strip()) > 3]
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            if re.match(r"\s*# BEGIN SOLUTION", line):
                in_block = True
            elif re.match(r"\s*# END SOLUTION", line):
                in_block = False
            elif in_block and line.strip() and not line.strip().startswith("#"):
                lines.append(line.strip())
    return lines


def answered(release_nb, key_nb, student_id="1000042", name="Test Student"):
    """The student notebook with the key's answers typed into its answer cells, and the ID and
    name filled in: what a finished student notebook looks like. Answer cells and the key's
    solution cells come from the same source cells, in the same order."""
    answers = [c for c in release_nb.cells if "otter_answer_cell" in c.metadata.get("tags", [])]
    solutions = [c for c in key_nb.cells
                 if "otter_assign_solution_cell" in c.metadata.get("tags", [])]
    assert len(answers) == len(solutions), (len(answers), len(solutions))
    for answer, solution in zip(answers, solutions):
        assert answer.cell_type == solution.cell_type
        answer.source = solution.source
    for cell in release_nb.cells:
        if cell.cell_type == "markdown" and "**STUDENT ID:**" in cell.source:
            cell.source = cell.source.replace("**STUDENT ID:**", f"**STUDENT ID:** {student_id}")
            cell.source = cell.source.replace("**Name:**", f"**Name:** {name}")
    return release_nb
