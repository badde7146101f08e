"""``python -m autograder samples HW``: a small generated class of submissions for homework HW.

Written to ``samples/HW/`` in the layout of Blackboard's "Download assignment" (each file named
``<Assignment>_<username>_attempt_<time>_<name>`` with a ``.txt`` receipt), the way students
make them: the released notebook with answers written into its answer cells (taken from the
answer key), so an honest sample carries no tamper flag. Full marks, blank, partly wrong, an
infinite loop, a crash of the Python process, an invalid file, two attempts by one student, and
a notebook outside Blackboard naming that is identified by its STUDENT ID cell. Usernames and
IDs are made up. The output depends only on the release and the key (byte-deterministic).

Late work (``LATE_OPTIONS``, with ``samples/HW.extensions.csv``): the second attempt of the
student with two is late (the first was on time), one student is late, one past the cutoff,
one late but on time by an extension, and the e-mailed notebook has no known time.

Similarity (``_copied_pair``): one student answers a question with a correct answer of the
variants corpus unlike the key's, another hands in the same cell with names renamed and
comments dropped; the similarity review flags that pair on that question and nothing else.
"""
import ast
import dataclasses
import datetime
import json
import re
import shutil

import nbformat

from .. import nbcode, paths
from . import source as source_mod

ASSIGNMENT = "Homework"
# the late policy the sample class is meant to be graded with (see samples/HW.md)
LATE_OPTIONS = {"due": "2026-10-20 23:59", "timezone": "Asia/Singapore", "penalty": 10,
                "cutoff": 3}
EXTENSIONS = [("student12", "2026-10-24 23:59")]
US_STYLE = {"student10"}  # receipts of a US site: "Thursday, October 22, 2026 10:00:00 AM SGT"
STUDENT_ID_LINE = re.compile(r"\*\*STUDENT ID:\*\*.*")


def _answers(hw, root):
    """Per question, the names its answer cells define, in notebook order."""
    src = source_mod.read(paths.source_notebook(hw, root))
    per_question = {}
    for owner, code in src.reference_cells:
        if owner:
            per_question.setdefault(owner, []).extend(nbcode.defined_names(code))
    return [(q.name, per_question.get(q.name, [])) for q in src.questions if not q.manual]


def _definition_cell(nb, owner, name):
    for cell in nb.cells:
        if cell.cell_type == "code" and (owner, name) in nbcode.defined_names(cell.source):
            return cell
    return None


def _with_answers_from(nb, donor, names):
    """``nb`` with the cells defining ``names`` taken from ``donor`` (for example the blank)."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for owner, name in names:
        target, source = _definition_cell(nb, owner, name), _definition_cell(donor, owner, name)
        if target is not None and source is not None:
            target.source = source.source
    return nb


def _with_body(nb, owner, name, body):
    """``nb`` with function ``name``'s body replaced by ``body`` (source lines); for a class,
    the body of its first method."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    cell = _definition_cell(nb, owner, name)
    tree = ast.parse(cell.source)
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == name:
            node = next(n for n in node.body if isinstance(n, ast.FunctionDef))
        if isinstance(node, ast.FunctionDef) and node.name in (name, "__init__", "forward"):
            node.body = ast.parse(body).body
            break
    cell.source = ast.unparse(tree)
    return nb


def answered(release, key):
    """The released notebook with every answer cell (otter's ``otter_answer_cell`` tag) holding
    the answer key's cell of the same id, as a student who got everything right would save it."""
    nb = nbformat.from_dict(json.loads(json.dumps(release)))
    answers = {cell.get("id"): cell.source for cell in key.cells}
    for cell in nb.cells:
        if "otter_answer_cell" in cell.metadata.get("tags", []) and cell.get("id") in answers:
            cell.source = answers[cell.get("id")]
    return nb


def _student(nb, student_id, name):
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "**STUDENT ID:**" in cell.source:
            cell.source = STUDENT_ID_LINE.sub(f"**STUDENT ID:** {student_id}", cell.source)
            cell.source = cell.source.replace("**Name:**", f"**Name:** {name}", 1)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def variants(hw, root=paths.ROOT):
    """The Blackboard files ``[(username, attempt time, bytes, description)]``, and one more
    notebook outside Blackboard's naming."""
    blank = nbformat.read(paths.release_dir(hw, root) / f"{hw}.ipynb", as_version=4)
    key = answered(blank, nbformat.read(paths.answer_key(hw, root), as_version=4))
    answers = _answers(hw, root)
    first_question, first_names = next((q, names) for q, names in answers if names)
    owner, first = first_names[0]
    every_other = [name for k, (_, names) in enumerate(answers) if k % 2 for name in names]
    second_half = [name for _, names in answers[len(answers) // 2:] for name in names]

    def notebook(nb, student_id, name):
        return (nbformat.writes(_student(nb, student_id, name)) + "\n").encode()

    return [
        ("student01", "2026-10-20-09-00-00", notebook(key, "1000001", "Sample One"),
         "the answer key's answers: full marks"),
        ("student02", "2026-10-20-09-05-00", notebook(blank, "1000002", "Sample Two"),
         "the blank notebook: 0"),
        ("student03", "2026-10-20-09-10-00",
         notebook(_with_answers_from(key, blank, every_other), "1000003", "Sample Three"),
         "every other question unanswered"),
        ("student04", "2026-10-20-09-15-00",
         notebook(_with_answers_from(key, blank, second_half), "1000004", "Sample Four"),
         "the second half unanswered"),
        ("student05", "2026-10-20-09-20-00",
         notebook(_with_body(key, owner, first, "while True:\n    pass"), "1000005", "Sample Five"),
         f"an infinite loop in {first}: timeout"),
        ("student06", "2026-10-20-09-25-00",
         notebook(_with_body(key, owner, first, "import ctypes\nctypes.string_at(0)"),
                  "1000006", "Sample Six"),
         f"{first} crashes the Python process: crashed"),
        ("student07", "2026-10-20-09-30-00", notebook(key, "1000007", "Sample Seven")[:4000],
         "a truncated file: invalid-notebook"),
        ("student08", "2026-10-20-09-35-00", notebook(blank, "1000008", "Sample Eight"),
         "first attempt: superseded"),
        ("student08", "2026-10-21-18-00-00", notebook(key, "1000008", "Sample Eight"),
         "second attempt: graded; late (the first was on time)"),
        ("student10", "2026-10-22-10-00-00", notebook(key, "1000010", "Sample Ten"),
         "full marks, 2 started days late: penalised"),
        ("student11", "2026-10-27-12-00-00", notebook(key, "1000011", "Sample Eleven"),
         "full marks, past the 3-day cutoff: too-late, 0 points"),
        ("student12", "2026-10-23-09-00-00", notebook(key, "1000012", "Sample Twelve"),
         "full marks, late but within an extension (extensions.csv): no penalty"),
    ] + [(username, attempt, notebook(nb, number, name), description)
         for username, attempt, nb, number, name, description in _copied_pair(hw, key)
         ], notebook(_with_answers_from(key, blank, first_names), "1000009", "Sample Nine")


def _copied_pair(hw, key):
    """Two students for the similarity review: one answers a question with a correct answer of
    the variants corpus unlike the key's (the longest one written out in the corpus), the other
    hands in the same answer with its local names renamed and its comments and spacing changed.
    None when the homework has no such variant."""
    from . import variants as variants_mod

    found = []
    for path in sorted(variants_mod.variants_dir(hw).glob("*/*.py")):
        text = path.read_text("utf-8")
        if "# expect: correct" in text and "# source:" not in text:
            found.append(variants_mod.load(path, path.parent.name))
    if not found:
        return []
    pick = max(found, key=lambda v: (len(v.code.splitlines()), v.label))
    honest = variants_mod.substitute(key, pick)
    copy = variants_mod.substitute(key, dataclasses.replace(pick, code=_disguised(pick.code)))
    return [("student13", "2026-10-20-10-00-00", honest, "1000013", "Sample Thirteen",
             f"full marks; {pick.question} answered unlike the key ({pick.why})"),
            ("student14", "2026-10-20-10-05-00", copy, "1000014", "Sample Fourteen",
             f"full marks; the cell answering {pick.question} copied from student13, local names "
             "renamed, comments and spacing changed: flagged in similarity.html")]


def _disguised(code):
    """``code`` with every local name of its functions renamed, comments and spacing changed
    (``ast.unparse``); parameters and names that are also parameters somewhere keep theirs."""
    tree = ast.parse(code)
    for fn in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
               and n in getattr(tree, "body", []) + [m for c in tree.body
                                                     if isinstance(c, ast.ClassDef)
                                                     for m in c.body]]:
        params = {a.arg for a in ast.walk(fn) if isinstance(a, ast.arg)}
        declared = {name for n in ast.walk(fn) if isinstance(n, (ast.Global, ast.Nonlocal))
                    for name in n.names}
        local = {n.id for n in ast.walk(fn) if isinstance(n, ast.Name)
                 and isinstance(n.ctx, ast.Store)} - params - declared
        for node in ast.walk(fn):
            if isinstance(node, ast.Name) and node.id in local:
                node.id = f"my_{node.id.lower()}"
    return "# my answer\n" + ast.unparse(tree) + "\n"


def receipt(username, attempt, original):
    """The text of Blackboard's receipt for one attempt with one file."""
    when = datetime.datetime.strptime(attempt, "%Y-%m-%d-%H-%M-%S")
    return (f"Name: Sample {username.title()} ({username})\nAssignment: {ASSIGNMENT}\n"
            f"Date Submitted: {_date_submitted(username, when)}\n"
            "Current Grade: Needs Grading\n\n"
            "Submission Field:\nThere is no student submission text data for this assignment.\n\n"
            "Comments:\nThere are no student comments for this assignment.\n\n"
            f"Files:\n\tOriginal filename: {original}\n"
            f"\tFilename: {ASSIGNMENT}_{username}_attempt_{attempt}_{original}\n")


def _date_submitted(username, when):
    if username in US_STYLE:
        return f"{when:%A, %B %d, %Y %I:%M:%S %p} SGT"
    return f"{when:%A, %d %B %Y %H:%M:%S} o'clock SGT"


def main(hw, root=paths.ROOT, log=print):
    out = paths.samples_dir(hw, root)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    blackboard, loose = variants(hw, root)
    lines = []
    for username, attempt, data, description in blackboard:
        stem = f"{ASSIGNMENT}_{username}_attempt_{attempt}"
        (out / f"{stem}_{hw}.ipynb").write_bytes(data)
        (out / f"{stem}.txt").write_text(receipt(username, attempt, f"{hw}.ipynb"),
                                         encoding="utf-8")
        lines.append(f"| `{stem}_{hw}.ipynb` | {description} |")
    (out / "emailed_submission.ipynb").write_bytes(loose)
    lines.append("| `emailed_submission.ipynb` | outside Blackboard, identified by its STUDENT ID "
                 "cell; first question unanswered; no known submission time |")
    extensions = out.with_suffix(".extensions.csv")
    extensions.write_text("student,due\n" + "".join(f"{s},{d}\n" for s, d in EXTENSIONS),
                          encoding="utf-8")
    out.with_suffix(".md").write_text(
        f"# Sample class for `{hw}`\n\nGenerated by `python -m autograder samples {hw}`; do not "
        "edit. Made-up students, in the layout of Blackboard's \"Download assignment\".\n\n"
        "| file | what it is |\n|---|---|\n" + "\n".join(lines) + "\n\nLate work: grade with "
        f"`--due '{LATE_OPTIONS['due']}' --timezone {LATE_OPTIONS['timezone']} --late-penalty "
        f"{LATE_OPTIONS['penalty']} --late-cutoff {LATE_OPTIONS['cutoff']} --extensions "
        f"samples/{hw}.extensions.csv`.\n", encoding="utf-8")
    log(f"{hw}: wrote {out.relative_to(root)}/ ({len(blackboard) + 1} submissions) and "
        f"{out.with_suffix('.md').relative_to(root)}")
    return out
