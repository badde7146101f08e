"""The similarity review (``python -m autograder similarity``) on classes whose truth is known.

Every class is the released ``rnn_attention`` notebook answered by hand-written students:
honest ones with genuinely different correct implementations (several from the variants
corpus), one identical one-line ``rnn_step`` for everybody, and copies made with one disguise
each. The tests assert the whole set of flagged (question, student, student) triples, so an
honest pair flagged, or a copy flagged on a question it did not copy, fails them.
"""
import csv
import json
import re

import pytest

from autograder import bundle as bundle_mod, paths
from autograder.grading import similarity, similarity_report
from conftest import ROOT

HW = "rnn_attention"
RELEASE = ROOT / "release" / HW / f"{HW}.ipynb"
VARIANTS = ROOT / "tests" / "variants" / HW
SIGNATURE_STEP = ("def lstm_step(x_t, h_prev, c_prev, W_f, U_f, b_f, W_i, U_i, b_i,\n"
                  "              W_o, U_o, b_o, W_c, U_c, b_c):\n")
SIGNATURE_FORWARD = ("def lstm_forward(X, h0, c0, W_f, U_f, b_f, W_i, U_i, b_i,\n"
                     "                 W_o, U_o, b_o, W_c, U_c, b_c):\n")
ONE_LINER = ("def rnn_step(x_t, h_prev, W_x, W_h, b):\n"
             "    return torch.tanh(x_t @ W_x + h_prev @ W_h + b)\n")

PLAIN_STEP = SIGNATURE_STEP + '''\
    f_t = torch.sigmoid(x_t @ W_f + h_prev @ U_f + b_f)
    i_t = torch.sigmoid(x_t @ W_i + h_prev @ U_i + b_i)
    o_t = torch.sigmoid(x_t @ W_o + h_prev @ U_o + b_o)
    c_tilde = torch.tanh(x_t @ W_c + h_prev @ U_c + b_c)
    c_t = f_t * c_prev + i_t * c_tilde
    h_t = o_t * torch.tanh(c_t)
    return h_t, c_t
'''
# the same, renamed, re-commented and re-spaced
RENAMED_STEP = SIGNATURE_STEP + '''\
    # forget gate
    forget = torch.sigmoid( x_t@W_f + h_prev@U_f + b_f )
    inp = torch.sigmoid( x_t@W_i + h_prev@U_i + b_i )   # input gate

    out_gate = torch.sigmoid( x_t@W_o + h_prev@U_o + b_o )
    candidate = torch.tanh( x_t@W_c + h_prev@U_c + b_c )
    # new memory
    memory = forget*c_prev + inp*candidate
    hidden = out_gate*torch.tanh(memory)
    return hidden, memory
'''
LOOP_FORWARD = SIGNATURE_FORWARD + '''\
    T = X.shape[0]
    H_seq, C_seq = [], []
    h_t, c_t = h0, c0
    outputs_h = []
    outputs_c = []
    steps = range(T)
    for t in steps:
        h_t, c_t = lstm_step(X[t], h_t, c_t, W_f, U_f, b_f, W_i, U_i, b_i, W_o, U_o, b_o,
                             W_c, U_c, b_c)
        outputs_h.append(h_t.clone())
        outputs_c.append(c_t.clone())
    H_seq = torch.stack(outputs_h)
    C_seq = torch.stack(outputs_c)
    return H_seq, C_seq
'''
# fused_gates.py with its independent statements in another order
REORDERED_STEP = SIGNATURE_STEP + '''\
    bias = torch.cat([b_f, b_i, b_o, b_c])
    U = torch.cat([U_f, U_i, U_o, U_c], dim=1)
    W = torch.cat([W_f, W_i, W_o, W_c], dim=1)
    z_f, z_i, z_o, z_c = (x_t @ W + h_prev @ U + bias).chunk(4)
    f_t, i_t, o_t = torch.sigmoid(z_f), torch.sigmoid(z_i), torch.sigmoid(z_o)
    c_t = f_t * c_prev + i_t * torch.tanh(z_c)
    h_t = o_t * torch.tanh(c_t)
    return h_t, c_t
'''
# where_no_helper.py with its expressions split over several lines
SPLIT_SOFTMAX = '''\
def masked_softmax(X, valid_lens=None):
    if valid_lens is None:
        return torch.softmax(X, dim=-1)
    lens = valid_lens[:, None, None] if valid_lens.dim() == 1 else valid_lens[:, :, None]
    n = X.shape[-1]
    positions = torch.arange(n, device=X.device)
    keep = positions < lens
    fill = torch.full_like(X, -1e6)
    masked = torch.where(keep, X, fill)
    return torch.softmax(masked, dim=-1)
'''
# stacked_einsum.py with a helper extracted
EXTRACTED_STEP = '''\
def _preactivations(x, h, Ws, Us, Bs):
    return torch.einsum("d,gdh->gh", x, Ws) + torch.einsum("k,gkh->gh", h, Us) + Bs


''' + SIGNATURE_STEP + '''\
    W = torch.stack([W_f, W_i, W_o, W_c])
    U = torch.stack([U_f, U_i, U_o, U_c])
    B = torch.stack([b_f, b_i, b_o, b_c])
    Z = _preactivations(x_t, h_prev, W, U, B)
    f_t, i_t, o_t = torch.sigmoid(Z[:3])
    c_tilde = torch.tanh(Z[3])
    c_t = torch.addcmul(i_t * c_tilde, f_t, c_prev)
    return o_t * torch.tanh(c_t), c_t
'''
# gate_helper_manual_sigmoid.py with its helpers inlined
INLINED_STEP = SIGNATURE_STEP + '''\
    f_t = 1.0 / (1.0 + torch.exp(-(torch.matmul(x_t, W_f) + torch.matmul(h_prev, U_f) + b_f)))
    i_t = 1.0 / (1.0 + torch.exp(-(torch.matmul(x_t, W_i) + torch.matmul(h_prev, U_i) + b_i)))
    o_t = 1.0 / (1.0 + torch.exp(-(torch.matmul(x_t, W_o) + torch.matmul(h_prev, U_o) + b_o)))
    c_tilde = 2.0 * (1.0 / (1.0 + torch.exp(-(2.0 * (torch.matmul(x_t, W_c)
                                                     + torch.matmul(h_prev, U_c) + b_c))))) - 1.0
    c_t = f_t * c_prev + i_t * c_tilde
    h_t = o_t * (2.0 * (1.0 / (1.0 + torch.exp(-(2.0 * c_t)))) - 1.0)
    return h_t, c_t
'''
LOOP_STEP = SIGNATURE_STEP + '''\
    gates = []
    for W, U, bias, act in ((W_f, U_f, b_f, torch.sigmoid), (W_i, U_i, b_i, torch.sigmoid),
                            (W_o, U_o, b_o, torch.sigmoid), (W_c, U_c, b_c, torch.tanh)):
        gates.append(act(torch.mv(W.t(), x_t) + torch.mv(U.t(), h_prev) + bias))
    f, i, o, g = gates
    c = f * c_prev + i * g
    return o * torch.tanh(c), c
'''
HISTORY_FORWARD = SIGNATURE_FORWARD + '''\
    hs, cs = [h0], [c0]
    weights = (W_f, U_f, b_f, W_i, U_i, b_i, W_o, U_o, b_o, W_c, U_c, b_c)
    for x in X.unbind(0):
        new_h, new_c = lstm_step(x, hs[-1], cs[-1], *weights)
        hs.append(new_h)
        cs.append(new_c)
    return torch.stack(hs[1:]), torch.stack(cs[1:])
'''
LINEAR_STEP = SIGNATURE_STEP + '''\
    def affine(W, U, bias):
        return F.linear(x_t, W.T) + F.linear(h_prev, U.T) + bias

    forget, remember, expose = (torch.sigmoid(affine(*p)) for p in
                                ((W_f, U_f, b_f), (W_i, U_i, b_i), (W_o, U_o, b_o)))
    new_c = forget * c_prev + remember * torch.tanh(affine(W_c, U_c, b_c))
    return expose * torch.tanh(new_c), new_c
'''
RECURSIVE_FORWARD = SIGNATURE_FORWARD + '''\
    if X.shape[0] == 0:
        return X.new_zeros(0, h0.shape[0]), X.new_zeros(0, c0.shape[0])
    weights = [W_f, U_f, b_f, W_i, U_i, b_i, W_o, U_o, b_o, W_c, U_c, b_c]
    h1, c1 = lstm_step(X[0], h0, c0, *weights)
    rest_h, rest_c = lstm_forward(X[1:], h1, c1, *weights)
    return torch.cat([h1[None], rest_h]), torch.cat([c1[None], rest_c])
'''
KNOWN_SOURCE = SIGNATURE_FORWARD + '''\
    states = [(h0, c0)]
    for i in range(X.size(0)):
        prev_h, prev_c = states[-1]
        states.append(lstm_step(X[i], prev_h, prev_c, W_f, U_f, b_f, W_i, U_i, b_i,
                                W_o, U_o, b_o, W_c, U_c, b_c))
    hidden = torch.stack([s[0] for s in states[1:]], dim=0)
    cells = torch.stack([s[1] for s in states[1:]], dim=0)
    return hidden, cells
'''
FROM_SOURCE = SIGNATURE_FORWARD + '''\
    history = [(h0, c0)]
    for step in range(X.size(0)):
        last_h, last_c = history[-1]
        history.append(lstm_step(X[step], last_h, last_c, W_f, U_f, b_f, W_i, U_i, b_i,
                                 W_o, U_o, b_o, W_c, U_c, b_c))
    return (torch.stack([pair[0] for pair in history[1:]], dim=0),
            torch.stack([pair[1] for pair in history[1:]], dim=0))
'''

QUESTION_6 = ("What do we gain by using multi-head attention instead of a single attention head? "
              "Answer in a few sentences in the cell below.")
WRITTEN = {
    "s1": "Each head learns its own projection of queries, keys and values, so the heads can "
          "specialise: one may track nearby words, another long-range agreement or syntax. "
          "Concatenating them lets the layer combine several kinds of relations at the cost of "
          "a single full-width head, because each head works in a smaller subspace.",
    "s2": "A single head averages everything into one weighting, which blurs "
          "distinct patterns together. Several heads give an ensemble of attention "
          "distributions computed in parallel, which makes training more stable and the "
          "representation richer.",
    "s3": "We gain expressiveness: with h heads the model looks at the sequence "
          "in h different ways at once, for example positional offsets in one head and "
          "semantic similarity in another, and the output projection mixes those views.",
    "s4": "Multiple heads allow different representation subspaces to be attended at "
          "different positions simultaneously; with one head the softmax must pick a single "
          "compromise. The total computation stays about the same since dimensions are split.",
    # both quote the question and add a line of their own: not a copy of each other
    "s5": QUESTION_6 + "\n\nHeads capture different patterns.",
    "s6": QUESTION_6 + "\n\nRicher views computed in parallel.",
}
# s1's answer, lightly paraphrased
PARAPHRASED = ("Every head learns a projection of its own for the queries, keys and values, so "
               "heads may specialise: one could track nearby words, another long-range agreement "
               "or syntax. Concatenating the heads lets the layer combine several kinds of "
               "relations for the cost of one full-width head, as every head works in a smaller "
               "subspace.")


def variant(question, name):
    text = (VARIANTS / question / f"{name}.py").read_text("utf-8")
    return "\n".join(line for line in text.splitlines() if not line.startswith("# "))


def notebook(answers, written=None, student_id=""):
    """The released notebook with the answer cells that define ``answers``' names replaced,
    and question 6's answer cell holding ``written``."""
    nb = json.loads(RELEASE.read_text("utf-8"))
    cells = nb["cells"]
    for name, code in answers.items():
        cell = next(c for c in cells if c["cell_type"] == "code"
                    and re.search(rf"^def {name}\(", "".join(c["source"]), re.M))
        cell["source"] = code
    if written is not None:
        prompt = next(k for k, c in enumerate(cells) if "## Question 6 [written]"
                      in "".join(c["source"]))
        cells[prompt + 1]["source"] = written
    if student_id:
        for cell in cells:
            if "**STUDENT ID:**" in "".join(cell["source"]):
                cell["source"] = "".join(cell["source"]).replace(
                    "**STUDENT ID:**", f"**STUDENT ID:** {student_id}")
    return json.dumps(nb).encode("utf-8")


HONEST = {
    "s1": {"lstm_step": variant("q1_2", "fused_gates"),
           "lstm_forward": variant("q2_2", "accumulate"),
           "masked_softmax": variant("q3", "where_no_helper")},
    "s2": {"lstm_step": variant("q1_2", "addmv"), "lstm_forward": variant("q2_2", "zip_states"),
           "masked_softmax": variant("q3", "masked_fill")},
    "s3": {"lstm_step": variant("q1_2", "stacked_einsum"),
           "lstm_forward": variant("q2_2", "keyword_args"),
           "masked_softmax": variant("q3", "arithmetic_mask")},
    "s4": {"lstm_step": variant("q1_2", "gate_helper_manual_sigmoid"),
           "lstm_forward": variant("q2_2", "preallocated"),
           "masked_softmax": variant("q3", "neg_inf_mask")},
    "s5": {"lstm_step": PLAIN_STEP, "lstm_forward": LOOP_FORWARD,
           "masked_softmax": variant("q3", "row_loop")},
    "s6": {"lstm_step": LOOP_STEP, "lstm_forward": HISTORY_FORWARD,
           "masked_softmax": variant("q3", "exp_normalise_no_helper")},
}
COPIES = {  # student: (answers, written, {(question, the student copied)})
    "renames": ({"lstm_step": RENAMED_STEP}, None, {("q1_2", "s5")}),
    "reorders": ({"lstm_step": REORDERED_STEP}, None, {("q1_2", "s1")}),
    "splits": ({"masked_softmax": SPLIT_SOFTMAX}, None, {("q3", "s1")}),
    "extracts": ({"lstm_step": EXTRACTED_STEP}, None, {("q1_2", "s3")}),
    "inlines": ({"lstm_step": INLINED_STEP}, None, {("q1_2", "s4")}),
    "paraphrases": ({}, PARAPHRASED, {("q6", "s1")}),
    # honest everywhere but q3, copied verbatim
    "one_question": ({"lstm_step": LINEAR_STEP, "lstm_forward": RECURSIVE_FORWARD,
                      "masked_softmax": variant("q3", "masked_fill")}, None, {("q3", "s2")}),
}


@pytest.fixture(scope="module")
def bundle():
    return bundle_mod.load(paths.bundle(HW), HW)


def honest_class():
    return [(sid, notebook({"rnn_step": ONE_LINER, **answers}, WRITTEN.get(sid) or None))
            for sid, answers in HONEST.items()]


def flagged(result):
    return {(p.question, result.name(p.a), result.name(p.b, p.source))
            for p in result.pairs if p.flagged}


def test_honest_class_has_no_flag_and_the_one_liner_is_too_short(bundle):
    result = similarity.compare(HW, bundle, honest_class())
    assert flagged(result) == set()
    for index in range(len(HONEST)):
        assert result.notes[("q1_1", "s", index)] == similarity.TOO_SHORT
        assert similarity.pair_score(result, "q1_1", 0, index) is None
    # the genuinely different implementations were compared (none is too short)
    for question in ("q1_2", "q2_2", "q3"):
        assert all(not result.notes.get((question, "s", i)) for i in range(len(HONEST)))
    # s5 and s6 quote the question and add a few words each: the question counts for nothing
    # (it would make them a flagged pair, 0.67, were it compared)
    assert similarity.pair_score(result, "q6", 4, 5)[0] < similarity.LOOK_SCORE


def test_each_disguised_copy_is_flagged_on_its_question_only(bundle):
    copies = [(sid, notebook({"rnn_step": ONE_LINER, **answers}, written))
              for sid, (answers, written, _) in COPIES.items()]
    result = similarity.compare(HW, bundle, honest_class() + copies)
    expected = set()
    for sid, (_, _, copied) in COPIES.items():
        for question, original in copied:
            expected.add((question, original, sid))
    assert flagged(result) == expected


def test_a_copy_of_a_known_source_is_reported_against_it(bundle, tmp_path):
    folder = tmp_path / "last_year"
    folder.mkdir()
    (folder / "solution.py").write_text(KNOWN_SOURCE, encoding="utf-8")
    students = honest_class() + [("borrower", notebook({"lstm_forward": FROM_SOURCE}))]
    result = similarity.compare(HW, bundle, students, similarity._sources([folder], _caps()))
    assert flagged(result) == {("q2_2", "borrower", "source:last_year/solution.py")}


def _caps():
    from autograder.grading import intake
    return intake.Caps()


HOSTILE = '<script>alert("x")</script>'


def test_outputs_escape_hostile_answers_and_identities(bundle, tmp_path):
    hostile_step = RENAMED_STEP.replace("# forget gate", f"# {HOSTILE}")
    students = honest_class() + [(HOSTILE, notebook({"lstm_step": hostile_step})),
                                 ("=HYPERLINK(\"http://x\")", notebook({"lstm_step": PLAIN_STEP}))]
    result = similarity.compare(HW, bundle, students)
    assert flagged(result) == {("q1_2", "s5", HOSTILE), ("q1_2", "s5", "=HYPERLINK(\"http://x\")"),
                               ("q1_2", HOSTILE, "=HYPERLINK(\"http://x\")")}
    assert [len(members) for members, _ in similarity_report.clusters(result)] == [3]
    similarity_report.write(tmp_path, result)
    page = (tmp_path / "similarity.html").read_text("utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert" in page
    with open(tmp_path / "similarity.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and list(rows[0])[:5] == ["question", "student_a", "student_b", "score",
                                          "flagged"]
    names = {row["student_a"] for row in rows} | {row["student_b"] for row in rows}
    assert "'=HYPERLINK(\"http://x\")" in names and HOSTILE in names
    assert all(0 <= float(row["score"]) <= 1 and row["flagged"] in ("yes", "no") for row in rows)
    # anonymous by default: the names are in the page only behind "show names"
    assert re.search(r'<span class="name">&lt;script&gt;', page)


def test_an_unreadable_or_huge_answer_costs_only_itself(bundle):
    nested = SIGNATURE_STEP + "    return " + "(" * 300 + "x_t" + ")" * 300 + "\n"
    students = honest_class() + [
        ("nested", notebook({"lstm_step": nested})),
        ("huge", notebook({"lstm_step": SIGNATURE_STEP + "    x = 1\n" * 30000})),
        ("garbage", b"\x00not a notebook")]
    result = similarity.compare(HW, bundle, students)
    assert flagged(result) == set()


def test_after_grading_turns_a_failure_into_one_warning(tmp_path):
    lines = []
    assert similarity.after_grading(tmp_path, HW, None, [], log=lines.append) is None
    assert len(lines) == 1 and lines[0].startswith("WARNING: similarity review not written")


def test_command_line_options():
    from autograder import cli

    args = cli.parser().parse_args(["grade", HW, "x", "--out", "d", "--no-similarity",
                                    "--similar-to", "a", "--similar-to", "b"])
    assert args.no_similarity and args.similar_to == ["a", "b"]
    assert not cli.parser().parse_args(["grade", HW, "x", "--out", "d"]).no_similarity
    args = cli.parser().parse_args(["similarity", HW, "x", "y", "--out", "d"])
    assert args.submissions == ["x", "y"] and args.similar_to == []


def test_the_verb_uses_intake_identities(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    for sid, data in [("s5", notebook({"lstm_step": PLAIN_STEP})),
                      ("s6", notebook({"lstm_step": RENAMED_STEP}))]:
        (folder / f"Homework_{sid}_attempt_2026-10-20-09-00-00_{HW}.ipynb").write_bytes(data)
    out = tmp_path / "out"
    similarity.main(HW, [folder], out, log=lambda *_: None)
    with open(out / "similarity.csv", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["flagged"] == "yes"]
    assert [(r["question"], r["student_a"], r["student_b"]) for r in rows] == [
        ("q1_2", "s5", "s6")]
    assert similarity_report.flagged_rows(out)[0]["student_b"] == "s6"


def _stream(code):
    import ast

    from autograder.grading import similarity_rewrite

    tree = ast.parse(code)
    tokens, _ = similarity_rewrite.code_stream(tree.body, [1] * len(tree.body), {"f"}, set())
    return [label for label, _ in tokens]


def test_independent_statements_in_any_order_read_alike():
    one = ("def f(x, y):\n    a = torch.exp(x)\n    b = torch.tanh(y)\n    c = a.sum()\n"
           "    return a * b + c + b.mean() + a.max()\n")
    two = ("def f(x, y):\n    b = torch.tanh(y)\n    a = torch.exp(x)\n    c = a.sum()\n"
           "    return b.mean() + a.max() + c + b * a\n")
    dependent = ("def f(x, y):\n    a = torch.exp(x)\n    a = torch.tanh(a)\n    c = a.sum()\n"
                 "    return a * a + c\n")
    swapped = ("def f(x, y):\n    a = torch.tanh(x)\n    a = torch.exp(a)\n    c = a.sum()\n"
               "    return a * a + c\n")
    assert _stream(one) == _stream(two)
    assert _stream(dependent) != _stream(swapped)  # an order that matters stays
