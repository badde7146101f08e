"""A sandbox per submission: limits, statuses, and nothing that crosses back but data."""
import pytest

from autograder import bundle as bundle_mod, sandbox
from conftest import ROOT

HW = "rnn_attention"
KEY_CELLS = None


@pytest.fixture(scope="module")
def bundle():
    sandbox.warm_up()
    return bundle_mod.load(ROOT / "solutions" / HW / f"{HW}-autograder.zip")


def cells_with(rnn_step_body):
    body = "\n".join("    " + line for line in rnn_step_body.splitlines())
    return ["import torch\nfrom torch import nn\nfrom d2l import torch as d2l",
            f"def rnn_step(x_t, h_prev, W_x, W_h, b):\n{body}\n"]


LIMITS = sandbox.Limits(timeout=6, memory_mb=512)


@pytest.mark.parametrize("body, status, words", [
    ("while True:\n    pass", "timeout", "time limit"),
    ("import os\nos._exit(3)", "crashed", "exit code 3"),
    ("import ctypes\nctypes.string_at(0)", "crashed", "SIGSEGV"),
    ("x = bytearray(4 * 2 ** 30)\nreturn x", "memory", "memory"),
])
def test_a_misbehaving_answer_costs_only_its_submission(bundle, body, status, words):
    outcome = sandbox.run(cells_with(body), bundle, LIMITS)
    assert outcome.status == status and words in outcome.reason
    honest = sandbox.run(cells_with("return torch.tanh(x_t @ W_x + h_prev @ W_h + b)"), bundle,
                         LIMITS)
    assert honest.status == "ok" and all(t["error"] is None for t in honest.results["q1_1"])


def test_sys_exit_in_an_answer_fails_its_tests_only(bundle):
    outcome = sandbox.run(cells_with("import sys\nsys.exit(0)"), bundle, LIMITS)
    assert outcome.status == "ok"
    assert all(t["error"].startswith("SystemExit") for t in outcome.results["q1_1"][1:])


def test_top_level_statements_other_than_definitions_do_not_run(bundle):
    cells = cells_with("return torch.tanh(x_t @ W_x + h_prev @ W_h + b)") + [
        "while True:\n    pass", "import os\nos._exit(1)", "print('x' * 10 ** 8)"]
    outcome = sandbox.run(cells, bundle, LIMITS)
    assert outcome.status == "ok" and outcome.seconds < LIMITS.timeout
