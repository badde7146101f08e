"""Judge what a sandbox recorded against the reference, in the grader's own process.

The expected values come from running the same hidden tests on the reference answers here
(``expected``); each recorded value is judged with the same ``hwkit.check_*`` function that
raises inside the otter bundle, so both paths give the same verdicts on honest submissions.

Trust boundary: the sandbox's records are data from the student's process, which holds the
earlier questions' references while a question's tests run: whatever of them it can make appear
in its own feedback is a channel for the answer key. So no text of the child's reaches an
output: the records' kinds, labels and count are checked against the expected records (the
messages name the grader's own labels); values are judged here, and a message about one shows
only grader-computed text and small, plausible values (``hwkit.check_*``: a shape "differs from
the expected (3, 4)", the answer's own shown only within one dimension more and 4x the
expected's largest, else "a tensor of another shape"; a largest error to two digits within
1e-9..1e6; a dtype or a kind from a fixed set); an exception is its type from Python's own
names (``sandbox.error_kind``); a definition error is ``cell_error``'s cell, line, type and
names its own cell holds (sent before any reference reaches the sandbox). Every text is then
cut to ``MAX_MESSAGE`` characters and scrubbed of fragments of the hidden tests and reference
(``clean``), a second fence.

Capacity (``capacity_bits``, measured by ``tests/test_channels.py``): what an answer can choose
of one hidden test's message is at most about 25 bits in the four homeworks (15-22 on average;
a failed shape is most of it), where one shape message carried up to 16 twelve-digit numbers
(some 640 bits) before. A question that ends early (exit code, signal: ``sandbox._ended``) adds
about 8 bits once for all its tests; whether it timed out, 1 bit; its wall time shows, to 0.01
s, in the TA's report only. Scores and pass/fail are the rest: a pass/fail-sized channel.
"""
import dataclasses
import functools
import linecache
import math
import re
import types

import torch

from .. import hwkit, nbcode
from . import dynamic_code, sandbox, wire


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
    restore = hwkit.install_reference(reference)
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
        restore()
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


# What an answer can choose of its own feedback (``capacity_bits``): the kinds a value may be
# described as, the dtypes a wire array can have, the largest errors ``hwkit.shown_error``
# writes (two digits over 16 powers of ten, "over", "under"), the ways a question can end early
# (an exit code, a signal, a few fixed reasons).
DESCRIBED_KINDS = len(wire.TYPE_NAMES) + 2  # "a tensor", "an object" besides the type names
WIRE_DTYPES = 12  # bool, (u)int8-64, float16-64
SHOWN_ERRORS = 90 * 16 + 2
QUESTION_FAILURE_BITS = math.log2(256 + 64 + 8)


def capacity_bits(expected_case):
    """An upper bound, in bits, of what an answer can choose of one hidden test's message: the
    log2 of the number of messages it can make ``judge_case`` give (passed, an exception type,
    each check not reached or not run as expected, or each message its check can give), on any
    branch the test may take. Forbidden-shortcut messages are left out: the grader computes
    them from the submitted source, not from anything the sandbox sent."""
    errors = len(sandbox.EXCEPTION_NAMES) + 3  # "an exception", out of memory, unreadable
    count = 2 + errors  # passed, an error, "the test did not run as expected"
    for records in [expected_case["records"], *expected_case.get("alternatives", [])]:
        for record in records:
            if record["kind"] not in ("forbid", "source"):
                count += 2 + _messages(record["kind"], record["actual"], record["options"])
            elif record["kind"] == "source":
                count += 2
    return math.log2(count)


def _messages(kind, expected, options):
    """How many messages a check of ``kind`` can give about an answer's value."""
    if kind == "shape":
        return DESCRIBED_KINDS + _shapes(options["shape"])
    if kind == "dtype":
        return DESCRIBED_KINDS + WIRE_DTYPES
    if isinstance(expected, (tuple, list)):
        return DESCRIBED_KINDS + sum(_messages(kind, e, options) for e in expected)
    return DESCRIBED_KINDS + _shapes(expected.shape) + 1 + SHOWN_ERRORS  # 1: NaN or infinite


def _shapes(expected):
    """How many shapes ``hwkit.shown_shape`` can show beside ``expected`` (and its words)."""
    expected = tuple(int(d) for d in expected)
    bound = max(hwkit.SHAPE_FLOOR, hwkit.SHAPE_FACTOR * max(expected, default=1))
    return 1 + sum((bound + 1) ** k for k in range(len(expected) + 2))


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


CELL_ERROR_RE = re.compile(r"cell (\d{1,5}), line (\d{1,6}): ([A-Za-z_]\w{0,60})(?:: (.*))?\Z")
QUOTED_NAME_RE = re.compile(r"'([A-Za-z_][\w.]{0,63})'")
NAMING_ERRORS = frozenset({"NameError", "UnboundLocalError", "AttributeError", "ImportError",
                           "ModuleNotFoundError"})  # whose message names what is missing
UNREADABLE_CELL_ERROR = "a definition failed (the sandbox sent an unreadable error)"


def cell_error(text, cells):
    """One of the notebook's definition errors as the grader shows it, from what the sandbox
    sent (``cell N, line M: Type: message``): the cell and line checked against the submitted
    ``cells``, the type from Python's own exception names, and of the message only the names
    in quotes that the cell's own source holds (at most two), for the errors that name
    something (``NameError about 'np'``); never other text of the child's."""
    match = CELL_ERROR_RE.match(text or "")
    if not match:
        return UNREADABLE_CELL_ERROR
    index, line, kind, message = int(match[1]), int(match[2]), match[3], match[4] or ""
    if index >= len(cells) or not 1 <= line <= cells[index].count("\n") + 1:
        return UNREADABLE_CELL_ERROR
    where = f"cell {index}, line {line}"
    if any(sign in message for sign in sandbox.MEMORY_SIGNS):
        return f"{where}: {sandbox.OUT_OF_MEMORY}"
    if kind not in sandbox.EXCEPTION_NAMES:
        return f"{where}: an exception (its message is not shown)"
    names = [name for name in dict.fromkeys(QUOTED_NAME_RE.findall(message))
             if kind in NAMING_ERRORS
             and re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", cells[index])][:2]
    if names:
        return f"{where}: {kind} about " + ", ".join(f"'{name}'" for name in names)
    return f"{where}: {kind} (its message is not shown)"


def clean_outcome(outcome, secret, cells=()):
    """Clean, in place, the texts of ``outcome`` that come from the sandbox: its tests' errors
    (already an exception type, ``sandbox.error_kind``), its cell errors (``cell_error``,
    against the submitted ``cells``) and its reason. ``secret``: ``Bundle.secret_text``."""
    for tests in outcome.results.values():
        for test in tests:
            test["error"] = clean(test.get("error"), secret)
    outcome.cell_errors = [clean(cell_error(error, cells), secret)
                           for error in outcome.cell_errors[:sandbox.MAX_CELL_ERRORS]]
    outcome.reason = clean(outcome.reason, secret)
    return outcome


def judge(outcome, expected_records, forbidden, cells, bundle):
    """Every hidden test's result for one sandbox outcome.

    A question the sandbox could not grade (``outcome.failed``, or the whole submission when
    its status is neither ok nor partial) fails all its tests with the reason. Public checks
    carry no points and are not run by the batch grader, so they get no result here. The
    outcome's texts are cleaned first (``clean_outcome``)."""
    secret = bundle.secret_text
    clean_outcome(outcome, secret, cells)
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

