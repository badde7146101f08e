"""Submissions that attack or break the grader: each gets a row, the right status, no unearned
points, and no hidden-test source in any output; the batch always completes."""
import json
import os
import socket

import nbformat
import pytest

from autograder.grading import grade
from conftest import ROOT

HW = "rnn_attention"
SOLUTIONS = ROOT / "solutions" / HW
HIDDEN = SOLUTIONS / "tests" / "q1_1.py"
WRONG_STEP = "def rnn_step(x_t, h_prev, W_x, W_h, b):\n    return torch.zeros(W_h.shape[0])\n"


def key():
    return nbformat.read(SOLUTIONS / f"{HW}-key.ipynb", as_version=4)


def with_rnn_step(source, extra_cells=()):
    """The answer key with rnn_step replaced by ``source`` and code cells added after it."""
    nb = key()
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and cell.source.startswith("def rnn_step("):
            cell.source = source
            for k, extra in enumerate(extra_cells, start=1):
                nb.cells.insert(index + k, nbformat.v4.new_code_cell(extra))
            break
    return (nbformat.writes(nb) + "\n").encode()


def step_body(body):
    return "def rnn_step(x_t, h_prev, W_x, W_h, b):\n" + "".join(
        f"    {line}\n" for line in body.splitlines())


CHEATS = [
    "import torch\ntorch.allclose = lambda *args, **kwargs: True",
    "import torch\ntorch.Tensor.__eq__ = lambda self, other: True",
    "import numpy\nnumpy.testing.assert_allclose = lambda *args, **kwargs: None",
    "import builtins\nbuiltins.isinstance = lambda obj, cls: True",
    "class FakeGrader:\n    def check(self, *args):\n        return True\n\ngrader = FakeGrader",
    "import sys\nsys.modules['_hwkit'] = None",
]

CASES = {
    # name: (file name, bytes, expected status, q1_1 points at most)
    # a fault inside rnn_step costs q1_1 only: status partial, the other 80 points kept
    "infinite_loop": ("loop.ipynb", with_rnn_step(step_body("while True:\n    pass")),
                      "partial:timeout", 0),
    "memory_bomb": ("memory.ipynb", with_rnn_step(step_body("x = [0] * 10 ** 10\nreturn x")),
                    "partial:memory", 0),
    "sys_exit": ("exit.ipynb", with_rnn_step(step_body("import sys\nsys.exit(0)")), "ok", 0),
    "os_exit": ("os_exit.ipynb", with_rnn_step(step_body("import os\nos._exit(0)")),
                "partial:crashed", 0),
    "segfault": ("segv.ipynb", with_rnn_step(step_body("import ctypes\nctypes.string_at(0)")),
                 "partial:crashed", 0),
    "fork_bomb": ("fork.ipynb", with_rnn_step(step_body(
        "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass")),
        "partial:timeout", 0),
    "monkeypatching": ("cheat.ipynb", with_rnn_step(WRONG_STEP, CHEATS), "ok", 0),
    "reads_hidden_tests": ("reader.ipynb", with_rnn_step(step_body(
        f"raise RuntimeError(open({str(HIDDEN)!r}).read())")), "ok", 0),
    "looks_around": ("around.ipynb", with_rnn_step(step_body(
        "import os\n"
        "raise RuntimeError(str(os.listdir('.')) + str(os.listdir('..')) "
        f"+ str(os.listdir({str(SOLUTIONS)!r})))")), "ok", 0),
    "network": ("net.ipynb", with_rnn_step(step_body(
        "import socket\nsocket.create_connection(('127.0.0.1', PORT), timeout=2)\n"
        "return torch.tanh(x_t @ W_x + h_prev @ W_h + b)")), "ok", 0),
    "writes_outside": ("writer.ipynb", with_rnn_step(step_body(
        "open(WRITE_TARGET, 'w').write('owned')\n"
        "return torch.tanh(x_t @ W_x + h_prev @ W_h + b)")), "ok", 0),
    "huge_output": ("print.ipynb", with_rnn_step(step_body(
        "print('x' * (100 * 2 ** 20))\nreturn torch.zeros(1)")), "ok", 0),
    "invalid_json": ("broken.ipynb", b'{"cells": [', "invalid-notebook", 0),
    "empty_file": ("empty.ipynb", b"", "invalid-notebook", 0),
    "nbformat3": ("old.ipynb", json.dumps({"nbformat": 3, "worksheets": [{"cells": []}]}).encode(),
                  "invalid-notebook", 0),
    "not_a_notebook": ("essay.docx", b"PK\x03\x04 word document", "not-a-notebook", 0),
    "answers_deleted": ("deleted.ipynb", None, "ok", 0),
    "renamed": ("renamed.ipynb", with_rnn_step(
        "def my_rnn_step(x_t, h_prev, W_x, W_h, b):\n    return torch.tanh(x_t @ W_x + h_prev @ W_h + b)\n"),
        "ok", 0),
    "huge_image": ("image.ipynb", None, "ok", 5),
    "non_ascii_name": ("Übung 2 – 학생 (final) 😀.ipynb", with_rnn_step(WRONG_STEP), "ok", 0),
}


def answers_deleted():
    nb = key()
    nb.cells = [c for c in nb.cells if "otter_assign_solution_cell" not in c.metadata.get("tags", [])]
    return (nbformat.writes(nb) + "\n").encode()


def huge_image():
    nb = key()
    blob = "A" * (50 * 2 ** 20)
    nb.cells[-2].outputs = [nbformat.v4.new_output("display_data", {"image/png": blob})]
    return (nbformat.writes(nb) + "\n").encode()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    port = listener.getsockname()[1]
    target = tmp_path_factory.mktemp("outside") / "owned.txt"
    os.chmod(target.parent, 0o777)
    folder = tmp_path_factory.mktemp("adversarial")
    for name, (file_name, data, _, _) in CASES.items():
        if data is None:
            data = {"answers_deleted": answers_deleted, "huge_image": huge_image}[name]()
        data = data.replace(b"PORT", str(port).encode()).replace(b"WRITE_TARGET",
                                                                  repr(str(target)).encode())
        (folder / file_name).write_bytes(data)
    out = tmp_path_factory.mktemp("out")
    rows = grade.main(HW, [folder], out, timeout=15, memory_mb=1024, progress=False,
                      log=lambda *_: None)
    listener.settimeout(0.5)
    try:
        connection = listener.accept()
    except (socket.timeout, BlockingIOError):
        connection = None
    listener.close()
    return {r.submission.split("/")[-1]: r for r in rows}, out, connection, target


@pytest.mark.parametrize("name", list(CASES))
def test_case_is_graded_with_a_row_the_right_status_and_no_unearned_points(batch, name):
    rows, _, _, _ = batch
    file_name, _, status, most = CASES[name]
    row = rows[file_name]
    assert row.scores.get("q1_1", 0) <= most
    if status.startswith("partial:"):
        assert row.status == "partial", (row.status, row.reason)
        assert f"q1_1: {status.split(':')[1]}" in row.reason, row.reason
        assert row.total == 80  # every other question still graded
        return
    assert row.status == status, (row.status, row.reason)
    if status == "ok":
        assert row.total <= 85
    else:
        assert row.reason and row.total == 0


def test_monkeypatching_gains_nothing_anywhere(batch):
    rows, _, _, _ = batch
    row = rows["cheat.ipynb"]
    assert row.scores["q1_1"] == 0
    # writing into sys.modules can rebind any answer, so every question with a forbidden list
    # scores 0 and the TA is told why (dynamic_code); questions without one still count
    assert any("dynamic code" in flag for flag in row.flags), row.flags
    assert row.total < 85


def test_no_network_and_no_writes_outside_the_sandbox(batch):
    rows, _, connection, target = batch
    assert connection is None
    assert not target.exists()
    assert rows["net.ipynb"].scores["q1_1"] == 0  # the connection attempt raised
    assert rows["writer.ipynb"].scores["q1_1"] == 0


def test_no_output_contains_hidden_test_source(batch):
    _, out, _, _ = batch
    hidden = {line.strip() for path in (SOLUTIONS / "tests").glob("*.py")
              for line in path.read_text().splitlines() if len(line.strip()) > 25}
    reference = {line.strip() for line in (SOLUTIONS / "_hw_reference.py").read_text().splitlines()
                 if len(line.strip()) > 25}
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv"):
            text = path.read_text("utf-8")
            leaked = [line for line in hidden | reference if line in text]
            assert leaked == [], (path, leaked[:3])
