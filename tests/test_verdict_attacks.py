"""Submissions that attack the verdicts, graded through the real batch grader (``grade.main``):
nothing the student's process computes is trusted, nothing secret leaves, forbidden shortcuts
are found however they are reached, and answers get their points for behaviour, not structure.

Each notebook is made from a homework's answer key: answer functions emptied (``return None``),
a cell that forges the hidden-test helpers inside the sandbox, or one answer rewritten.
"""
import ast
import textwrap

import nbformat
import pytest

from autograder import bundle as bundle_mod
from autograder.grading import grade
from conftest import ROOT

SOLUTION_TAG = "otter_assign_solution_cell"

# A call-free cell that replaces the sandbox's check helpers by ones recording the *expected*
# argument as the answer's value, and the source checks (PEP 8, answered) by constants.
FORGE = textwrap.dedent('''
    import _hwkit
    import torch


    def _close(actual, expected=None, what="", **options):
        _hwkit._recorder.append({"kind": "close", "what": what, "actual": expected,
                                 "options": options})


    def _shape(actual, shape=None, what=""):
        _hwkit._recorder.append({"kind": "shape", "what": what, "actual": torch.zeros(*shape),
                                 "options": {}})


    def _answered(*objs):
        return torch.tensor(1.0)


    def _style(*objs):
        return torch.tensor(0.0)


    _hwkit.assert_close = _close
    _hwkit.assert_shape = _shape
    _hwkit.answered = _answered
    _hwkit.style_issues = _style
''')

# Everything of the hidden tests and references reachable from the sandbox's frames (the
# payload it got: source text, or compiled code whose names and strings it unpacks), as the
# name of the type of the returned object, and as an exception message.
SECRETS_FROM_FRAMES = textwrap.dedent('''
    def _secrets():
        import marshal, sys, types

        def unpack(item):
            if isinstance(item, bytes):
                try:
                    item = marshal.loads(item)
                except Exception:
                    return ""
            if isinstance(item, types.CodeType):
                return "\\n".join([*item.co_names, *(unpack(c) for c in item.co_consts)])
            return item if isinstance(item, str) else ""

        frame, text = sys._getframe(), ""
        while frame is not None:
            for value in list(frame.f_locals.values()):
                if isinstance(value, dict) and "tests" in value:
                    text += unpack(value["tests"])
                    text += "\\n".join(unpack(r) for r in value.get("reference") or [])
                    text += repr(value.get("later") or value.get("withheld"))
            frame = frame.f_back
        return text or "no secrets found"
''')


def key(hw):
    return nbformat.read(ROOT / "solutions" / hw / f"{hw}-key.ipynb", as_version=4)


def write(nb):
    return (nbformat.writes(nb) + "\n").encode()


class _EmptyBodies(ast.NodeTransformer):
    """Every function but ``__init__`` returns None (``__init__`` keeps the given layers)."""

    def visit_FunctionDef(self, node):
        if node.name != "__init__":
            node.body = [ast.Return(ast.Constant(None))]
        return node


def none_answers(hw, extra_cells=()):
    """The key with every answer function returning None, plus ``extra_cells`` at the end."""
    nb = key(hw)
    for cell in nb.cells:
        if cell.cell_type == "code" and SOLUTION_TAG in cell.metadata.get("tags", []):
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            cell.source = ast.unparse(_EmptyBodies().visit(tree))
    nb.cells += [nbformat.v4.new_code_cell(extra) for extra in extra_cells]
    return write(nb)


def blank(hw, extra_cells=()):
    """The released student notebook as it is (every answer a stub), plus ``extra_cells``."""
    nb = nbformat.read(ROOT / "release" / hw / f"{hw}.ipynb", as_version=4)
    nb.cells += [nbformat.v4.new_code_cell(extra) for extra in extra_cells]
    return write(nb)


def with_answer(hw, starts, source):
    """The key with the code cell starting with ``starts`` replaced by ``source``."""
    nb = key(hw)
    hits = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith(starts)]
    assert len(hits) == 1, starts
    hits[0].source = source
    return write(nb)


def d2l_masked_softmax():
    import inspect

    from d2l import torch as d2l
    return textwrap.dedent(inspect.getsource(d2l.masked_softmax))


def lstm_impl():
    """The key's own (correct) lstm_step as ``_impl``, naming the forbidden ``nn.LSTMCell``."""
    (cell,) = [c for c in key("rnn_attention").cells
               if c.cell_type == "code" and c.source.startswith("def lstm_step(")]
    source = cell.source.replace("def lstm_step(", "def _impl(", 1)
    return source.replace("):\n", "):\n    assert nn.LSTMCell\n", 1)

CASES = {
    # homework: {file name: notebook bytes (made lazily)}
    "rnn_attention": {
        "none.ipynb": lambda: none_answers("rnn_attention"),
        "none_forged.ipynb": lambda: none_answers("rnn_attention", [FORGE]),
        "frame_reader.ipynb": lambda: with_answer("rnn_attention", "def masked_softmax(", (
            "def masked_softmax(X, valid_lens=None):\n"
            "    def sequence_mask(X, valid_lens, value=0):\n"
            "        import sys\n"
            "        return sys._getframe(1).f_locals.get('expected')\n"
            "    return None\n")),
        "type_name.ipynb": lambda: with_answer("rnn_attention", "def rnn_step(", (
            SECRETS_FROM_FRAMES + "\n\ndef rnn_step(x_t, h_prev, W_x, W_h, b):\n"
            "    return type(_secrets(), (), {})()\n")),
        "message.ipynb": lambda: with_answer("rnn_attention", "def rnn_step(", (
            SECRETS_FROM_FRAMES + "\n\ndef rnn_step(x_t, h_prev, W_x, W_h, b):\n"
            "    raise RuntimeError(_secrets())\n")),
        "alias.ipynb": lambda: with_answer("rnn_attention", "def lstm_step(",
                                           lstm_impl() + "\n\nlstm_step = _impl\n"),
        "decorated.ipynb": lambda: with_answer("rnn_attention", "def lstm_step(", (
            lstm_impl() + "\n\ndef _use_impl(function):\n    return _impl\n\n\n"
            "@_use_impl\ndef lstm_step(x_t, h_prev, c_prev, *weights):\n    return None\n")),
        "helper_call.ipynb": lambda: with_answer("rnn_attention", "def lstm_step(", (
            lstm_impl() + "\n\ndef lstm_step(x_t, h_prev, c_prev, *weights):\n"
            "    return _impl(x_t, h_prev, c_prev, *weights)\n")),
        "d2l_verbatim.ipynb": lambda: with_answer("rnn_attention", "def masked_softmax(",
                                                  d2l_masked_softmax()),
        "no_helper.ipynb": lambda: with_answer("rnn_attention", "def masked_softmax(", (
            "def masked_softmax(X, valid_lens=None):\n"
            "    if valid_lens is None:\n"
            "        return torch.softmax(X, dim=-1)\n"
            "    lens = valid_lens[:, None, None] if valid_lens.dim() == 1 else valid_lens[..., None]\n"
            "    keep = torch.arange(X.shape[-1]) < lens\n"
            "    return torch.softmax(torch.where(keep, X, torch.full_like(X, -1e6)), dim=-1)\n")),
    },
    "transformer_mha": {
        "none.ipynb": lambda: none_answers("transformer_mha"),
        "none_forged.ipynb": lambda: none_answers("transformer_mha", [FORGE]),
    },
    "mhsa_causal": {
        "blank.ipynb": lambda: blank("mhsa_causal"),
        "blank_forged.ipynb": lambda: blank("mhsa_causal", [FORGE]),
        "none.ipynb": lambda: none_answers("mhsa_causal"),
        "none_forged.ipynb": lambda: none_answers("mhsa_causal", [FORGE]),
        "unstyled.ipynb": lambda: unstyled_forward(),
        "unstyled_forged.ipynb": lambda: unstyled_forward([FORGE]),
    },
}


def unstyled_forward(extra_cells=()):
    """mhsa_causal's key with a PEP 8 issue (E225) in Task 1.2's answer, plus ``extra_cells``."""
    nb = key("mhsa_causal")
    hits = [c for c in nb.cells if c.cell_type == "code"
            and c.source.startswith("@add_to_class(SelfAttention)")]
    assert len(hits) == 1 and "    query = self.q(x)" in hits[0].source
    hits[0].source = hits[0].source.replace("    query = self.q(x)", "    query=self.q(x)")
    nb.cells += [nbformat.v4.new_code_cell(extra) for extra in extra_cells]
    return write(nb)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """``{hw: ({file name: row}, output folder)}``, one batch per homework."""
    out = {}
    for hw, cases in CASES.items():
        folder = tmp_path_factory.mktemp(f"attacks-{hw}")
        for name, make in cases.items():
            (folder / name).write_bytes(make())
        results = tmp_path_factory.mktemp(f"out-{hw}")
        rows = grade.main(hw, [folder], results, timeout=60, memory_mb=2048, progress=False,
                          log=lambda *_: None)
        out[hw] = ({r.submission.split("/")[-1]: r for r in rows}, results)
    return out


@pytest.mark.parametrize("hw", ["rnn_attention", "transformer_mha", "mhsa_causal"])
def test_forged_check_helpers_gain_nothing(graded, hw):
    rows, _ = graded[hw]
    plain, forged = rows["none.ipynb"], rows["none_forged.ipynb"]
    assert plain.status == forged.status == "ok", (forged.status, forged.reason)
    gained = {q: forged.scores[q] - plain.scores[q] for q in plain.scores
              if forged.scores[q] > plain.scores[q]}
    assert gained == {}


def test_style_deductions_cannot_be_dodged_with_forged_helpers(graded):
    """mhsa_causal's PEP 8 checks are deductions (questions worth 0): stubs hold no written code
    and lose nothing; an answer with a PEP 8 issue loses its task's point, and replacing the
    check helpers never gains (the deduction's own test checks nothing it could forge)."""
    rows, _ = graded["mhsa_causal"]
    blank, blank_forged = rows["blank.ipynb"], rows["blank_forged.ipynb"]
    assert (blank.scores["style_1"], blank.scores["style_2"], blank.total) == (0, 0, 0)
    assert blank_forged.total <= 0
    unstyled, forged = rows["unstyled.ipynb"], rows["unstyled_forged.ipynb"]
    assert unstyled.status == "ok" and unstyled.scores["q1_2"] == 3
    assert (unstyled.scores["style_1"], unstyled.scores["style_2"]) == (-1, 0)
    assert unstyled.total == 9
    assert forged.scores["style_1"] == -1 and forged.total <= unstyled.total


def test_expected_values_are_not_in_the_sandbox_frames(graded):
    rows, _ = graded["rnn_attention"]
    assert rows["frame_reader.ipynb"].scores["q3"] == 0


def secret_lines(hw):
    bundle = bundle_mod.load(ROOT / "solutions" / hw / f"{hw}-autograder.zip")
    sliced = getattr(bundle, "sandbox_tests", {})  # what a sandbox gets of the hidden tests
    texts = [bundle.reference_text, *bundle.tests.values(), *sliced.values()]
    return {line.strip() for text in texts for line in text.splitlines()
            if len(line.strip()) > 25}


def test_no_output_quotes_hidden_tests_or_reference(graded):
    rows, out = graded["rnn_attention"]
    assert rows["type_name.ipynb"].scores["q1_1"] == 0
    assert rows["message.ipynb"].scores["q1_1"] == 0
    # a line the class itself submitted is theirs to see (the similarity review shows the
    # answers it compares, and these attacks start from the answer key); any other line of the
    # hidden tests or the reference in an output is a leak
    submitted = "\n".join(path.read_text("utf-8", errors="replace")
                          for path in out.parent.glob(f"attacks-rnn_attention*/*"))
    assert "def rnn_step(" in submitted
    secrets = {line for line in secret_lines("rnn_attention") if line not in submitted}
    assert any("assert_close" in line for line in secrets)  # the hidden tests stay secret
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv"):
            text = path.read_text("utf-8")
            leaked = [line for line in secrets if line in text]
            assert leaked == [], (path, leaked[:3])


def test_messages_from_the_sandbox_are_short(graded):
    rows, _ = graded["rnn_attention"]
    for name in ("type_name.ipynb", "message.ipynb"):
        messages = [t["message"] for t in rows[name].tests if t["question"] == "q1_1"]
        assert messages and all(len(m) <= 200 for m in messages), messages


@pytest.mark.parametrize("name", ["alias.ipynb", "decorated.ipynb", "helper_call.ipynb"])
def test_forbidden_shortcut_found_through_aliases_decorators_and_helpers(graded, name):
    rows, _ = graded["rnn_attention"]
    row = rows[name]
    assert row.scores["q1_2"] == 0
    assert any("nn.LSTMCell" in t["message"] for t in row.tests if t["question"] == "q1_2")
    assert row.scores["q1_1"] == 5  # the rest of the key still counts


@pytest.mark.parametrize("name", ["d2l_verbatim.ipynb", "no_helper.ipynb"])
def test_masked_softmax_gets_full_marks_whatever_its_structure(graded, name):
    rows, _ = graded["rnn_attention"]
    assert rows[name].scores["q3"] == 15, [t for t in rows[name].tests
                                          if t["question"] == "q3" and not t["passed"]]
