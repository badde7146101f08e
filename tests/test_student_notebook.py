"""The notebooks as students and TAs run them: in a fresh kernel, under any file name."""
import ast
import re
import shutil

import nbformat
import pytest
from nbclient import NotebookClient

import nbenv
from autograder import bundle as bundle_mod, paths
from autograder.authoring import build, source as source_mod
from conftest import HOMEWORKS, ROOT


def run_in_fresh_kernel(path):
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if "export" not in c.metadata.get("tags", [])]
    NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def errors(nb):
    return [(i, o.ename, o.evalue) for i, c in enumerate(nb.cells) if c.cell_type == "code"
            for o in c.outputs if o.output_type == "error"]


def text_of(cell):
    parts = []
    for o in cell.get("outputs", []):
        parts.append(o.get("text", ""))
        parts += [str(v) for k, v in o.get("data", {}).items() if k.startswith("text/")]
    return "\n".join(parts)


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_blank_notebook_runs_under_another_name_with_only_stub_errors(fresh_build, hw, tmp_path):
    release = fresh_build[hw]["release"]
    folder = tmp_path / "downloads"
    shutil.copytree(release, folder)
    renamed = folder / "HW2 copy (1).ipynb"
    (folder / f"{hw}.ipynb").rename(renamed)
    nb = run_in_fresh_kernel(renamed)
    found = errors(nb)
    assert found, "the stubs should raise when the sanity checks call them"
    assert {ename for _, ename, _ in found} == {"NotImplementedError"}, found
    checks = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("grader.check(")]
    assert checks
    # a deduction (an autograded question worth 0, such as a PEP 8 check) takes nothing from
    # stubs: its public check passes on the blank notebook; every other check fails there
    deductions = {q["name"] for q in bundle_mod.load(paths.bundle(hw)).autograded
                  if not q["points"]}
    for cell in checks:
        question = cell.source.split('"')[1]
        output = text_of(cell)
        assert f"{question} results" in output, output
        assert ("passed!" in output) == (question in deductions), output


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_answer_key_passes_every_public_check_and_prints_pass(fresh_build, hw):
    key = nbformat.read(fresh_build[hw]["key"], as_version=4)
    assert errors(key) == []
    checks = [c for c in key.cells if c.cell_type == "code" and c.source.startswith("grader.check(")]
    assert checks and all("passed!" in text_of(c) for c in checks)
    sanity = [c for c in key.cells if c.cell_type == "code" and 'print("Pass!")' in c.source]
    assert sanity and all("Pass!" in text_of(c) for c in sanity)


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_the_key_passes_every_released_public_check(hw):
    """The released checks (forbidden shortcuts and values included) accept the key's answers."""
    env = nbenv.execute(nbenv.code_cells(ROOT / "solutions" / hw / f"{hw}-key.ipynb"))
    results = nbenv.grade(env, ROOT / "release" / hw / "tests")
    assert results and {q: r[2] for q, r in results.items() if r[2]} == {}


def corpus(hw, expect):
    """(question, name, code, defined name) of the variant corpus's answers written out."""
    for folder in sorted((ROOT / "tests" / "variants" / hw).iterdir()):
        for path in sorted(folder.glob("*.py")):
            text = path.read_text()
            header = dict(re.findall(r"^#\s*(expect|source):\s*(.+?)\s*$", text, re.M))
            names = [n.name for n in ast.parse(text).body
                     if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
            if header.get("expect") == expect and "source" not in header and names:
                yield folder.name, path.stem, text, names[0]


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_no_correct_answer_fails_a_released_public_check(hw):
    """Public checks must not mislead: every correct answer of the variant corpus passes them."""
    key = ROOT / "solutions" / hw / f"{hw}-key.ipynb"
    cells = [c for c in nbenv.code_cells(key) if source_mod.is_definition_cell(c)]
    tests = ROOT / "release" / hw / "tests"
    failing, checked = [], 0
    for question, name, code, defined in corpus(hw, "correct"):
        if not (tests / f"{question}.py").exists():
            continue
        checked += 1
        messages = nbenv.grade(nbenv.execute(cells, {defined: code}), tests, [question])
        if messages[question][2]:
            failing.append((question, name, messages[question][2][0][-200:]))
    assert checked and failing == []


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_the_name_engine_ships_once_as_hwtools_reach_not_in_each_public_check(fresh_build, hw):
    """The build writes hwkit's engine once, as release/<hw>/hwtools/reach.py; each public
    forbidden-shortcut check imports it instead of carrying a copy of it."""
    release, source = fresh_build[hw]["release"], fresh_build[hw]["source"]
    reach = (release / "hwtools" / "reach.py").read_text("utf-8")
    assert reach.startswith("# Generated from autograder/hwkit.py by "
                            f"`python -m autograder build {hw}`; do not edit.\n")
    assert reach == build.reach_module(hw) and "def reached_names(" in reach
    checked = {q for q in build.public_checks(source)}
    assert checked  # every homework has a forbidden-shortcut check
    for path in sorted((release / "tests").glob("*.py")):
        text = path.read_text("utf-8")
        assert "def reached_names(" not in text and "def live_cells(" not in text, path.name
        imports = text.count("from hwtools.reach import live_cells, reached_names")
        assert imports == (path.stem in checked), path.name


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_a_public_check_without_hwtools_beside_it_fails_and_never_passes(fresh_build, hw,
                                                                        tmp_path):
    """A homework folder without hwtools/ (its tests copied alone): each forbidden-shortcut
    check fails with a message naming hwtools/reach.py; with hwtools beside them all pass."""
    release = fresh_build[hw]["release"]
    env = nbenv.execute(nbenv.code_cells(fresh_build[hw]["key"]))
    checked = set(build.public_checks(fresh_build[hw]["source"]))
    shutil.copytree(release / "tests", tmp_path / "bare" / "tests")
    bare = nbenv.grade(env, tmp_path / "bare" / "tests")
    failing = {q for q, (_, _, messages) in bare.items() if messages}
    assert failing == checked
    assert all("hwtools/reach.py" in bare[q][2][0] for q in checked)
    shutil.copytree(release, tmp_path / "whole")
    whole = nbenv.grade(env, tmp_path / "whole" / "tests")
    assert {q: r[2] for q, r in whole.items() if r[2]} == {}
