"""The data crossing from a sandbox, and how the grader judges it."""
import pickle
import sys
import types

import pytest
import torch

from autograder import bundle as bundle_mod, hwkit, nbcode
from autograder.grading import sandbox, verdict, wire
from conftest import HOMEWORKS, ROOT


@pytest.fixture(autouse=True)
def keep_grader_modules(monkeypatch):
    """Tests here run the sandbox's own code in this process, which puts its modules into
    sys.modules (the withheld reference): put this process's back after each test, so that
    later tests grading in process see the real ones."""
    for name in (hwkit.REFERENCE_MODULE, "_hwkit"):
        # setitem remembers the entry, or its absence, and puts that back after the test
        monkeypatch.setitem(sys.modules, name, sys.modules.get(name))
        if sys.modules[name] is None:
            monkeypatch.delitem(sys.modules, name)


def test_wire_round_trip_keeps_values_dtypes_and_types():
    records = {"q": [{"records": [
        {"kind": "close", "what": "x", "options": {}, "actual": torch.arange(6.0).reshape(2, 3)},
        {"kind": "close", "what": "pair", "options": {},
         "actual": (torch.ones(2, dtype=torch.float64), torch.tensor([1, 2]))},
        {"kind": "close", "what": "list", "options": {}, "actual": [1.0, 2.0]},
        {"kind": "close", "what": "none", "options": {}, "actual": None},
    ], "error": None}]}
    back = wire.decode(wire.encode(records))["q"][0]["records"]
    assert torch.equal(back[0]["actual"], torch.arange(6.0).reshape(2, 3))
    assert back[1]["actual"][0].dtype == torch.float64
    assert back[1]["actual"][1].tolist() == [1, 2]
    assert isinstance(back[2]["actual"], tuple)  # a list of numbers is a sequence of opaque items
    assert back[3]["actual"] is None


def test_decode_never_unpickles():
    import io
    import numpy as np
    body = io.BytesIO()
    np.savez(body, a0=np.array([object()], dtype=object))
    header = b'{"q": [{"records": [{"kind": "close", "what": "x", "options": {}, ' \
             b'"actual": {"t": "tensor", "key": "a0"}}], "error": null}]}'
    data = len(header).to_bytes(8, "big") + header + body.getvalue()
    decoded = wire.decode(data)  # numpy refuses the object array: nothing is unpickled
    assert isinstance(decoded, wire.Unreadable)
    assert decoded.get("q") == [{"records": [], "error": wire.UNREADABLE}]


def case(*records, error=None):
    return {"records": list(records), "error": error}


def rec(actual, what="x", kind="close", **options):
    return {"kind": kind, "what": what, "actual": actual,
            "options": options or {"atol": 1e-5, "rtol": 1e-4}}


def test_judge_case_uses_the_expected_side_and_the_same_messages():
    expected = case(rec(torch.zeros(2)), rec(None, kind="shape", shape=[2]))
    ok = case(rec(torch.zeros(2)), rec(torch.ones(2), kind="shape", shape=[2]))
    assert verdict.judge_case(expected, ok, [], {}, "q") == (True, "")
    wrong = case(rec(torch.ones(2)), rec(torch.ones(2), kind="shape", shape=[2]))
    passed, message = verdict.judge_case(expected, wrong, [], {}, "q")
    assert not passed and message == hwkit.check_close(torch.ones(2), torch.zeros(2), "x")
    lying = case(rec(torch.zeros(2)), rec(torch.ones(3), kind="shape", shape=[3]))
    assert verdict.judge_case(expected, lying, [], {}, "q")[0] is False  # options come from us
    crashed = case(rec(torch.zeros(2)), error="ValueError: boom")
    assert verdict.judge_case(expected, crashed, [], {}, "q") == (False, "ValueError: boom")
    extra = case(rec(torch.zeros(2)), rec(torch.ones(2), kind="shape", shape=[2]), rec(1))
    assert verdict.judge_case(expected, extra, [], {}, "q")[0] is False


def test_forbidden_shortcuts_are_found_in_the_submitted_source():
    forbid = {"kind": "forbid", "what": "q1", "actual": None,
              "options": {"name": "step", "attribute": None}}
    expected = actual = case(forbid)
    cells = ["import torch\ndef step(x):\n    return torch.lstm_cell(x)\n"]
    forbidden = {"q1": {"lstm_cell": "torch.lstm_cell"}}
    passed, message = verdict.judge_case(expected, actual, cells, forbidden, "q1")
    assert not passed and "torch.lstm_cell, which this question does not allow" in message
    clean = ["def step(x):\n    return x\n"]
    assert verdict.judge_case(expected, actual, clean, forbidden, "q1") == (True, "")


# ---------------------------------------------------------------------------------------------
# what a sandbox gets of the hidden tests (bundle.sandbox_source), what crosses back (wire) and
# the text that may be shown (verdict.clean)

TINY = '''
def test_one(env):
    import torch
    from _hwkit import assert_close, assert_dtype, assert_shape, graded, seeded
    f, ref = graded(env, "q", "f")
    with seeded(1):
        x = torch.randn(3)
        unused = torch.randn(2)
    expected = ref.f(x)
    assert_close(f(x), expected, "f(x)")
    assert_close(f(x), torch.tanh(x), "f against tanh")
    assert_shape(f(x), (3,), "shape")
    assert_dtype(f(x), torch.float32, "dtype")
    side_effect(x)
    total = 0
    for k in range(3):
        y = total + k
        total = y
        reference_only = ref.f(x) + k
        assert_close(f(x) * total, reference_only, f"step {k}")
'''


def sliced_function(source):
    import ast
    return ast.parse(bundle_mod.sandbox_source(source)).body[0]


def test_the_sandbox_version_of_a_test_keeps_the_actual_side_only():
    text = bundle_mod.sandbox_source(TINY)
    assert "expected" not in text and "reference_only" not in text and "torch.tanh" not in text
    assert "ref.f" not in text and "unused" not in text
    assert "assert_close(f(x), None, 'f(x)')" in text
    assert "assert_shape(f(x), None, 'shape')" in text
    assert "assert_dtype(f(x), None, 'dtype')" in text
    assert "side_effect(x)" in text  # expression statements are kept, whatever they do
    assert "y = total + k" in text and "total = y" in text  # a loop's own dependencies
    assert "with seeded(1):" in text and "x = torch.randn(3)" in text


def test_the_sandbox_version_records_the_same_checks_on_a_tiny_test(monkeypatch):
    import sys

    import torch

    ref = types.ModuleType(hwkit.REFERENCE_MODULE)
    ref.f, ref.FORBIDDEN = torch.sin, {}
    monkeypatch.setitem(sys.modules, hwkit.REFERENCE_MODULE, ref)
    monkeypatch.setitem(sys.modules, "_hwkit", hwkit)
    source = TINY.replace("    side_effect(x)\n", "")
    runs = []
    for text in (source, bundle_mod.sandbox_source(source)):
        namespace = {}
        exec(compile(text, "<tests>", "exec"), namespace)
        with hwkit.recording() as records:
            namespace["test_one"]({"f": torch.sin})
        runs.append(records)
    full, cut = runs
    assert [(r["kind"], r["what"]) for r in full] == [(r["kind"], r["what"]) for r in cut]
    assert len(full) == 8
    for a, b in zip(full, cut):
        assert (a["actual"] is None and b["actual"] is None) or torch.equal(a["actual"],
                                                                             b["actual"])


def _expected_arguments(source):
    """The second arguments of the checks in ``source`` that are not None."""
    import ast
    return [ast.unparse(node.args[1]) for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in bundle_mod.CHECKS
            and len(node.args) > 1 and not (isinstance(node.args[1], ast.Constant)
                                            and node.args[1].value is None)]


def _same(a, b):
    import torch
    if isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor):
        return a.shape == b.shape and a.dtype == b.dtype and torch.equal(a.detach(), b.detach())
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b)


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_every_real_hidden_test_records_the_same_checks_in_its_sandbox_version(hw):
    """The answer key run as a sandbox runs it (sliced tests, this and later references
    withheld) records exactly what the grader's own full run on the reference records."""
    bundle = bundle_mod.load(ROOT / "solutions" / hw / f"{hw}-autograder.zip")
    expected, _ = verdict.expected(bundle)
    reference = types.ModuleType(hwkit.REFERENCE_MODULE)
    exec(compile(bundle.reference_text, "<reference>", "exec"), reference.__dict__)
    env = dict(reference.__dict__)
    checked = 0
    for question in bundle.autograded:
        name = question["name"]
        assert _expected_arguments(bundle.sandbox_tests[name]) == []
        payload = pickle.loads(bundle.sandbox_payloads[name])
        for case, got in zip(expected[name], sandbox._run_question(payload, env)):
            if not case["hidden"]:
                continue
            assert got["error"] is None, (name, case["index"], got["error"])
            want = [(r["kind"], r["what"], r["actual"]) for r in case["records"]]
            have = [(r["kind"], r["what"], r["actual"]) for r in got["records"]]
            assert [w[:2] for w in want] == [h[:2] for h in have], (name, case["index"])
            for w, h in zip(want, have):
                if w[0] not in ("forbid", "source"):
                    assert _same(w[2], h[2]), (name, case["index"], w[1])
            checked += 1
    assert checked > 10


def test_unreadable_payloads_become_a_failed_test_not_an_exception():
    good = wire.encode({"q": [{"records": [], "error": None}]})
    for data in (b"", b"\x00" * 8, good[:20], b"garbage" * 10,
                 (5).to_bytes(8, "big") + b"[1,2]",
                 (40).to_bytes(8, "big") + b'{"q": [{"records": 5, "error": null}]}  '):
        decoded = wire.decode(data)
        assert decoded.get("q") == [{"records": [], "error": wire.UNREADABLE}], data


def test_type_names_crossing_come_from_a_fixed_set():
    class Sneaky:
        pass

    Sneaky.__name__ = "def test_secret(env):\n    expected = 42"
    back = wire.decode(wire.encode({"q": [{"records": [
        {"kind": "close", "what": "x", "options": {}, "actual": Sneaky()},
        {"kind": "close", "what": "y", "options": {}, "actual": {"a": 1}},
    ], "error": None}]}))["q"][0]["records"]
    assert back[0]["actual"].type_name == "object"
    assert back[1]["actual"].type_name == "dict"
    # a shape is chosen by the answer: it never crosses as a type name (issue 16)
    assert wire.type_name("tensor of shape (2, 3)") == "object"
    assert wire.type_name("complex tensor") == "complex tensor"


def test_clean_cuts_and_scrubs_hidden_test_and_reference_fragments():
    secret = ("def test_rnn_step_random(env):\n    with seeded(11):\n"
              "        args = [torch.randn(4), torch.randn(3)]\n")
    leaked = "RuntimeError: stolen:   with seeded(11):   args = [torch.randn(4), torch.randn(3)]"
    cleaned = verdict.clean(leaked, secret)
    assert "seeded(11)" not in cleaned and "torch.randn(4)" not in cleaned
    assert cleaned.startswith("RuntimeError: stolen") and verdict.REMOVED in cleaned
    honest = "RuntimeError: mat1 and mat2 shapes cannot be multiplied (4x3 and 4x3)"
    assert verdict.clean(honest, secret) == honest
    assert len(verdict.clean("x" * 10_000, secret)) <= verdict.MAX_MESSAGE
    assert verdict.clean("a\nb\n\tc", secret) == "a b c"


def test_source_checks_are_computed_by_the_grader_from_the_cells():
    source = {"kind": "source", "what": "answered", "actual": None,
              "options": {"check": "answered", "objects": ["Model.forward"]}}
    close = rec(torch.tensor(1.0), what="answered")
    expected = {"records": [source, close]}
    forged = case(source, rec(torch.tensor(1.0), what="answered"))  # the sandbox says 1.0
    stub = ["class Model:\n    def forward(self, x):\n        raise NotImplementedError\n"]
    done = ["class Model:\n    def forward(self, x):\n        return x\n"]
    assert verdict.judge_case(expected, forged, stub, {}, "q")[0] is False
    assert verdict.judge_case(expected, forged, done, {}, "q") == (True, "")
    assert verdict.judge_case(expected, case(close), done, {}, "q")[0] is False  # no source record


def test_a_test_may_record_either_branch_of_an_inner_helper_check():
    first = rec(torch.zeros(2), what="helper")
    second = rec(torch.ones(2), what="through the outer function")
    expected = {"records": [first], "alternatives": [[second]]}
    assert verdict.judge_case(expected, case(rec(torch.zeros(2), what="helper")), [], {}, "q") \
        == (True, "")
    assert verdict.judge_case(expected, case(rec(torch.ones(2), what="through the outer function")),
                              [], {}, "q") == (True, "")
    assert verdict.judge_case(expected, case(rec(torch.zeros(2), what="through the outer function")),
                              [], {}, "q")[0] is False


def test_forbidden_search_follows_aliases_and_decorators_but_not_other_answers():
    forbid = {"kind": "forbid", "what": "q1", "actual": None,
              "options": {"name": "step", "attribute": None}}
    forbidden = {"q1": {"LSTMCell": "nn.LSTMCell"}}
    impl = "def _impl(x):\n    return nn.LSTMCell(2, 2)(x)\n"
    for cells in ([impl, "step = _impl\n"],
                  [impl, "def _use(f):\n    return _impl\n\n@_use\ndef step(x):\n    return x\n"],
                  [impl, "def step(x):\n    return _impl(x)\n"]):
        passed, message = verdict.judge_case(case(forbid), case(forbid), cells, forbidden, "q1")
        assert not passed and "nn.LSTMCell" in message, cells
    other = [impl.replace("_impl", "other_answer"), "def step(x):\n    return other_answer(x)\n"]
    assert verdict.judge_case(case(forbid), case(forbid), other, forbidden, "q1",
                              separate={"other_answer"}) == (True, "")
    assert nbcode.answer_names(other, "step", separate={"other_answer"}) == {"other_answer"}


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_what_a_sandbox_withholds_is_named_without_the_reference_code(hw):
    bundle = bundle_mod.load(ROOT / "solutions" / hw / f"{hw}-autograder.zip")
    order = [q["name"] for q in bundle.questions]
    solution_lines = {line.strip() for owner, code in bundle.reference_cells if owner
                      for line in code.splitlines() if len(line.strip()) > 20}
    for question in bundle.autograded:
        name = question["name"]
        later = [code for owner, code in bundle.reference_cells
                 if owner is not None and order.index(owner) >= order.index(name)]
        skeletons = bundle.names_from(name)
        assert [nbcode.defined_names(c) for c in skeletons] == [nbcode.defined_names(c)
                                                                 for c in later]
        assert not {line.strip() for c in skeletons for line in c.splitlines()} & solution_lines
