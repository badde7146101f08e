"""The data crossing from a sandbox, and how the grader judges it."""
import torch

from autograder import hwkit, verdict, wire


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
