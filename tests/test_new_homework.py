"""``python -m autograder new HW`` (issue 17): the template homework builds, certifies and grades.

Everything happens in a scratch tree (as ``conftest.fresh_build`` does), so that no new homework
lands in the repository.
"""
import shutil

import nbformat
import pytest

from autograder import cli, paths
from autograder.authoring import apidoc, build, new, source as source_mod, variants
from autograder.grading import grade
from conftest import ROOT

HW = "template_hw"


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """A scratch tree with the README, and homework ``HW`` made by the ``new`` verb and built."""
    root = tmp_path_factory.mktemp("tree")
    shutil.copy(ROOT / "README.md", root / "README.md")
    (root / "notebooks").mkdir()
    lines = []
    new.main(HW, root=root, log=lines.append)
    result = build.main(HW, root=root, pdf=False, log=lines.append)
    return root, result, lines


def test_new_writes_the_notebook_the_corpus_and_the_readme_row(tree):
    root, _, lines = tree
    source = source_mod.read(paths.source_notebook(HW, root))
    kinds = {(q.manual, bool(q.forbidden), bool(q.rubric)) for q in source.questions}
    assert (False, True, False) in kinds and (True, False, True) in kinds
    assert f"| `{HW}` | (what the homework covers) | 20 + 5 |" in (
        root / "README.md").read_text("utf-8")
    found = variants.collect(HW, root)
    for question in ("q1", "q2"):  # the minimum counts of tests/test_variants.py
        assert sum(v.expect == "correct" for v in found if v.question == question) >= 3
        assert sum(v.expect == "wrong" for v in found if v.question == question) >= 5
    assert any("python -m autograder build" in line for line in lines)


def test_the_template_builds_and_the_batch_grader_gives_its_key_full_marks_and_blank_zero(
        tree, tmp_path):
    root, result, _ = tree
    assert result["key_scores"] is not None  # the build certified the key with both graders
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(paths.answer_key(HW, root), folder / "key.ipynb")
    shutil.copy(paths.release_dir(HW, root) / f"{HW}.ipynb", folder / "blank.ipynb")
    rows = grade.main(HW, [folder], tmp_path / "out", timeout=60, progress=False,
                      bundle_path=paths.bundle(HW, root), log=lambda *_: None)
    by_name = {row.submission.rsplit("/", 1)[-1]: row for row in rows}
    assert by_name["key.ipynb"].scores == {"q1": 10, "q2": 10}
    assert by_name["blank.ipynb"].scores == {"q1": 0, "q2": 0}


def test_the_template_corpus_passes_its_hidden_tests(tree):
    root, _, _ = tree
    matrix, summary, failures = variants.main(HW, root, log=lambda *_: None)
    assert failures == [], failures
    assert summary["kill_rate"] == 1.0 and summary["false_fail_rate"] == 0.0


def test_missing_says_in_one_line_what_make_test_still_needs(tree, tmp_path):
    root, _, _ = tree
    line = new.missing(HW, root)
    assert line.count("\n") == 0 and "samples" in line and "README" not in line
    (tmp_path / "notebooks").mkdir()
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    new.main("other_hw", root=tmp_path, log=lambda *_: None)
    shutil.rmtree(tmp_path / "tests")
    (tmp_path / "README.md").write_text("| id | content | points (autograded + by hand) |\n"
                                        "|---|---|---|\n", encoding="utf-8")
    line = new.missing("other_hw", tmp_path)
    assert "build" in line and "README.md" in line and "| `other_hw` |" in line
    assert "tests/variants/other_hw" in line


@pytest.mark.parametrize("bad", ["", "Bad", "1hw", "a/b", "../x", "x" * 41])
def test_new_refuses_a_bad_or_existing_id(tmp_path, bad):
    (tmp_path / "notebooks" / "taken").mkdir(parents=True)
    with pytest.raises(new.NewHomeworkError):
        new.main(bad, root=tmp_path, log=lambda *_: None)
    with pytest.raises(new.NewHomeworkError, match="exists already"):
        new.main("taken", root=tmp_path, log=lambda *_: None)


def test_the_new_verb_is_on_the_command_line(tmp_path, monkeypatch, capsys):
    (tmp_path / "notebooks").mkdir()
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    monkeypatch.setattr(new.main, "__defaults__", (tmp_path, None, print))
    assert cli.main(["new", "cli_hw", "--title", "A title"]) == 0
    text = paths.source_notebook("cli_hw", tmp_path).read_text("utf-8")
    assert "# Homework: A title" in text and "name: cli_hw" in text
    nbformat.validate(nbformat.reads(text, as_version=4))


def test_a_decorated_variant_gets_d2l_when_the_notebook_does_not_import_it():
    """``decorate:`` writes ``@d2l.add_to_class(...)``: without d2l in the notebook, the variant
    would score 0 with a NameError blamed on the answer (issue 17)."""
    cell = nbformat.v4.new_code_cell
    variant = variants.Variant("q1", "v", "correct", "",
                               "@d2l.add_to_class(M)\ndef forward(self, x):\n    return x\n")
    bare = nbformat.v4.new_notebook(cells=[cell("import torch"), cell(
        "@add_to_class(M)\ndef forward(self, x):\n    return 2 * x\n")])
    out = variants.substitute(bare, variant).cells[1].source
    assert out == variants.D2L_IMPORT + variant.code
    with_d2l = nbformat.v4.new_notebook(cells=[cell("from d2l import torch as d2l"), cell(
        "@add_to_class(M)\ndef forward(self, x):\n    return 2 * x\n")])
    assert variants.substitute(with_d2l, variant).cells[1].source == variant.code


def test_the_authoring_guide_documents_hwkit_as_its_docstrings_say():
    """docs/authoring.md's ``_hwkit`` section is generated: stale, this fails."""
    assert apidoc.current(ROOT) == apidoc.markdown(), (
        "docs/authoring.md is stale: run python -m autograder.authoring.apidoc")
    assert apidoc.used_by_notebooks(ROOT) <= set(apidoc.API), "a test uses an undocumented name"
    assert "docs/authoring.md" in (ROOT / "README.md").read_text("utf-8")


def test_the_package_declares_every_data_file_it_ships():
    """pyproject.toml's package data covers every file of the package that is not Python
    (templates, static files, the template notebook and corpus): a wheel holds them all."""
    import fnmatch
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["autograder"]
    package = ROOT / "autograder"
    data = [p.relative_to(package).as_posix() for p in package.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
            and (p.suffix != ".py" or "template_variants" in p.parts)]
    assert data and all(any(fnmatch.fnmatch(f, pat) for pat in patterns) for f in data), data
    assert config["project"]["scripts"]["autograder"] == "autograder.cli:main"


def test_make_targets_other_than_setup_never_reinstall_an_existing_venv(tmp_path):
    """With the venv's stamp present, ``make test`` and ``make release`` run no setup step
    (whatever the file times of a fresh clone); without a venv, ``make test`` creates it."""
    import subprocess

    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / ".installed").touch()

    def dry(*args):
        return subprocess.run(["make", "-n", "-C", str(ROOT), *args], capture_output=True,
                              text=True, check=True).stdout

    for target in ("test", "release", "variants"):
        plan = dry(target, f"VENV={venv}")
        assert "pip install" not in plan and ".pth" not in plan, plan
    plan = dry("test", f"VENV={tmp_path / 'none'}")
    assert "python3 -m venv" in plan and "pip install -q --no-deps -e ." in plan
    # the .pth file of earlier setups is only removed, never written
    assert not [line for line in plan.splitlines() if ".pth" in line and ">" in line]


def test_missing_reports_a_corpus_left_from_the_template_or_too_small(tree, tmp_path):
    """After the template's questions are replaced, its variants match no answer: the build's
    line says so (else test_variants fails later with a bare ValueError)."""
    root, _, _ = tree
    assert new.corpus_problems(HW, root) == []
    copy = tmp_path / "tree"
    for part in ("solutions", "tests/variants"):
        shutil.copytree(root / part / HW, copy / part / HW)
    (copy / "tests/variants" / HW / "q1" / "max_shift.py").unlink()
    (copy / "tests/variants" / HW / "q2" / "other.py").write_text(
        "# expect: wrong\n# why: a stale answer\ndef gru_step(x):\n    return x\n")
    problems = new.corpus_problems(HW, copy)
    assert any("q1: 2 correct and 5 wrong variants (at least 3 and 5)" in p for p in problems)
    assert any("variants matching no answer cell: q2/other" in p for p in problems)
