"""``python -m autograder variants HW``: measure whether the hidden tests are right.

Each file ``tests/variants/HW/<question>/<name>.py`` is one answer to one question, correct or
wrong, starting with header lines:

    # expect: correct            (or: wrong)
    # why: einsum instead of bmm
    # source: d2l.masked_softmax (optional: take the code from the installed package instead)
    # rename: _sequence_mask -> sequence_mask (optional, with source: adapt names to the handout)
    # decorate: MultiHeadAttention (optional, with source: a method added with add_to_class;
    #           the cell gets ``from d2l import torch as d2l`` when the notebook lacks it)

The variant replaces the answer cells of the key that define the same functions or classes (or,
for answers typed as values, assign the same names); the batch grader grades
all variants; every correct variant must get full marks on its question, every wrong one must
lose points there, and no variant may change the score of any other question.
"""
import ast
import dataclasses
import importlib
import inspect
import json
import re
import tempfile
import textwrap
from pathlib import Path

import nbformat

from .. import nbcode, paths
from ..grading import grade

DECORATOR = "@d2l.add_to_class"
# what a decorated variant gets when the notebook does not bind d2l itself (else a NameError)
D2L_IMPORT = "from d2l import torch as d2l\n\n\n"
HEADER_RE = re.compile(r"^#\s*(expect|why|source|rename|decorate):\s*(.+?)\s*$", re.M)


@dataclasses.dataclass
class Variant:
    question: str
    name: str
    expect: str
    why: str
    code: str

    @property
    def label(self):
        return f"{self.question}/{self.name}"


def variants_dir(hw, root=paths.ROOT):
    return Path(root) / "tests" / "variants" / hw


def _external_source(spec):
    """The source of ``d2l.<qualified name>`` from the installed package (never copied here)."""
    module_name, _, qualname = spec.partition(".")
    obj = importlib.import_module("d2l.torch" if module_name == "d2l" else module_name)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return textwrap.dedent(inspect.getsource(obj))


def load(path, question):
    text = Path(path).read_text("utf-8")
    header = {}
    for key, value in HEADER_RE.findall(text):
        header.setdefault(key, []).append(value)
    expect = header.get("expect", [""])[0]
    if expect not in ("correct", "wrong"):
        raise ValueError(f"{path}: the first lines must say '# expect: correct' or '# expect: wrong'")
    code = text
    if "source" in header:
        code = _external_source(header["source"][0])
        for rule in header.get("rename", []):
            old, _, new = rule.partition("->")
            code = re.sub(rf"\b{re.escape(old.strip())}\b", new.strip(), code)
        if "decorate" in header:
            code = f"{DECORATOR}({header['decorate'][0]})\n{code}"
    return Variant(question, Path(path).stem, expect, header.get("why", [""])[0], code)


def collect(hw, root=paths.ROOT):
    found = []
    for question_dir in sorted(p for p in variants_dir(hw, root).iterdir() if p.is_dir()):
        for path in sorted(question_dir.glob("*.py")):
            found.append(load(path, question_dir.name))
    return found


def _answer_names(code):
    """What an answer cell defines: its functions and classes, else the names it assigns."""
    names = set(nbcode.defined_names(code))
    return names or {(None, name) for name in nbcode.top_level_assigned_names(code)}


def _binds_d2l(nb):
    """Whether a code cell of ``nb`` binds ``d2l`` at top level (``from d2l import torch as
    d2l``, ``import d2l``)."""
    for cell in nb.cells:
        tree = nbcode.parse_cell(cell.source) if cell.cell_type == "code" else None
        for node in tree.body if tree is not None else []:
            if isinstance(node, (ast.Import, ast.ImportFrom)) and any(
                    (alias.asname or alias.name.split(".")[0]) == "d2l" for alias in node.names):
                return True
    return False


def substitute(key_nb, variant):
    """The answer key with the cells that define what ``variant`` defines replaced by it."""
    nb = nbformat.from_dict(json.loads(json.dumps(key_nb)))
    code = variant.code
    if code.startswith(DECORATOR) and not _binds_d2l(nb):
        code = D2L_IMPORT + code
    names = _answer_names(variant.code)
    if not names:
        raise ValueError(f"{variant.label}: defines no function or class and assigns no name")
    replaced = False
    for cell in nb.cells:
        if cell.cell_type == "code" and names & _answer_names(cell.source):
            cell.source = "" if replaced else code
            replaced = True
    if not replaced:
        raise ValueError(f"{variant.label}: no answer cell of the key defines {sorted(names)}")
    return nb


def main(hw, root=paths.ROOT, log=print, workers=None):
    """Grade every variant of ``hw``; return (rows of the matrix, summary dict, failures)."""
    key_nb = nbformat.read(paths.answer_key(hw, root), as_version=4)
    found = collect(hw, root)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "variants"
        folder.mkdir()
        files = {}
        for k, variant in enumerate(found):
            path = folder / f"v{k:03d}.ipynb"
            path.write_text(nbformat.writes(substitute(key_nb, variant)), encoding="utf-8")
            files[path.name] = variant
        key_path = folder / "key.ipynb"
        key_path.write_text(nbformat.writes(key_nb), encoding="utf-8")
        rows = grade.main(hw, [folder], Path(tmp) / "out", workers=workers, timeout=30,
                          bundle_path=paths.bundle(hw, root), progress=False, log=lambda *_: None)
    by_file = {row.submission.rsplit("/", 1)[-1]: row for row in rows}
    key_scores = by_file["key.ipynb"].scores
    matrix, failures = [], []
    for name, variant in files.items():
        row = by_file[name]
        own = row.scores.get(variant.question)
        full = key_scores.get(variant.question)
        others = {q: s for q, s in row.scores.items() if q != variant.question and s != key_scores[q]}
        if variant.expect == "correct":
            ok = row.status == "ok" and own == full and not others
        else:
            ok = row.status == "ok" and own is not None and own < full and not others
        reasons = [t["message"] for t in row.tests if not t["passed"]
                   and t["question"] == variant.question][:1]
        matrix.append({"variant": variant.label, "expect": variant.expect, "why": variant.why,
                       "points": own, "of": full, "others_changed": others, "ok": ok,
                       "question": variant.question, "scores": dict(row.scores),
                       "status": row.status, "first_failure": reasons[0] if reasons else ""})
        if not ok:
            failures.append(matrix[-1])
    summary = rates(matrix)
    log(format_matrix(hw, matrix, summary, key_scores))
    return matrix, summary, failures


def main_all(homeworks, root=paths.ROOT, log=print):
    """Grade the corpus of each homework, then (for several) their summary lines; 1 if any failed.

    A homework without a corpus is a failure: issue 5 asks for every built homework."""
    lines, failed = [], False
    for hw in homeworks:
        if not variants_dir(hw, root).is_dir():
            lines.append(f"{hw}: no corpus in {variants_dir(hw, root).relative_to(root)}")
            log(lines[-1])
            failed = True
            continue
        matrix, summary, failures = main(hw, root, log=log)
        lines.append(summary_line(hw, summary))
        failed = failed or bool(failures)
    if len(homeworks) > 1:
        log("\n".join(lines))
    return 1 if failed else 0


def rates(matrix):
    wrong = [m for m in matrix if m["expect"] == "wrong"]
    correct = [m for m in matrix if m["expect"] == "correct"]
    caught = sum(1 for m in wrong if m["points"] is not None and m["points"] < m["of"])
    marked_down = sum(1 for m in correct if m["points"] != m["of"])
    return {"wrong": len(wrong), "caught": caught, "correct": len(correct),
            "marked_down": marked_down,
            "kill_rate": caught / len(wrong) if wrong else 1.0,
            "false_fail_rate": marked_down / len(correct) if correct else 0.0,
            "cross_question": sum(1 for m in matrix if m["others_changed"])}


def format_matrix(hw, matrix, summary, key_scores):
    """One row per variant, one column per question: its points there, [own question] in brackets,
    ! where another question's points changed; the answer key's row first."""
    questions = list(key_scores)
    width = max([len("variant"), len(f"{hw} key")] + [len(m["variant"]) for m in matrix])
    cols = [max(len(q), 6) for q in questions]

    def cells(scores, own=None):
        out = []
        for q, w in zip(questions, cols):
            value = scores.get(q)
            text = "-" if value is None else f"{value:g}"
            if q == own:
                text = f"[{text}]"
            elif value != key_scores[q]:
                text += "!"
            out.append(f"{text:>{w}}")
        return "  ".join(out)

    lines = [f"{'variant':<{width}}  expect   "
             + "  ".join(f"{q:>{w}}" for q, w in zip(questions, cols)) + "  check  why",
             f"{hw + ' key':<{width}}  {'':<7}  " + cells(key_scores) + "         full marks"]
    for m in matrix:
        flag = "ok" if m["ok"] else "FAIL"
        status = "" if m["status"] == "ok" else f" (status {m['status']})"
        lines.append(f"{m['variant']:<{width}}  {m['expect']:<7}  "
                     f"{cells(m['scores'], m['question'])}  {flag:<5}  {m['why']}{status}")
    lines.append(summary_line(hw, summary))
    return "\n".join(lines)


def summary_line(hw, summary):
    return (f"{hw}: kill rate {summary['caught']}/{summary['wrong']} = {summary['kill_rate']:.0%}, "
            f"false-fail rate {summary['marked_down']}/{summary['correct']} = "
            f"{summary['false_fail_rate']:.0%}, variants changing another question: "
            f"{summary['cross_question']}")
