"""What the hidden tests reward: isolation between questions, forbidden shortcuts, seeding.

The answer key's code runs in this process with one answer replaced at a time, and the
homework's hidden test files grade it (otter's own test-file runner, no kernel), so that many
variations cost seconds.
"""
import pytest

import nbenv
from conftest import ROOT

HW = "rnn_attention"
SOLUTIONS = ROOT / "solutions" / HW
FULL = {"q1_1": 5, "q1_2": 5, "q2_1": 5, "q2_2": 5, "q3": 15, "q4_2": 10, "q5": 10,
        "q7_1": 10, "q7_2": 10, "q7_3": 10}


@pytest.fixture(scope="module")
def key_cells():
    return nbenv.code_cells(SOLUTIONS / f"{HW}-key.ipynb")


def grade(key_cells, **replacements):
    env = nbenv.execute(key_cells, replacements)
    return nbenv.grade(env, SOLUTIONS / "tests")


def points(results):
    return {q: score for q, (score, _, _) in results.items()}


def test_answer_key_in_process_gets_full_marks(key_cells):
    assert points(grade(key_cells)) == FULL


def test_blank_notebook_in_process_gets_zero():
    env = nbenv.execute(nbenv.code_cells(ROOT / "release" / HW / f"{HW}.ipynb"))
    assert points(nbenv.grade(env, SOLUTIONS / "tests")) == {q: 0 for q in FULL}


def test_forbidden_shortcut_scores_zero_with_a_reason(key_cells):
    shortcut = ("def rnn_step(x_t, h_prev, W_x, W_h, b):\n"
                "    return torch.rnn_tanh_cell(x_t[None], h_prev[None], W_x.T, W_h.T, b, None)[0]\n")
    results = grade(key_cells, rnn_step=shortcut)
    assert points(results)["q1_1"] == 0
    assert all("torch.rnn_tanh_cell, which this question does not allow" in m
               for m in results["q1_1"][2])
    assert {q: s for q, s in points(results).items() if q != "q1_1"} == {
        q: s for q, s in FULL.items() if q != "q1_1"}


WRONG_MASKED_SOFTMAX = ("def masked_softmax(X, valid_lens=None):\n"
                        "    def sequence_mask(X, valid_lens, value=0):\n"
                        "        return X\n"
                        "    return torch.softmax(X, dim=-1)\n")


@pytest.mark.parametrize("name, wrong, loses", [
    ("rnn_step", "def rnn_step(x_t, h_prev, W_x, W_h, b):\n    return torch.tanh(x_t @ W_x + b)\n",
     "q1_1"),
    ("lstm_step", "def lstm_step(x_t, h_prev, c_prev, *weights):\n    return h_prev, c_prev\n", "q1_2"),
    ("masked_softmax", WRONG_MASKED_SOFTMAX, "q3"),
    ("transpose_qkv", "@d2l.add_to_class(MultiHeadAttention)\ndef transpose_qkv(self, X):\n"
     "    return X.reshape(X.shape[0] * self.num_heads, X.shape[1], -1)\n", "q7_1"),
    ("transpose_output", "@d2l.add_to_class(MultiHeadAttention)\ndef transpose_output(self, X):\n"
     "    return X.reshape(-1, X.shape[1], X.shape[2] * self.num_heads)\n", "q7_2"),
])
def test_a_wrong_answer_costs_points_only_in_its_own_question(key_cells, name, wrong, loses):
    got = points(grade(key_cells, **{name: wrong}))
    assert got[loses] < FULL[loses]
    assert {q: s for q, s in got.items() if q != loses} == {
        q: s for q, s in FULL.items() if q != loses}


def test_scores_do_not_depend_on_the_random_state_left_by_the_notebook(key_cells):
    import torch
    env = nbenv.execute(key_cells)
    torch.manual_seed(12345)
    first = points(nbenv.grade(env, SOLUTIONS / "tests"))
    torch.rand(1000)
    assert points(nbenv.grade(env, SOLUTIONS / "tests")) == first == FULL
