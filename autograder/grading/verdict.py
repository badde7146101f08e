"""Judge what a sandbox recorded against the reference, in the grader's own process.

The expected values come from running the same hidden tests on the reference answers here
(``expected``); each recorded value is judged with the same ``hwkit.check_*`` function that
raises inside the otter bundle, so both paths give the same verdicts on honest submissions.

Trust boundary: the sandbox's records are data from the student's process. Their kinds, labels
and count are checked against the expected records; their values are judged here; and any text
from the child (exception messages, the reason of an out-of-memory end, the notebook's cell
errors) is cut to ``MAX_MESSAGE`` characters and scrubbed of every fragment of the hidden tests
and the reference code (``clean``) before it goes into a result.
"""
import dataclasses
import functools
import linecache
import sys
import types

import torch

from .. import hwkit, nbcode
from . import dynamic_code, sandbox


MAX_MESSAGE = 200
SECRET_GRAM = 16  # a run of this many characters shared with a hidden test or the reference
REMOVED = "[…]"


@dataclasses.dataclass
class TestResult:
    question: str
    index: int
    points: float
    hidden: bool
    passed: bool
    message: str

    @property
    def score(self):
        return self.points if self.passed else 0.0


def _points(question, cases, total):
    """Otter's points per test case: explicit values, the rest shared equally."""
    explicit = [c.points for c in cases if c.points is not None]
    shared = [c for c in cases if c.points is None]
    rest = (total - sum(explicit)) / len(shared) if shared else 0.0
    return [float(c.points) if c.points is not None else max(rest, 0.0) for c in cases]


def expected(bundle):
    """Run every hidden test on the reference answers here; the trusted records per question."""
    reference = types.ModuleType(hwkit.REFERENCE_MODULE)
    filename = "<reference>"  # in linecache, so that tests can read the reference's source
    linecache.cache[filename] = (len(bundle.reference_text), None,
                                 bundle.reference_text.splitlines(True), filename)
    exec(compile(bundle.reference_text, filename, "exec"), reference.__dict__)
    saved = {name: sys.modules.get(name) for name in ("_hwkit", hwkit.REFERENCE_MODULE)}
    sys.modules["_hwkit"], sys.modules[hwkit.REFERENCE_MODULE] = hwkit, reference
    env = dict(reference.__dict__)
    out = {}
    try:
        for question in bundle.autograded:
            name = question["name"]
            source = bundle.tests.get(name, "")
            cases = sandbox.test_cases(source)
            # only tests that look for an inner helper can take another branch without it
            branches = hwkit.inner_function.__name__ in source
            points = _points(name, cases, question["points"])
            out[name] = []
            for index, (case, pts) in enumerate(zip(cases, points)):
                records = _reference_records(case, env, f"check {index + 1} of {name}")
                entry = {"index": index, "points": pts, "hidden": case.hidden,
                         "records": records}
                if case.hidden and branches:
                    state = torch.get_rng_state()
                    with hwkit.without_structure():
                        other = _reference_records(case, env, f"check {index + 1} of {name}")
                    torch.set_rng_state(state)
                    if _labels(other) != _labels(records):
                        entry["alternatives"] = [other]
                out[name].append(entry)
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
    return out, reference.FORBIDDEN


def _reference_records(case, env, where):
    """What one test records on the reference answers (which must pass it)."""
    with hwkit.recording() as records:
        try:
            case.call_func(env)
        except Exception as exc:  # the bundle does not fit this grader
            raise RuntimeError(f"the reference answers fail {where} ({type(exc).__name__}: "
                               f"{exc}); rebuild the homework") from exc
    return list(records)


def _labels(records):
    return [(r.get("kind"), r.get("what")) for r in records if r.get("kind") != "forbid"]


def _matching(expected_case, records):
    """The expected records of the branch the sandbox took: a test may check an answer's inner
    helper where it has one and its behaviour otherwise (``hwkit.inner_function``); the
    alternative whose checks' labels the sandbox's records follow longest, the first on ties."""
    got = _labels(records)

    def shared(candidate):
        labels = _labels(candidate)
        return next((k for k, (a, b) in enumerate(zip(labels, got)) if a != b),
                    min(len(labels), len(got)))

    return max([expected_case["records"], *expected_case.get("alternatives", [])], key=shared)


def _dtype(text):
    return getattr(torch, text.split(".")[-1])


def _check(record, expected_record):
    options = expected_record["options"]
    kind, what = expected_record["kind"], expected_record["what"]
    if kind == "close":
        return hwkit.check_close(record["actual"], expected_record["actual"], what,
                                 atol=options["atol"], rtol=options["rtol"])
    if kind == "shape":
        return hwkit.check_shape(record["actual"], options["shape"], what)
    if kind == "dtype":
        return hwkit.check_dtype(record["actual"], _dtype(options["dtype"]), what)
    return f"{what}: unknown check {kind!r}"


def other_answers(bundle, question):
    """The functions, classes and methods other questions' reference cells define: their
    answers, graded on their own, which a forbidden-shortcut search does not follow."""
    return _other_answers(bundle.reference_text, question)


@functools.lru_cache(maxsize=64)
def _other_answers(reference_text, question):
    """``other_answers``, parsed once per bundle and question rather than once per test."""
    from ..authoring import source as source_mod

    return frozenset(name for owner, code in source_mod.split_reference(reference_text)
                     if owner not in (None, question)
                     for _, name in nbcode.defined_names(code))


def source_value(cells, options):
    """A source check (``hwkit.style_issues``, ``hwkit.answered``) computed here from the
    submitted cells, whatever the sandbox computed."""
    sources = [nbcode.function_source(cells, name) for name in options["objects"]]
    return hwkit.SOURCE_CHECKS[options["check"]](sources)


def judge_case(expected_case, actual_case, cells, forbidden, question, separate=(),
               handout=frozenset()):
    """(passed, message) for one hidden test case. ``handout``: the released notebook's
    statements (``dynamic_code.handout_statements``), whose dynamic code is the handout's."""
    records = (actual_case or {}).get("records", [])
    error = (actual_case or {}).get("error")
    expected_records = _matching(expected_case, records)
    computed = None  # the value of the next check, when the grader computes it from the source
    for position, exp in enumerate(expected_records):
        if exp["kind"] == "forbid":
            names = nbcode.answer_names(cells, exp["options"]["name"], exp["options"]["attribute"],
                                        separate)
            message = hwkit.forbidden_message(question, forbidden.get(question, {}), names)
            if message:
                return False, message
            message = _dynamic_message(cells, forbidden, question, exp["options"], separate,
                                       handout)
            if message:
                return False, message
            continue
        if position >= len(records):
            return False, error or f"{exp['what']}: the check was not reached"
        got = records[position]
        if got.get("kind") != exp["kind"] or got.get("what") != exp["what"]:
            return False, f"{exp['what']}: the test did not run as expected"
        if exp["kind"] == "source":
            computed = source_value(cells, exp["options"])
            continue
        if computed is not None:
            got, computed = {**got, "actual": computed}, None
        message = _check(got, exp)
        if message:
            return False, message
    if error:
        return False, error
    if len(records) != len(expected_records):
        return False, "the test did not run as expected"
    return True, ""


def _dynamic_message(cells, forbidden, question, options, separate, handout):
    """Why a question with a forbidden list scores 0 because of dynamic code that can hide or
    replace its answer (``dynamic_code.hiding_message``), or None."""
    if not forbidden.get(question):
        return None
    return dynamic_code.hiding_message(cells, question, options["name"], options["attribute"],
                                       separate, handout)


def _one_line(text):
    return " ".join(str(text).split())


@functools.lru_cache(maxsize=8)
def secret_grams(secret_text):
    """Every ``SECRET_GRAM``-character run of ``secret_text`` (whitespace collapsed)."""
    flat = _one_line(secret_text)
    return frozenset(flat[i:i + SECRET_GRAM] for i in range(len(flat) - SECRET_GRAM + 1))


def clean(text, secret_text):
    """Text from the sandbox, fit to show: one line, fragments of ``secret_text`` replaced by
    ``REMOVED``, at most ``MAX_MESSAGE`` characters."""
    if not text:
        return text
    line = _one_line(text)[:4 * MAX_MESSAGE]
    grams = secret_grams(secret_text)
    hidden = [False] * len(line)
    for start in range(len(line) - SECRET_GRAM + 1):
        if line[start:start + SECRET_GRAM] in grams:
            hidden[start:start + SECRET_GRAM] = [True] * SECRET_GRAM
    kept = "".join(REMOVED if hide and (i == 0 or not hidden[i - 1]) else ("" if hide else ch)
                   for i, (ch, hide) in enumerate(zip(line, hidden)))
    return kept if len(kept) <= MAX_MESSAGE else kept[:MAX_MESSAGE - 3] + "..."


def clean_outcome(outcome, secret):
    """Clean, in place, the texts of ``outcome`` that come from the sandbox: its tests' errors,
    its cell errors and its reason (an out-of-memory reason quotes the child). ``secret``:
    ``Bundle.secret_text``."""
    for tests in outcome.results.values():
        for test in tests:
            test["error"] = clean(test.get("error"), secret)
    outcome.cell_errors = [clean(error, secret) for error in outcome.cell_errors]
    outcome.reason = clean(outcome.reason, secret)
    return outcome


def judge(outcome, expected_records, forbidden, cells, bundle):
    """Every hidden test's result for one sandbox outcome.

    A question the sandbox could not grade (``outcome.failed``, or the whole submission when
    its status is neither ok nor partial) fails all its tests with the reason. Public checks
    carry no points and are not run by the batch grader, so they get no result here. The
    outcome's texts are cleaned first (``clean_outcome``)."""
    secret = bundle.secret_text
    clean_outcome(outcome, secret)
    whole = (None if outcome.status in ("ok", "partial")
             else {"status": outcome.status, "reason": outcome.reason})
    results = []
    handout = bundle.handout
    for question in bundle.autograded:
        name = question["name"]
        failure = whole or outcome.failed.get(name)
        separate = other_answers(bundle, name)
        actual = outcome.results.get(name, []) if failure is None else []
        # numbered among the question's hidden checks (public ones are not run here)
        hidden = [case for case in expected_records[name] if case["hidden"]]
        for position, case in enumerate(hidden):
            got = actual[case["index"]] if case["index"] < len(actual) else None
            if failure is not None:
                passed, message = False, clean(f"not graded: {failure['status']}: "
                                               f"{failure['reason']}", secret)
            elif got is None:
                passed, message = False, "the test did not run"
            else:
                passed, message = judge_case(case, got, cells, forbidden, name, separate,
                                             handout)
            results.append(TestResult(name, position, case["points"], case["hidden"],
                                      passed, message))
    return results

