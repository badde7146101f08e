"""Judge what a sandbox recorded against the reference, in the grader's own process.

The expected values come from running the same hidden tests on the reference answers here
(``expected``); each recorded value is judged with the same ``hwkit.check_*`` function that
raises inside the otter bundle, so both paths give the same verdicts on honest submissions.
"""
import dataclasses
import linecache
import sys
import types

import torch

from . import hwkit, nbcode, sandbox


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
            cases = sandbox.test_cases(bundle.tests.get(name, ""))
            points = _points(name, cases, question["points"])
            out[name] = []
            for index, (case, pts) in enumerate(zip(cases, points)):
                with hwkit.recording() as records:
                    try:
                        case.call_func(env)
                    except Exception as exc:  # the bundle does not fit this grader
                        raise RuntimeError(
                            f"the reference answers fail check {index + 1} of {name} "
                            f"({type(exc).__name__}: {exc}); rebuild the homework") from exc
                out[name].append({"index": index, "points": pts, "hidden": case.hidden,
                                  "records": list(records)})
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
    return out, reference.FORBIDDEN


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


def judge_case(expected_case, actual_case, cells, forbidden, question):
    """(passed, message) for one hidden test case."""
    records = (actual_case or {}).get("records", [])
    error = (actual_case or {}).get("error")
    for position, exp in enumerate(expected_case["records"]):
        if exp["kind"] == "forbid":
            names = nbcode.answer_names(cells, exp["options"]["name"], exp["options"]["attribute"])
            message = hwkit.forbidden_message(question, forbidden.get(question, {}), names)
            if message:
                return False, message
            continue
        if position >= len(records):
            return False, error or f"{exp['what']}: the check was not reached"
        got = records[position]
        if got.get("kind") != exp["kind"] or got.get("what") != exp["what"]:
            return False, f"{exp['what']}: the test did not run as expected"
        message = _check(got, exp)
        if message:
            return False, message
    if error:
        return False, error
    if len(records) != len(expected_case["records"]):
        return False, "the test did not run as expected"
    return True, ""


def judge(outcome, expected_records, forbidden, cells, bundle):
    """Every hidden test's result for one sandbox outcome (all failed unless its status is ok)."""
    results = []
    for question in bundle.autograded:
        name = question["name"]
        actual = outcome.results.get(name, []) if outcome.status == "ok" else []
        for case in expected_records[name]:
            got = actual[case["index"]] if case["index"] < len(actual) else None
            if outcome.status != "ok":
                passed, message = False, f"not graded: {outcome.reason}"
            elif got is None:
                passed, message = False, "the test did not run"
            else:
                passed, message = judge_case(case, got, cells, forbidden, name)
            results.append(TestResult(name, case["index"], case["points"], case["hidden"],
                                      passed, message))
    return results

