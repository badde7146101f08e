"""What a student release gives away, and whether its points are the ones the README states.

Reads the committed releases (``release/<hw>/``), answer-key bundles (``solutions/<hw>/``) and
source notebooks; ``make goldens`` keeps them in step with the sources (test_build checks that).
"""
import ast
import json
import re

import pytest

from conftest import HOMEWORKS, ROOT
from autograder import bundle as bundle_mod, paths
from autograder.authoring import source as source_mod
from autograder.grading.lms import blackboard

PROMPT_MARK = "<!-- BEGIN QUESTION -->"  # otter's mark on the prompt cell of a written question
SHAPE_RE = re.compile(r"\([^()]*,[^()]*\)")  # "(B, T, num_heads * vec_length)"
IGNORE_MARK = "## ignore ##"  # otter assign drops such cells: the instructor-only notes


def _text(source):
    return "".join(source) if isinstance(source, list) else str(source or "")


def _squash(text):
    return " ".join(text.replace("`", "").split())


def _release_cells(hw):
    nb = json.loads((paths.release_dir(hw, ROOT) / f"{hw}.ipynb").read_text("utf-8"))
    return [_squash(_text(cell["source"])) for cell in nb["cells"]]


def _public_tests(hw):
    folder = paths.release_dir(hw, ROOT) / "tests"
    return {path.stem: path.read_text("utf-8") for path in sorted(folder.glob("*.py"))}


def answer_fragments(rubric, prompt):
    """The pieces of a rubric that are answers: each item's description, each shape in it, and
    each side of an arrow; minus whatever the question's own prompt states (that is given)."""
    found = set()
    for item in rubric["items"]:
        text = _squash(item["description"])
        found.add(text)
        found.update(SHAPE_RE.findall(text))
        for side in text.split("->"):
            if SHAPE_RE.fullmatch(side.strip()):
                found.add(side.strip())
    return {f for f in found if f not in prompt and len(f) > 6}


def test_answer_fragments_are_the_rubrics_answers():
    rubric = {"items": [{"points": 1, "description": "(B, h, T, d) -> (B, T, h * d)"}]}
    assert answer_fragments(rubric, "The input is (B, h, T, d).") == {
        "(B, h, T, d) -> (B, T, h * d)", "(B, T, h * d)"}


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_no_written_answer_given_away_in_the_release(hw):
    """A written question's rubric answers appear nowhere in the student release (notebook and
    public tests) but in that question's own prompt: not before it, and not in the code
    questions after it either."""
    source = source_mod.read(paths.source_notebook(hw, ROOT))
    written = [q for q in source.questions if q.manual and q.rubric]
    cells = _release_cells(hw)
    prompts = [k for k, cell in enumerate(cells) if PROMPT_MARK in cell]
    manual = [q for q in source.questions if q.manual]
    assert len(prompts) == len(manual)
    where = {q.name: k for q, k in zip(manual, prompts)}
    tests = [_squash(text) for text in _public_tests(hw).values()]
    leaks = []
    for question in written:
        own = where[question.name]
        others = cells[:own] + cells[own + 1:] + tests
        for fragment in answer_fragments(question.rubric, cells[own]):
            if any(fragment in text for text in others):
                leaks.append(f"{question.name}: {fragment!r}")
    assert not leaks, f"{hw}: rubric answers shown in the release: {leaks}"


def _style_targets(tree, hidden):
    """``X.y`` names whose PEP 8 a style check covers: the loop over ``pycodestyle`` in a public
    check, the arguments of ``style_issues`` in a hidden test."""
    found = set()
    for node in ast.walk(tree):
        if hidden and isinstance(node, ast.Call) and getattr(node.func, "id", "") == "style_issues":
            found |= {ast.unparse(arg) for arg in node.args}
        if not hidden and isinstance(node, ast.For) and isinstance(node.iter, ast.Tuple):
            found |= {ast.unparse(elt) for elt in node.iter.elts}
    return found


def _style_checks(text, hidden):
    """``{test function: targets}`` of the style checks of one test file."""
    checks = {}
    for node in ast.parse(text).body:
        if not isinstance(node, ast.FunctionDef):
            continue
        body = ast.unparse(node)
        is_style = "style_issues(" in body if hidden else "pycodestyle" in body
        if is_style:
            checks[node.name] = _style_targets(node, hidden)
    return checks


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_public_and_hidden_style_checks_cover_the_same_code(hw):
    """A style check a student can run covers exactly the functions the hidden one grades."""
    bundle = bundle_mod.load(paths.bundle(hw, ROOT), hw)
    public = _public_tests(hw)
    for question, text in bundle.tests.items():
        hidden = set().union(*_style_checks(text, hidden=True).values())
        shown = set().union(*_style_checks(public.get(question, ""), hidden=False).values())
        assert hidden == shown, (f"{hw} {question}: the public style check covers "
                                 f"{sorted(shown)}, the hidden one {sorted(hidden)}")


def test_style_checks_are_found():
    """The agreement test above reads real checks (mhsa_causal has one per task)."""
    bundle = bundle_mod.load(paths.bundle("mhsa_causal", ROOT), "mhsa_causal")
    public = _public_tests("mhsa_causal")
    for question, count in (("style_1", 2), ("style_2", 3)):
        hidden = set().union(*_style_checks(bundle.tests[question], hidden=True).values())
        shown = set().union(*_style_checks(public[question], hidden=False).values())
        assert len(hidden) == count and hidden == shown


README_ROW_RE = re.compile(r"^\| `(?P<hw>\w+)` \|.*\| (?P<auto>\d+(?:\.\d+)?) \+ "
                           r"(?P<manual>\d+(?:\.\d+)?)\b", re.M)


def _readme_points():
    text = (ROOT / "README.md").read_text("utf-8")
    return {m["hw"]: (float(m["auto"]), float(m["manual"])) for m in README_ROW_RE.finditer(text)}


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_points_possible_match_the_readme(hw):
    """README's table states each homework's points (autograded + by hand); the source
    notebook's questions, the built bundle and Blackboard's Total Pts agree with it."""
    stated = _readme_points()
    assert hw in stated, f"README.md's homework table has no row for {hw}"
    auto, manual = stated[hw]
    source = source_mod.read(paths.source_notebook(hw, ROOT))
    assert (source.autograded_points, source.manual_points) == (auto, manual)
    bundle = bundle_mod.load(paths.bundle(hw, ROOT), hw)
    assert bundle.max_points == auto + manual
    assert blackboard.score_header(hw, bundle.max_points).startswith(
        f"{hw} [Total Pts: {auto + manual:g} Score]")


def test_mhsa_causal_is_worth_ten_with_deductions_and_a_bonus_on_top():
    """The course document's scheme: Task 1 = 4, Task 2 = 6; PEP 8 and shape comments are
    deductions (questions worth 0 that can only lose), the 3-line bonus is outside Total Pts."""
    bundle = bundle_mod.load(paths.bundle("mhsa_causal", ROOT), "mhsa_causal")
    points = {q["name"]: q["points"] for q in bundle.questions}
    assert bundle.max_points == 10
    assert points["q1_1"] + points["q1_2"] == 4
    assert points["q2_1"] + points["q2_2"] + points["q2_3"] == 6
    for style in ("style_1", "style_2"):
        assert points[style] == 0
        case_points = re.findall(r"@test_case\(points=(-?\d+), hidden=True", bundle.tests[style])
        assert sorted(map(int, case_points)) == [-1, 1]  # at best 0, at worst -1
    review = next(q for q in bundle.questions if q["name"] == "code_review")
    assert review["points"] == 0 and review["rubric"]["scoring"] == "negative"
    assert sorted(i["points"] for i in review["rubric"]["items"]) == [-1, -1, 1]
    inline = [q for q in bundle.questions if q["name"].startswith("inline_q")]
    assert len(inline) == 5 and all(q["points"] == 0 for q in inline)


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_instructor_notes_stay_in_the_source(hw):
    """The source notebook explains its departures from the course document in cells otter
    assign drops; none of their text reaches the release or the answer key."""
    src = json.loads(paths.source_notebook(hw, ROOT).read_text("utf-8"))
    notes = [_text(c["source"]) for c in src["cells"] if _text(c["source"]).startswith(IGNORE_MARK)]
    assert notes, f"{hw}: no instructor note on where it departs from its course document"
    released = (paths.release_dir(hw, ROOT) / f"{hw}.ipynb").read_text("utf-8")
    key = paths.answer_key(hw, ROOT).read_text("utf-8")
    for note in notes:
        first = note.splitlines()[1]
        assert first not in released and first not in key
        assert IGNORE_MARK not in released and IGNORE_MARK not in key
