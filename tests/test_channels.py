"""No answer-controlled data reaches feedback as a free channel (issue 16).

While a question's tests run, its sandbox holds the earlier questions' reference code (the
stand-ins its tests build on). A notebook that packs that code into everything it can send
back (tensor shapes, dtypes, values, NaN payloads, type names, sequence lengths, exception
messages, records of its own with labels of its own, its exit code) is graded with an honest
class: none of the reference's bytecode, constants or source reaches ``feedback/``,
``results/``, ``grades.csv``, ``blackboard.csv`` or ``report.html``, although the sandbox did
send it; what a submission can choose of a test's message is measured (``capacity_bits``); and
honest wrong answers still get messages that say what is wrong.
"""
import re
import textwrap
import types

import nbformat
import pytest
import torch

from autograder import bundle as bundle_mod, hwkit, paths
from autograder.grading import grade, sandbox, verdict, wire
from conftest import ROOT

HW = "rnn_attention"
KEY = ROOT / "solutions" / HW / f"{HW}-key.ipynb"

# Every check of every hidden test records a value chosen to carry the next bytes of the
# references in the sandbox (their functions' bytecode), each check another way.
EXFILTRATE = textwrap.dedent('''
    import _hwkit
    import types

    import numpy
    import torch

    _state = {"n": 0}
    _DTYPES = [torch.float32, torch.float64, torch.int8, torch.int16, torch.int32,
               torch.int64, torch.uint8, torch.bool, torch.float16]


    def _secret():
        try:
            reference = _hwkit.reference()
        except ImportError:
            return bytes(range(1, 17))
        out = b""
        for value in list(vars(reference).values()):
            code = getattr(value, "__code__", None)
            if isinstance(code, types.CodeType) and code.co_filename == "<reference>":
                out += code.co_code
        return out or bytes(range(1, 17))


    def _leak(kind, what, options):
        secret, n = _secret(), _state["n"]
        _state["n"] = n + 1
        start = (n * 7) % len(secret)
        chunk = (secret * 2)[start:start + 16]
        way = n % 9
        if way == 0:  # a shape: seven bytes as dimensions, and a last one of 0 (no elements)
            value = torch.zeros(()).expand(*chunk[:7], 0)
        elif way == 8:  # a shape too large to send: seven bytes as one dimension
            value = torch.zeros(()).expand(2 ** 56 + int.from_bytes(chunk[:7], "big"))
        elif way == 1:  # a dtype
            value = torch.zeros(3).to(_DTYPES[chunk[0] % len(_DTYPES)])
        elif way == 2:  # values
            value = torch.tensor(list(chunk), dtype=torch.float64) * 1000
        elif way == 3:  # NaN payloads
            bits = numpy.frombuffer(chunk, dtype=numpy.uint32) | numpy.uint32(0x7FC00000)
            value = torch.from_numpy(bits.view(numpy.float32).copy())
        elif way == 4:  # a type name
            value = type(chunk.hex(), (), {})()
        elif way == 5:  # a sequence's length
            value = tuple(torch.zeros(1) for _ in range(chunk[0]))
        elif way == 6:  # an exception's message
            raise ValueError(chunk.hex())
        else:  # records of its own, labelled with the secret, before the real one
            for _ in range(1 + chunk[0] % 5):
                _hwkit._recorder.append({"kind": kind, "what": chunk.hex(),
                                         "actual": torch.zeros(*chunk[1:5]), "options": {}})
            value = torch.zeros(*chunk[:3])
        _hwkit._recorder.append({"kind": kind, "what": what, "actual": value,
                                 "options": options})


    def _close(actual=None, expected=None, what="", **options):
        _leak("close", what, options)


    def _shape(actual=None, shape=None, what=""):
        _leak("shape", what, {})


    def _dtype(actual=None, dtype=None, what=""):
        _leak("dtype", what, {})


    _hwkit.assert_close, _hwkit.assert_shape, _hwkit.assert_dtype = _close, _shape, _dtype
''')

# The exit code of a question's sandbox: one byte of the references (shown: 8 bits a question)
EXIT_WITH_A_BYTE = textwrap.dedent('''
    def masked_softmax(X, valid_lens=None):
        import os
        import _hwkit
        os._exit(_hwkit.reference().rnn_step.__code__.co_code[40])
''')


def attack_notebook():
    nb = nbformat.read(KEY, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith("def masked_softmax("):
            cell.source = EXIT_WITH_A_BYTE
    nb.cells.append(nbformat.v4.new_code_cell(EXFILTRATE))
    return nbformat.writes(nb)


def code_objects(code):
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from code_objects(const)


def reference_secrets(bundle):
    """(bytecode of every code object the sandbox's reference cells define, their string
    constants of 12 characters or more other than names, their source lines of more than 25
    characters)."""
    codes, strings = [], set()
    for _, cell in bundle.reference_cells:
        for code in code_objects(compile(sandbox._for_sandbox(cell), "<reference>", "exec")):
            codes.append(code.co_code)
            strings |= {c for c in code.co_consts if isinstance(c, str) and len(c) >= 12
                        and not re.fullmatch(r"[\w.<>]+", c)}  # not names, which labels share
    lines = {line.strip() for line in bundle.reference_text.splitlines()
             if len(line.strip()) > 25}
    return codes, strings, lines


def grams(codes, size, distinct):
    """Every run of ``size`` bytes of ``codes`` with at least ``distinct`` different values
    (runs of zeros and other padding would match unrelated numbers)."""
    return {code[i:i + size] for code in codes for i in range(len(code) - size + 1)
            if len(set(code[i:i + size])) >= distinct}


def number_runs(text, size):
    """Every run of ``size`` consecutive numbers below 256 in ``text``, and the last ``size``
    bytes of every larger number, as bytes."""
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    runs = {bytes(numbers[i:i + size]) for i in range(len(numbers) - size + 1)
            if all(n < 256 for n in numbers[i:i + size])}
    return runs | {(n % 256 ** size).to_bytes(size, "big") for n in numbers if n >= 256}


@pytest.fixture(scope="module")
def graded(tmp_path_factory, request):
    """The attack and two honest keys graded by the batch grader; what the sandboxes sent."""
    folder = tmp_path_factory.mktemp("channel-class")
    (folder / "attacker.ipynb").write_text(attack_notebook(), "utf-8")
    for k in range(2):
        (folder / f"honest{k}.ipynb").write_bytes(KEY.read_bytes())
    out = tmp_path_factory.mktemp("channel-out")
    sent, real_run = {}, sandbox.run

    def run(cells, bundle, *args, **kwargs):
        outcome = real_run(cells, bundle, *args, **kwargs)
        if any("_leak" in cell for cell in cells):
            sent["attacker"] = outcome
        return outcome

    patch = pytest.MonkeyPatch()
    patch.setattr(sandbox, "run", run)
    try:
        rows = grade.main(HW, [folder], out, timeout=60, memory_mb=2048, progress=False,
                          log=lambda *_: None, workers=1)
    finally:
        patch.undo()
    bundle = bundle_mod.load(paths.bundle(HW), HW)
    return {r.submission.split("/")[-1]: r for r in rows}, out, sent["attacker"], bundle


def test_the_sandbox_did_send_the_references_in_shapes(graded):
    """The attack works up to the wire: the shapes its sandbox sent carry the references'
    bytecode (so the checks below would fail if messages echoed them)."""
    _, _, outcome, bundle = graded
    codes, _, _ = reference_secrets(bundle)
    wanted = grams(codes, 7, 4)
    shapes = [bytes(r["actual"].shape) for tests in outcome.results.values() for t in tests
              for r in t["records"] if isinstance(r["actual"], torch.Tensor)
              and r["actual"].dim() >= 7 and max(r["actual"].shape) < 256]
    assert any(shape[i:i + 7] in wanted for shape in shapes for i in range(len(shape) - 6))


def outputs(out):
    """The texts of what the grader publishes: feedback, results, grades, the report."""
    files = [p for p in out.rglob("*") if p.is_file() and (
        p.parent.name in ("feedback", "results")
        or p.name in ("grades.csv", "blackboard.csv", "report.html"))]
    assert {"grades.csv", "report.html"} <= {p.name for p in files}
    assert any(p.parent.name == "feedback" for p in files)
    assert any(p.parent.name == "results" for p in files)
    return {p: p.read_text("utf-8") for p in files}


def test_no_reference_code_reaches_any_output(graded):
    rows, out, _, bundle = graded
    codes, strings, lines = reference_secrets(bundle)
    handout = (ROOT / "release" / HW / f"{HW}.ipynb").read_text("utf-8")
    strings = {s for s in strings if s not in handout}  # the handout's own docstrings
    as_numbers = grams(codes, 7, 4)
    as_hex = {gram.hex() for gram in grams(codes, 6, 3)}
    for path, text in outputs(out).items():
        assert not (number_runs(text, 7) & as_numbers), path
        lowered = text.lower()
        assert not [h for h in as_hex if h in lowered], path
        assert not [s for s in strings if s in text], path
        assert not [line for line in lines if line in text], path


def test_every_honest_student_keeps_full_marks(graded):
    rows, _, _, _ = graded
    for name in ("honest0.ipynb", "honest1.ipynb"):
        assert rows[name].status == "ok" and rows[name].total == 85, rows[name].reason


def test_the_attackers_messages_are_the_graders_own(graded):
    rows, _, _, _ = graded
    row = rows["attacker.ipynb"]
    messages = [t["message"] for t in row.tests if not t["passed"]]
    assert messages and all(len(m) <= verdict.MAX_MESSAGE for m in messages)
    assert any("a tensor of another shape" in m for m in messages), messages
    assert any("did not run as expected" in m for m in messages), messages
    assert any("ValueError raised by the answer (the message is not shown)" == m
               for m in messages), messages
    # the question whose sandbox exited with a byte of the references: that byte, no more
    assert re.search(r"q3: crashed \(.*exit code \d+", row.reason), row.reason


def test_what_a_test_message_can_carry_is_pass_fail_sized():
    """Measured over every hidden test of every homework: at most 32 bits (25 today)."""
    worst = {}
    for hw in paths.homeworks(ROOT):
        bundle = bundle_mod.load(paths.bundle(hw), hw)
        expected, _ = verdict.expected(bundle)
        worst[hw] = max(verdict.capacity_bits(case) for cases in expected.values()
                        for case in cases if case["hidden"])
    assert max(worst.values()) <= 32, worst
    print("bits per test, at most:", {hw: round(bits, 1) for hw, bits in worst.items()})


def test_a_shape_is_shown_only_when_plausible():
    x = torch.zeros(4, 3)
    assert hwkit.check_shape(x, (3, 4), "out") == (
        "out: shape differs from the expected (3, 4) (got (4, 3))")
    assert hwkit.check_shape(torch.zeros(1, 3, 4), (3, 4), "out").endswith("(got (1, 3, 4))")
    assert hwkit.check_shape(torch.zeros(3), (3, 4), "out").endswith("(got (3,))")
    for odd in (torch.zeros(3, 4, 1, 1), torch.zeros(17, 0),
                torch.zeros(()).expand(*b"referen", 0)):
        assert hwkit.check_shape(odd, (3, 4), "out") == (
            "out: shape differs from the expected (3, 4) (got a tensor of another shape)")
    assert hwkit.check_close((x, x), (x,), "pair") == "pair: expected 1 values, got a tuple"
    assert hwkit.check_close(x, (x, x), "pair") == "pair: expected 2 values, got a tensor"


def test_a_largest_error_is_two_digits_in_a_fixed_range():
    e = torch.zeros(3)
    assert hwkit.check_close(torch.tensor([0.0, 0.5, 0.123456]), e, "v") == (
        "v: values differ from the expected ones (largest error 0.5)")
    assert hwkit.check_close(torch.tensor([123456.0, 0, 0]), e, "v").endswith(
        "(largest error 1.2e+05)")
    assert hwkit.check_close(torch.tensor([1e30, 0, 0]), e, "v").endswith(
        "(largest error over 1e+06)")
    assert hwkit.check_close(torch.tensor([float("nan"), 0, 0]), e, "v") == (
        "v: contains NaN or infinite values")


def test_oversized_and_complex_tensors_cross_as_fixed_names(monkeypatch):
    monkeypatch.setattr(wire, "MAX_ARRAY_ELEMENTS", 10)
    back = wire.decode(wire.encode({"q": [{"records": [
        {"kind": "close", "what": "a", "options": {}, "actual": torch.zeros(3, 7, 0, 5, 11)},
        {"kind": "close", "what": "b", "options": {}, "actual": torch.zeros(20)},
        {"kind": "close", "what": "c", "options": {}, "actual": torch.zeros(2, 99,
                                                                          dtype=torch.cfloat)},
    ], "error": None}]}))["q"][0]["records"]
    assert tuple(back[0]["actual"].shape) == (3, 7, 0, 5, 11)  # a real tensor, judged here
    assert back[1]["actual"].type_name == "tensor too large to send"
    assert back[2]["actual"].type_name == "complex tensor"
    assert hwkit.check_shape(back[1]["actual"], (3,), "b") == (
        "b: expected a tensor, got a tensor too large to send")


CELLS = ["import numpy as np\nx = np.zeros(3)\n", "import torch\ny = torhc.zeros(3)\n"]


@pytest.mark.parametrize("sent, shown", [
    ("cell 1, line 2: NameError: name 'torhc' is not defined",
     "cell 1, line 2: NameError about 'torhc'"),
    ("cell 0, line 1: ModuleNotFoundError: No module named 'numpy'",
     "cell 0, line 1: ModuleNotFoundError about 'numpy'"),
    # a quoted name that the cell does not hold, or a message of any other kind: not shown
    ("cell 1, line 2: NameError: name 'deadbeef0123' is not defined",
     "cell 1, line 2: NameError (its message is not shown)"),
    ("cell 1, line 1: ValueError: 'torhc' 0f1e2d3c4b5a69788796a5b4c3d2e1f0",
     "cell 1, line 1: ValueError (its message is not shown)"),
    ("cell 0, line 2: def_test_secret: anything", "cell 0, line 2: an exception (its message "
                                                  "is not shown)"),
    ("cell 0, line 2: RuntimeError: DefaultCPUAllocator: can't allocate memory",
     f"cell 0, line 2: {sandbox.OUT_OF_MEMORY}"),
    # a cell or a line the notebook does not have, or another form: unreadable
    ("cell 7, line 1: NameError: name 'x' is not defined", verdict.UNREADABLE_CELL_ERROR),
    ("cell 0, line 99: NameError: name 'x' is not defined", verdict.UNREADABLE_CELL_ERROR),
    ("0123456789abcdef" * 10, verdict.UNREADABLE_CELL_ERROR),
])
def test_a_definition_error_shows_its_place_type_and_own_names_only(sent, shown):
    assert verdict.cell_error(sent, CELLS) == shown
