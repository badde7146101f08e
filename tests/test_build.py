"""The build of each homework, end to end: goldens, scores with otter run, no leaks."""
import re
from pathlib import Path

import nbformat
import pytest

from autograder import paths
from autograder.authoring import source
from autograder.grading import otter_run
from conftest import HOMEWORKS, ROOT
from nbenv import solution_lines

TEXT_SUFFIXES = {".ipynb", ".py", ".txt", ".md", ".json", ".yml", ".sh", ""}


def tree(directory):
    return sorted(p.relative_to(directory).as_posix() for p in Path(directory).rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


@pytest.mark.parametrize("hw", HOMEWORKS)
@pytest.mark.parametrize("kind", ["release", "solutions"])
def test_generated_files_match_goldens(fresh_build, built_root, hw, kind):
    """The committed release/ and solutions/ are exactly what the build makes (run `make goldens`)."""
    fresh, golden = built_root / kind / hw, ROOT / kind / hw
    assert tree(fresh) == tree(golden)
    differing = [name for name in tree(fresh)
                 if (fresh / name).read_bytes() != (golden / name).read_bytes()]
    assert not differing, f"differ from the build, run `make goldens`: {differing}"


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_answer_key_gets_every_autograded_point(fresh_build, hw):
    result = fresh_build[hw]
    source = result["source"]
    autograded = [q.name for q in source.questions if not q.manual]
    assert sorted(result["key_scores"]) == sorted(autograded)
    for question in source.questions:
        if not question.manual:
            assert result["key_scores"][question.name] == (question.points, question.points)


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_blank_notebook_gets_zero_with_otter_run(fresh_build, hw):
    result = fresh_build[hw]
    blank = result["release"] / f"{hw}.ipynb"
    per_question = otter_run.scores(otter_run.run(blank, result["bundle"]))
    source = result["source"]
    assert sum(p for _, p in per_question.values()) == source.autograded_points
    assert {q: s for q, (s, _) in per_question.items() if s} == {}


def hidden_test_lines(tests_dir, source_path):
    """Lines found only in hidden test cases (not in public tests nor outside the tests)."""
    hidden, public = [], set()
    for path in Path(tests_dir).glob("*.py"):
        for case in re.split(r"\n(?=@test_case)", path.read_text("utf-8")):
            lines = [l.strip() for l in case.splitlines()[1:]]
            if "hidden=True" in case.split("\n", 1)[0]:
                hidden += [l for l in lines if len(l) > 12]
            else:
                public |= set(lines)
    nb = nbformat.read(source_path, as_version=4)
    public |= {l.strip() for c in nb.cells if c.cell_type == "code" and "_hwkit" not in c.source
               for l in c.source.splitlines()}
    return [l for l in hidden if l not in public]


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_release_leaks_no_solution_and_no_hidden_test(fresh_build, hw):
    result = fresh_build[hw]
    release = result["release"]
    published = set()
    raw = ""
    for path in release.rglob("*"):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            text = path.read_text("utf-8")
            raw += text
            if path.suffix == ".ipynb":
                nb = nbformat.reads(text, as_version=4)
                text = "\n".join(c.source for c in nb.cells)
            published |= {l.strip() for l in text.splitlines()}
    answers = solution_lines(paths.source_notebook(hw, ROOT))
    hidden = hidden_test_lines(result["solutions"] / "tests", paths.source_notebook(hw, ROOT))
    assert len(answers) > 20 and len(hidden) > 50  # the checks below look at something
    assert [l for l in answers if l in published] == []
    assert [l for l in hidden if l in published] == []
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "hidden=True", "_hwkit", "_hw_reference"):
        assert marker not in raw
    assert sorted(p.name for p in release.rglob("*.zip")) == []


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_student_notebook_has_stubs_and_note(fresh_build, hw):
    release = fresh_build[hw]["release"]
    nb = nbformat.read(release / f"{hw}.ipynb", as_version=4)
    text = "\n".join(c.source for c in nb.cells)
    source = fresh_build[hw]["source"]
    assert nb.metadata["autograder"]["generated_from"] == f"notebooks/{hw}/{hw}.ipynb"
    assert "do not edit" in nb.metadata["autograder"]["note"]
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    stubs = re.findall(r"^\s*# YOUR CODE HERE\n\s*raise NotImplementedError", text, re.M)
    assert len(stubs) == len(re.findall(r"^\s*# YOUR CODE HERE$", text, re.M))
    assert stubs  # every stub is one, and there is at least one
    assert not re.search(r"^\s*\.\.\.\s*$", text, re.M), "a bare ... prompt was left"
    for question in source.questions:
        if not question.manual:
            assert f'grader.check("{question.name}")' in text
    public = sorted(p.stem for p in (release / "tests").glob("*.py"))
    assert public == sorted(q.name for q in source.questions if not q.manual)


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_readme_table_states_each_homeworks_points(hw):
    src = source.read(ROOT / "notebooks" / hw / f"{hw}.ipynb")
    row = next((line for line in (ROOT / "README.md").read_text("utf-8").splitlines()
                if line.startswith(f"| `{hw}` |")), None)
    assert row is not None, (f"README.md's homework table has no row for {hw}: add "
                             f"| `{hw}` | <content> | {src.autograded_points:g} + "
                             f"{src.manual_points:g} | (python -m autograder new adds it)")
    assert row.rstrip(" |").endswith(f"{src.autograded_points:g} + {src.manual_points:g}"), row


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_bundle_declares_what_its_notebook_imports(fresh_build, hw):
    """The otter zip installs Python 3.11, torch's CPU wheels and the grading packages at the
    versions of requirements.txt, and d2l without its pins after the environment is made."""
    import zipfile

    from autograder.authoring import environment

    with zipfile.ZipFile(fresh_build[hw]["bundle"]) as zf:
        env = zf.read("environment.yml").decode()
        setup = zf.read("setup.sh").decode()
    assert "python=3.11" in env
    for line in environment.requirements(ROOT):
        assert f"- {line}\n" in env
    assert "torch==" in env and "pip install --no-deps d2l==1.0.3" in setup
    assert setup.index("mamba env create") < setup.index("--no-deps d2l")
