"""Ways past the forbidden-shortcut check, closed (issue 11).

- the answer's own name used as a library attribute or base class (``d2l.masked_softmax``,
  ``class DotProductAttention(d2l.DotProductAttention)``): both graders count it, with the one
  name engine (``hwkit.reached_names``) on the submitted cells (``nbcode.answer_names``) and
  on the cells a kernel ran (``hwkit.forbid``, ``hwkit.live_cells``);
- a shortcut imported at top level under another name (``from d2l.torch import
  masked_softmax as ms``, ``from torch.nn import LSTMCell as Cell``): both graders follow the
  import to the library's own name;
- shortcuts hidden behind strings (``getattr(d2l, "masked_" + "softmax")``, ``vars(d2l)[...]``)
  or an answer rebound by other code (``globals()["rnn_step"] = ...`` in a class body): the
  question scores 0 with a message saying why, and the row carries a flag
  (``dynamic_code``).

Notebooks are made from the answer key, graded from a folder outside the repository with
``grade.main`` as the ``grade`` verb does.
"""
import sys
import types

import nbformat
import pytest

from autograder import hwkit, nbcode, paths
from autograder.grading import dynamic_code, grade, otter_run

HW = "rnn_attention"

OWN_NAME = {
    "def masked_softmax(": '''def masked_softmax(X, valid_lens=None):
    """Softmax over the last axis that ignores positions beyond the valid lengths."""
    return d2l.masked_softmax(X, valid_lens)
''',
    "class DotProductAttention(": '''class DotProductAttention(d2l.DotProductAttention):
    """Scaled dot-product attention."""
    def forward(self, queries, keys, values, valid_lens=None):
        return super().forward(queries, keys, values, valid_lens), self.attention_weights
''',
}
HIDDEN = {
    "def masked_softmax(": '''def masked_softmax(X, valid_lens=None):
    """Softmax over the last axis that ignores positions beyond the valid lengths."""
    return getattr(d2l, "masked_" + "soft" + "max".lower())(X, valid_lens)
''',
    "class DotProductAttention(": '''class DotProductAttention(vars(d2l)["DotProduct"
                                   + "Attention"]):
    """Scaled dot-product attention."""
''',
}
ALIASED = {
    "def masked_softmax(": '''from d2l.torch import masked_softmax as ms


def masked_softmax(X, valid_lens=None):
    """Softmax over the last axis that ignores positions beyond the valid lengths."""
    return ms(X, valid_lens)
''',
    "def lstm_step(": '''from torch.nn import LSTMCell as Cell, Linear


def lstm_step(x_t, h_prev, c_prev, W_f, U_f, b_f, W_i, U_i, b_i,
              W_o, U_o, b_o, W_c, U_c, b_c):
    """One LSTM step, with the library's cell under another name."""
    cell = Cell(x_t.shape[-1], h_prev.shape[-1])
    with torch.no_grad():  # the library's gate order: input, forget, cell, output
        cell.weight_ih.copy_(torch.cat([W_i, W_f, W_c, W_o], dim=1).T)
        cell.weight_hh.copy_(torch.cat([U_i, U_f, U_c, U_o], dim=1).T)
        cell.bias_ih.copy_(torch.cat([b_i, b_f, b_c, b_o]))
        cell.bias_hh.zero_()
    h, c = cell(x_t[None], (h_prev[None], c_prev[None]))
    return h[0], c[0]
''',
}
REBOUND = {
    "def rnn_step(": '''def rnn_step(x_t, h_prev, W_x, W_h, b):
    """One step of a simple RNN, equation (1)."""
    return h_prev * 0


class _Swap:
    globals()["rnn_step"] = lambda x, h, Wx, Wh, b: torch.rnn_tanh_cell(
        x[None], h[None], Wx.T, Wh.T, b, None)[0]
''',
}


def key_with(replacements):
    """The answer key with the code cells starting with each key of ``replacements`` replaced."""
    nb = nbformat.read(paths.answer_key(HW), as_version=4)
    left = dict(replacements)
    for cell in nb.cells:
        for start in list(left):
            if cell.cell_type == "code" and cell.source.lstrip().startswith(start):
                cell.source, cell.outputs = left.pop(start), []
    assert not left, f"no answer cell starts with {sorted(left)}"
    return nb


def key_cell(start):
    """The answer key's code cell that starts with ``start``."""
    nb = nbformat.read(paths.answer_key(HW), as_version=4)
    return next(cell.source for cell in nb.cells
                if cell.cell_type == "code" and cell.source.lstrip().startswith(start))


# library versions imported to compare with, then replaced by the student's own definitions
COMPARE_LINE = ("from d2l.torch import masked_softmax, MultiHeadAttention, "
                "Seq2SeqAttentionDecoder  # to compare with mine\n\n\n")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    for label, cells in [("ownname", OWN_NAME), ("hidden", HIDDEN), ("rebound", REBOUND),
                         ("aliased", ALIASED), ("honest", {}),
                         ("compare", {"def masked_softmax(": COMPARE_LINE
                                      + key_cell("def masked_softmax(")})]:
        nbformat.write(key_with(cells), folder / f"{label}.ipynb")
    out = tmp_path_factory.mktemp("out")
    rows = grade.main(HW, [folder], out, timeout=30, progress=False, log=lambda *_: None)
    return {r.student_id: r for r in rows}


def messages(row, question):
    return {t["message"] for t in row.tests if t["question"] == question and not t["passed"]}


MASKED_SOFTMAX_USED = {"q3: your answer uses d2l.masked_softmax, which this question does not "
                       "allow; the question scores 0 until it is written without it"}


def zeroed_only(row, honest, questions):
    """``questions`` score 0 in ``row``, every other question as in the honest key; the other
    questions' scores."""
    assert all(row.scores[q] == 0 for q in questions)
    rest = {q: s for q, s in row.scores.items() if q not in questions}
    assert rest == {q: s for q, s in honest.scores.items() if q not in questions}
    return rest


def test_honest_key_keeps_full_marks_and_no_flag(graded):
    honest = graded["honest"]
    assert honest.status == "ok"
    assert all(t["passed"] for t in honest.tests)
    assert not [f for f in honest.flags if "dynamic code" in f]


def test_library_versions_replaced_by_own_definitions_cost_nothing(graded):
    """Importing d2l's versions to compare, then defining one's own, is honest: full marks."""
    row, honest = graded["compare"], graded["honest"]
    assert row.scores == honest.scores and row.total == honest.total
    assert not [f for f in row.flags if "dynamic code" in f]


def test_own_name_as_library_attribute_or_base_scores_zero(graded):
    row = graded["ownname"]
    assert messages(row, "q3") == MASKED_SOFTMAX_USED
    assert any("d2l.DotProductAttention" in m for m in messages(row, "q4_2"))
    rest = zeroed_only(row, graded["honest"], ("q3", "q4_2"))
    assert rest["q5"] > 0 and rest["q7_3"] > 0


def test_names_hidden_behind_strings_score_zero_and_are_flagged(graded):
    row = graded["hidden"]
    zeroed_only(row, graded["honest"], ("q3", "q4_2"))
    (q3,) = messages(row, "q3")
    assert "masked_softmax uses getattr with a computed name" in q3 and "scores 0" in q3
    (q4_2,) = messages(row, "q4_2")
    assert "DotProductAttention uses vars()" in q4_2
    assert any("getattr with a computed name; check by hand" in f for f in row.flags)
    assert any("vars(); check by hand" in f for f in row.flags)


def test_a_shortcut_imported_under_another_name_scores_zero(graded):
    row = graded["aliased"]
    zeroed_only(row, graded["honest"], ("q3", "q1_2"))
    assert messages(row, "q3") == MASKED_SOFTMAX_USED
    assert any("nn.LSTMCell" in m for m in messages(row, "q1_2"))


def test_an_answer_rebound_by_a_class_body_scores_zero_and_is_flagged(graded):
    row = graded["rebound"]
    zeroed_only(row, graded["honest"], ("q1_1",))
    (message,) = messages(row, "q1_1")
    assert "can replace rnn_step at run time" in message
    assert any("a write into a module namespace" in f for f in row.flags)


@pytest.mark.parametrize("replacements,zeroed", [(OWN_NAME, ("q3", "q4_2")),
                                                  (ALIASED, ("q3", "q1_2"))],
                         ids=["own_name", "imported_under_another_name"])
def test_otter_bundle_agrees_on_the_shortcut(tmp_path, replacements, zeroed):
    """The otter bundle (``_hwkit.py``, live objects) scores these shortcuts 0 too."""
    notebook = tmp_path / f"{HW}.ipynb"
    nbformat.write(key_with(replacements), notebook)
    per_question = otter_run.scores(otter_run.run(notebook, paths.bundle(HW)))
    assert all(per_question[q][0] == 0 for q in zeroed)
    assert per_question["q5"][0] == per_question["q5"][1] > 0


# ---- the two graders agree on the answer's own name ----------------------------------------

LIBRARY = '''
class DotProductAttention:
    pass


def masked_softmax(X, valid_lens=None):
    return X
'''

OWN_CASES = [  # (notebook code, answer name, whether the own name counts)
    ("def masked_softmax(X, v=None):\n    return d2l.masked_softmax(X, v)\n",
     "masked_softmax", True),
    ("def masked_softmax(X, v=None):\n    return getattr(d2l, 'masked_softmax')(X, v)\n",
     "masked_softmax", True),
    ("def masked_softmax(X, v=None):\n    from d2l import masked_softmax as m\n"
     "    return m(X, v)\n", "masked_softmax", True),
    ("class DotProductAttention(d2l.DotProductAttention):\n    pass\n",
     "DotProductAttention", True),
    ("from d2l import DotProductAttention\n\n\n"
     "class DotProductAttention(DotProductAttention):\n    pass\n", "DotProductAttention", True),
    ("from d2l import masked_softmax as ms\n\n\ndef masked_softmax(X, v=None):\n"
     "    return ms(X, v)\n", "masked_softmax", True),
    ("import d2l as lib\n\n\ndef masked_softmax(X, v=None):\n"
     "    return lib.masked_softmax(X, v)\n", "masked_softmax", True),
    ("from d2l import DotProductAttention as Base\n\n\n"
     "class DotProductAttention(Base):\n    pass\n", "DotProductAttention", True),
    ("def masked_softmax(X, v=None):\n    return X if v is None else masked_softmax(X)\n",
     "masked_softmax", False),
    ("from d2l import masked_softmax  # to compare with mine\n\n\n"  # replaced by the def
     "def masked_softmax(X, v=None):\n    return X\n", "masked_softmax", False),
    ("from d2l import DotProductAttention\n\n\n"
     "class DotProductAttention:\n    pass\n", "DotProductAttention", False),
    ("class DotProductAttention(Base):\n    def __init__(self):\n"
     "        super(DotProductAttention, self).__init__()\n", "DotProductAttention", False),
]


def live_names(code, name):
    """What the otter bundle's ``hwkit.forbid`` reads in a kernel that ran ``code``."""
    library = types.ModuleType("d2l")
    exec(compile(LIBRARY, "<d2l>", "exec"), library.__dict__)
    namespace = {"__name__": "__main__", "d2l": library, "Base": object, "In": ["", code]}
    saved = sys.modules.get("d2l")
    sys.modules["d2l"] = library
    try:
        exec(compile(code, "<notebook>", "exec"), namespace)
    finally:
        if saved is None:
            sys.modules.pop("d2l", None)
        else:
            sys.modules["d2l"] = saved
    return hwkit.reached_names(hwkit.live_cells(namespace), name)


@pytest.mark.parametrize("code,name,counts", OWN_CASES)
def test_static_and_live_checks_agree_on_the_own_name(code, name, counts):
    assert (name in nbcode.answer_names([code], name)) is counts
    assert (name in live_names(code, name)) is counts


ALIAS_CASES = [  # (notebook code, answer name, library names it reaches, names it must not)
    ("from d2l import masked_softmax as ms, DotProductAttention\n\n\n"
     "def attend(X):\n    return ms(X)\n", "attend", {"masked_softmax"},
     {"DotProductAttention"}),
    ("from d2l import masked_softmax as ms, DotProductAttention as DPA\n\n\n"
     "def attend(X):\n    return DPA\n", "attend", {"DotProductAttention"},
     {"masked_softmax"}),
    ("import torch as xp\n\n\ndef attend(X):\n    return xp.exp(X)\n", "attend",
     {"torch"}, set()),
    # the student's own helper named like a library function is not the library's
    ("import torch\n\n\ndef lstm_cell(x, h):\n    return torch.sigmoid(x) * torch.tanh(h)\n"
     "\n\ndef attend(X):\n    return lstm_cell(X, X)\n", "attend", {"sigmoid", "tanh"},
     {"lstm_cell"}),
    ("import torch\n\n\ndef lstm_cell(x, h):\n    return torch.lstm_cell(x, h)\n"
     "\n\ndef attend(X):\n    return lstm_cell(X, X)\n", "attend", {"lstm_cell"}, set()),
]


@pytest.mark.parametrize("code,name,reached,unreached", ALIAS_CASES)
def test_static_and_live_checks_follow_top_level_import_aliases(code, name, reached, unreached):
    """Each name a top-level import binds leads to its library name; of a longer import line,
    only the names the answer uses count."""
    for names in (nbcode.answer_names([code], name), live_names(code, name)):
        assert reached <= names and not unreached & names, names


# ---- dynamic_code on its own ----------------------------------------------------------------

def test_handout_code_and_plain_code_carry_no_flag():
    handout = "def load(module, name):\n    return getattr(module, name)\n"
    plain = ("class M:\n    def __init__(self):\n        for n in 'qkv':\n"
             "            setattr(self, n, 1)\n        self.w = getattr(self, 'q')\n"
             "    def forward(self, x):\n        return self.eval()\n")
    statements = frozenset(dynamic_code._dump(n) for n in dynamic_code._statements(handout))
    assert dynamic_code.flags([handout, plain], statements) == []
    assert dynamic_code.flags([handout]) == [
        "dynamic code in code cell 1, line 2: getattr with a computed name; check by hand"]


@pytest.mark.parametrize("code,what", [
    ("x = eval('1')\n", "eval()"),
    ("exec('f = 1')\n", "exec()"),
    ("import importlib\n", "import importlib"),
    ("import sys\nf = sys.modules['torch']\n", "sys.modules"),
    ("def f():\n    return f.__globals__\n", "__globals__"),
    ("def f(g):\n    f.__code__ = g.__code__\n", "f.__code__"),
    ("import sys\nx = sys._getframe(0)\n", "sys._getframe"),
    ("import ctypes\nctypes.pythonapi.Py_IncRef(x)\n", "ctypes.pythonapi"),
    ("import gc\nx = gc.get_referrers(f)\n", "gc.get_referrers"),
])
def test_each_dynamic_construct_is_flagged(code, what):
    (flag,) = dynamic_code.flags([code])
    assert what in flag and flag.endswith("check by hand")


def test_rebinding_targets_the_named_answer_or_every_answer():
    keyed = "class S:\n    globals()['step'] = len\n"
    computed = "class S:\n    globals().update({'st' + 'ep': len})\n"
    runner = "class S:\n    exec('def step(): pass')\n"
    cells = ["def step(x):\n    return x\n"]
    assert dynamic_code.hiding_message(cells, "q1", "step") is None
    assert "can replace step" in dynamic_code.hiding_message(cells + [keyed], "q1", "step")
    assert dynamic_code.hiding_message(cells + [keyed], "q2", "other") is None
    for code in (computed, runner):
        assert "can replace other" in dynamic_code.hiding_message(cells + [code], "q2", "other")


@pytest.mark.parametrize("body", [
    "getattr(d2l, name)(X)",
    "functools.reduce(getattr, [name], d2l)(X)",
    "builtins.getattr(d2l, name)(X)",
    "operator.attrgetter(name)(d2l)(X)",
    "d2l.__getattribute__(name)(X)",
    "vars(d2l)[name](X)",
    "d2l.__dict__[name](X)",
    "sys.modules['d2l'].masked_softmax(X)",
    "eval('d2l.' + name)(X)",
    "__import__('d2l').masked_softmax(X)",
    "importlib.import_module('d2l').masked_softmax(X)",
])
def test_an_answer_reaching_a_name_lookup_scores_zero(body):
    helper = f"def _helper(X, name):\n    return {body}\n"
    answer = "def masked_softmax(X, valid_lens=None):\n    return _helper(X, 'x')\n"
    message = dynamic_code.hiding_message([helper, answer], "q3", "masked_softmax")
    assert message and message.startswith("q3: the code of masked_softmax uses ")
    assert "scores 0" in message


# a string-to-name lookup imported under another name (red team, this second round)
IMPORTED_LOOKUPS = [  # (import line, the answer's use, whether it can replace any answer)
    ("from operator import attrgetter as ag", "ag('masked_softmax')(d2l)(X)", False),
    ("from pkgutil import resolve_name as rn", "rn('d2l.torch:masked_softmax')(X)", False),
    ("from builtins import getattr as g", "g(d2l, 'masked_' + 'softmax')(X)", False),
    ("from inspect import getattr_static as gs", "gs(d2l, 'masked_softmax')(X)", False),
    ("from sys import modules as M", "M['d2l'].masked_softmax(X)", False),
    # these run code the data names: like exec, anywhere they can replace any answer
    ("from pickle import loads as L", "L(b'cd2l.torch\\nmasked_softmax\\n.')(X)", True),
    ("from importlib import import_module as im", "im('d2l').masked_softmax(X)", True),
]


@pytest.mark.parametrize("line,body,anywhere", IMPORTED_LOOKUPS)
def test_a_name_lookup_imported_under_another_name_scores_zero(line, body, anywhere):
    """Imported at the top under any name, the lookup still zeroes the question it serves."""
    answer = f"def masked_softmax(X, valid_lens=None):\n    return {body}\n"
    message = dynamic_code.hiding_message([line + "\n", answer], "q3", "masked_softmax")
    assert message and message.startswith("q3: the code of masked_softmax uses "), message
    other = dynamic_code.hiding_message([line + "\n", answer], "q4", "attend")
    assert (other is not None) is anywhere, other


@pytest.mark.parametrize("body", [
    "self.eval()", "re.compile('a')", "getattr(self, 'weight')", "setattr(self, name, X)",
    "torch.compile", "hasattr(self, name)", "gc.collect()", "ctypes.string_at(0)",
])
def test_plain_code_is_neither_flagged_nor_zeroed(body):
    answer = f"def masked_softmax(self, X, name):\n    return {body}\n"
    assert dynamic_code.hiding_message([answer], "q3", "masked_softmax") is None
    assert dynamic_code.flags([answer]) == []


@pytest.mark.parametrize("code,rebinds", [
    ("if 'x' in globals():\n    pass\n", set()),
    ("y = vars(d2l)['x']\n", set()),
    ("z = globals().get('x')\n", set()),
    ("globals()['step'] = len\n", {"step"}),
    ("import sys\nsys.modules['__main__'].step = len\n", {"step"}),
    ("import __main__\n__main__.step = len\n", {"step"}),
    ("import sys\nsetattr(sys.modules[__name__], 'step', len)\n", {"step"}),
    ("def f(g):\n    step.__code__ = g.__code__\n", {"step"}),
    ("def f(g):\n    setattr(step, '__code__', g.__code__)\n", {"step"}),
    ("g = globals()\n", {dynamic_code.ANY}),
    ("import sys\nm = sys.modules['__main__']\n", {dynamic_code.ANY}),
    ("globals().update(step=len)\n", {dynamic_code.ANY}),
    ("def f():\n    exec('global step\\nstep = len')\n", {dynamic_code.ANY}),
    ("import importlib\n", {dynamic_code.ANY}),
])
def test_what_a_statement_can_rebind(code, rebinds):
    found = set().union(*(f.rebinds for _, f in dynamic_code.scan([code])))
    assert found == rebinds
