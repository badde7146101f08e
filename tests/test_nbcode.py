"""Which top-level statements of a submission the batch grader runs (nbcode.definitions)."""
from autograder import bundle as bundle_mod, nbcode
from conftest import ROOT

CELL = """import torch
def f(x):
    return x
Q_hand = torch.tensor([[0.44, -0.36]])
K_hand = [[-0.40, 0.20]]
out = f(torch.ones(2))
print(out)
scores, weights = torch.zeros(1), torch.ones(1)
"""


def kept_lines(names=frozenset()):
    return [node.lineno for node in nbcode.definitions(CELL, names)]


def test_assignments_that_call_something_are_skipped_by_default():
    assert kept_lines() == [1, 2, 5]


def test_assignments_to_the_homeworks_own_names_run_even_when_they_call():
    assert kept_lines(frozenset({"Q_hand"})) == [1, 2, 4, 5]
    assert kept_lines(frozenset({"weights"})) == [1, 2, 5, 8]


def test_expressions_never_run_whatever_the_names():
    assert 7 not in kept_lines(frozenset({"out", "print"}))


def test_assigned_names_covers_tuples_and_chains():
    tree = nbcode.definitions("a = b = 1\nc, (d, e) = 1, (2, 3)\nf: int = 4\n")
    assert [sorted(nbcode.assigned_names(n)) for n in tree] == [["a", "b"], ["c", "d", "e"], ["f"]]


def test_a_bundle_lists_the_names_its_reference_assigns():
    bundle = bundle_mod.load(ROOT / "solutions" / "self_attention" / "self_attention-autograder.zip")
    assert {"Q_hand", "K_hand", "V_hand", "weights_hand"} <= bundle.notebook_names
    assert not {"SelfAttention", "FORBIDDEN", "QUESTIONS"} & bundle.notebook_names


def test_top_level_assigned_names_counts_calls_and_not_nested_or_broken_code():
    assert nbcode.top_level_assigned_names(CELL) == {"Q_hand", "K_hand", "out", "scores", "weights"}
    assert nbcode.top_level_assigned_names("def f():\n    inner = 1\n") == set()
    assert nbcode.top_level_assigned_names("x = (") == set()


def test_answer_names_follow_aliases_decorators_and_notebook_code():
    impl = "def _impl(x):\n    return nn.LSTMCell(2, 2)(x)\n"
    assert "LSTMCell" in nbcode.answer_names([impl, "step = _impl\n"], "step")
    assert "LSTMCell" in nbcode.answer_names([impl, "step = functools.partial(_impl)\n"], "step")
    decorated = "def _use(f):\n    return _impl\n\n@_use\ndef step(x):\n    return x\n"
    assert "LSTMCell" in nbcode.answer_names([impl, decorated], "step")
    method_alias = "class M:\n    forward = _impl\n\n    def other(self):\n        return nn.RNN\n"
    names = nbcode.answer_names([impl, method_alias], "M", "forward")
    assert "LSTMCell" in names and "RNN" not in names
    base = "class M(Base):\n    def forward(self, x):\n        return x\n"
    assert "MultiheadAttention" in nbcode.answer_names(
        ["class Base(nn.MultiheadAttention):\n    pass\n", base], "M", "forward")


def test_function_source_finds_methods_in_classes_and_added_to_them():
    cells = ["class M:\n    def forward(self, x):\n        return 1\n",
             "%matplotlib inline\n@d2l.add_to_class(M)\ndef forward(self, x):\n    return 2\n",
             "def forward(x):\n    return 3\n"]
    assert nbcode.function_source(cells, "M.forward") == (
        "@d2l.add_to_class(M)\ndef forward(self, x):\n    return 2\n")
    assert nbcode.function_source(cells, "forward") == "def forward(x):\n    return 3\n"
    assert nbcode.function_source(cells[:1], "M.forward") == (
        "def forward(self, x):\n    return 1\n")
    assert nbcode.function_source(cells, "M.missing") is None


def test_answer_names_follow_the_methods_a_method_calls_through_self():
    cls = ("class M(nn.Module):\n    def forward(self, x):\n        return self._short(x)\n\n"
           "    def _short(self, x):\n        return nn.LSTMCell(2, 2)(x)\n\n"
           "    def other(self, x):\n        return nn.RNN\n")
    names = nbcode.answer_names([cls], "M", "forward")
    assert "LSTMCell" in names and "RNN" not in names
    added = "@d2l.add_to_class(M)\ndef _short(self, x):\n    return nn.GRU\n"
    assert "GRU" in nbcode.answer_names([cls, added], "M", "forward")
    assert "LSTMCell" not in nbcode.answer_names([cls], "M", "forward", separate={"_short"})
