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
