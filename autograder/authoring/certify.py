"""What the build certifies: the graders TAs and Gradescope use agree on the answer key.

After the answer key is executed, the build (``build.main``) checks, in this order, and fails
with one line per problem, naming the question and the hidden test:

1. ``points_problems``: each autograded question's hidden tests carry exactly its ``points:``;
2. ``reference_problems``: every hidden test passes on the reference answers, as otter runs it
   and as the batch grader runs it (recording); a failure is the test's author's, reported with
   the test's file and line;
3. ``graders_problems``: the answer key gets every autograded point and the blank release 0,
   from the batch grader (``grading.grade``, isolated as a TA's run, else unisolated and said so)
   and from the otter bundle run as Gradescope runs it (``otter_run.run_gradescope``), question
   by question.

Trust boundary: none; everything here is the instructor's own notebook, tests and bundle.
"""
import contextlib
import io
import linecache
import re
import shutil
import tempfile
import traceback
import types
from pathlib import Path

from .. import hwkit
from ..grading import otter_run
from ..grading.standins import test_name

KEY_LABEL, BLANK_LABEL = "answer-key", "blank-release"
BATCH, OTTER = "the batch grader (grade)", "the otter bundle (run_autograder)"
SANDBOX_HINT = ("in the sandbox a hidden test sees only the notebook's definitions (imports, "
                "functions, classes, call-free assignments) and, of this question's reference, "
                "only the modules it builds, as their parameters and buffers: compute anything "
                "else the answer needs in the test itself")
SLICE_HINT = ("the sandbox runs each hidden test cut down to what computes its checked values "
              "(bundle.sandbox_source): a statement that serves only expected values, a random "
              "draw included, is not run there, so draw the inputs first and build reference "
              "modules inside seeded(...)")
OTTER_HINT = ("otter runs each hidden test on the executed notebook's globals: the test must "
              "pass on the answer key as it runs there")
ANSWER_RAISED = "raised by the answer (the message is not shown)"  # sandbox.error_kind's words
MAX_WHY = 200


def _cases(text, filename):
    from otter.test_files.exception_test import test_case

    namespace = {}
    exec(compile(text, filename, "exec"), namespace)
    return [v for v in namespace.values() if isinstance(v, test_case)], namespace.get("points")


def _one_line(text, limit=MAX_WHY):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def points_problems(source, tests):
    """One line per autograded question whose hidden tests' points (as otter resolves them:
    explicit values, the rest shared equally) do not add up to its ``points:``."""
    from ..grading import verdict

    problems = []
    for question in source.questions:
        if question.manual:
            continue
        cases, _ = _cases(tests.get(question.name, ""), f"tests/{question.name}.py")
        explicit = sum(c.points for c in cases if c.hidden and c.points is not None)
        if explicit > question.points:
            carried = explicit
        else:
            resolved = verdict._points(question.name, cases, question.points)
            carried = sum(p for c, p in zip(cases, resolved) if c.hidden)
        if abs(carried - question.points) > 1e-9:
            problems.append(
                f"{question.name}: its hidden tests carry {carried:g} points but the question "
                f"has points: {question.points:g}; make the hidden tests' points add up to "
                f"{question.points:g}")
    return problems


def _test_line(exc, filename):
    """The line of ``filename`` (a test file) where ``exc`` was raised, or None."""
    lines = [frame.lineno for frame in traceback.extract_tb(exc.__traceback__)
             if frame.filename == filename]
    return lines[-1] if lines else None


def reference_problems(source, reference_text, test_files, shown=None):
    """One line per hidden test that fails on the reference answers, run in this process as
    otter runs it and as the batch grader records it. ``test_files``: question -> path;
    ``shown``: question -> the file's name in the messages (default: its path)."""
    reference = types.ModuleType(hwkit.REFERENCE_MODULE)
    linecache.cache["<reference>"] = (len(reference_text), None,
                                      reference_text.splitlines(True), "<reference>")
    exec(compile(reference_text, "<reference>", "exec"), reference.__dict__)
    restore = hwkit.install_reference(reference)
    problems = []
    try:
        for question in source.questions:
            path = test_files.get(question.name)
            if question.manual or path is None:
                continue
            filename = str(path)
            text = Path(path).read_text("utf-8")
            linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
            cases, _ = _cases(text, filename)
            for case in cases:
                if not case.hidden:
                    continue
                problem = _fails_on_reference(case, reference, filename,
                                              (shown or {}).get(question.name, filename))
                if problem:
                    problems.append(f"{question.name}: hidden test {test_name(case)} fails on the "
                                    f"reference answers {problem}: a test-authoring error, "
                                    "not the answer's; fix the test")
    finally:
        restore()
    return problems


def _fails_on_reference(case, reference, filename, shown):
    import torch

    from ..grading import sandbox

    for mode in ("otter", "recording"):
        state = torch.get_rng_state()
        try:
            if mode == "recording":
                with hwkit.recording():
                    case.call_func(dict(vars(reference)))
            else:
                case.call_func(dict(vars(reference)))
        except Exception as exc:  # noqa: BLE001 - any failure is the test's, reported
            line = _test_line(exc, filename)
            where = f"{shown} line {line}" if line else shown
            return (f"(as {'otter' if mode == 'otter' else 'the batch grader'} runs it; "
                    f"{where}: {_one_line(sandbox.one_line(exc), 120)})")
        finally:
            torch.set_rng_state(state)
    return None


# ---------------------------------------------------------------------------------------------
# the two graders on the answer key and the blank release

def batch_grade(hw, notebooks, bundle, log=print):
    """``{label: grade.Row}`` of the batch grader on ``notebooks`` (label -> path), isolated as
    a TA's run, or, where isolation is unavailable, unisolated (and said so in the log)."""
    from ..grading import grade, sandbox

    problem = sandbox.isolation_problem()
    if problem:
        log(f"{hw}: the batch grader cannot isolate submissions here ({_one_line(problem, 120)}); "
            "the build grades the answer key and the blank release without isolation")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for label, path in notebooks.items():
            shutil.copy(path, folder / f"{label}.ipynb")
        quiet = io.StringIO()  # the grader's warnings for a class (Blackboard columns...)
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            rows = grade.main(hw, [folder], Path(tmp) / "out", bundle_path=bundle,
                              progress=False, log=lambda *_: None, isolate=not problem,
                              workers=1)
    return {Path(row.submission).stem: row for row in rows}


def _hidden_names(tests, question):
    """The names of ``question``'s hidden tests, in the order the batch grader numbers them."""
    cases, _ = _cases(tests.get(question, ""), f"tests/{question}.py")
    return [test_name(case) for case in cases if case.hidden]


def _batch_tests(row, tests, question, passed):
    """``[(test name, message)]`` of the hidden tests of ``question`` that ``row`` passed (or
    failed, ``passed=False``)."""
    names = _hidden_names(tests, question)
    return [(names[t["index"]] if t["index"] < len(names) else f"check {t['index'] + 1}",
             t["message"]) for t in row.tests
            if t["question"] == question and t["hidden"] and t["passed"] == passed]


OTTER_CASE_RE = re.compile(r"^\s*(\w+) result:\n\s*❌ Test case failed\n\s*(Error at line (\d+)"
                           r"[^\n]*)\n(?:[^\n]*\n)*?\s*(\w+(?:Error|Exception|Shortcut)[^\n]*)",
                           re.M)


def _otter_failures(results, question):
    """``[(test name, why)]`` from otter's output for ``question``."""
    for test in results.get("tests", []):
        if test.get("name", "").split(" - ")[0].strip() == question:
            return [(m.group(1), f"line {m.group(3)}: {m.group(4)}")
                    for m in OTTER_CASE_RE.finditer(test.get("output") or "")]
    return []


def _otter_passes(results, question):
    """``[(test name, "")]`` of the tests of ``question`` that otter's output says passed."""
    for test in results.get("tests", []):
        if test.get("name", "").split(" - ")[0].strip() == question:
            return [(m.group(1), "") for m in re.finditer(r"^\s*(\w+) result:\n\s*✅",
                                                          test.get("output") or "", re.M)]
    return []


def graders_problems(source, tests, key, blank, bundle, hw, log=print):
    """One line per disagreement of the two graders with what the answer key and the blank
    release must get; also returns the scores: (problems, {grader: {label: {q: points}}})."""
    rows = batch_grade(hw, {KEY_LABEL: key, BLANK_LABEL: blank}, bundle, log)
    results = {KEY_LABEL: otter_run.run_gradescope(key, bundle),
               BLANK_LABEL: otter_run.run_gradescope(blank, bundle)}
    scores = {BATCH: {label: dict(row.scores) for label, row in rows.items()},
              OTTER: {label: {q: s for q, (s, _) in otter_run.scores(r).items()}
                      for label, r in results.items()}}
    problems = []
    for label, row in rows.items():
        if row.status not in ("ok", "partial"):
            problems.append(f"{BATCH} could not grade the {label.replace('-', ' ')}: "
                            f"{row.status}: {_one_line(row.reason)}")
    for question in source.questions:
        if question.manual:
            continue
        name, points = question.name, question.points
        batch_key = scores[BATCH][KEY_LABEL].get(name, 0.0)
        otter_key = scores[OTTER][KEY_LABEL].get(name, 0.0)
        for grader, got in ((BATCH, batch_key), (OTTER, otter_key)):
            if got >= points:
                continue
            failures = (_batch_tests(rows[KEY_LABEL], tests, name, False) if grader == BATCH
                        else _otter_failures(results[KEY_LABEL], name)) or [("?", "no test ran")]
            test, why = failures[0]
            raised = ANSWER_RAISED in why  # the answer is the reference: the test's own error
            hint = (OTTER_HINT if grader == OTTER else SANDBOX_HINT if raised else SLICE_HINT)
            why = why.replace(ANSWER_RAISED, "raised in the sandbox")
            problems.append(f"{name}: {grader} gives the answer key {got:g}/{points:g} "
                            f"({'otter' if grader == BATCH else 'the batch grader'} gives "
                            f"{otter_key if grader == BATCH else batch_key:g}): hidden test "
                            f"{test} fails there: {_one_line(why)} (a test-authoring error: "
                            f"{hint})")
        for grader in (BATCH, OTTER):
            got = scores[grader][BLANK_LABEL].get(name, 0.0)
            if got:
                passing = (_batch_tests(rows[BLANK_LABEL], tests, name, True) if grader == BATCH
                           else _otter_passes(results[BLANK_LABEL], name))
                problems.append(f"{name}: {grader} gives the blank release {got:g}/{points:g}: "
                                f"hidden test {passing[0][0] if passing else '?'} passes "
                                "without an answer")
    return problems, scores
