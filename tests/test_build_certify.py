"""What the build certifies, over a tiny homework of our own (tests/fixtures/authoring/tiny):
the verdicts of the batch grader and of the otter bundle run as on Gradescope, and one line per
authoring problem, naming the question, the test and the fix."""
import re
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder import paths
from autograder.authoring import build
from autograder.grading import otter_run, sandbox, standins

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "authoring" / "tiny" / "tiny.ipynb"
HW = "tiny"


def tiny_root(root, edit=None):
    """A scratch tree holding the tiny homework, ``edit(notebook)`` applied to its source."""
    nb = nbformat.read(FIXTURE, as_version=4)
    if edit:
        edit(nb)
    target = paths.source_notebook(HW, root)
    target.parent.mkdir(parents=True)
    nbformat.write(nb, target)
    return root


def replace_in_cell(nb, old, new):
    cells = [c for c in nb.cells if old in c.source]
    assert len(cells) == 1, f"{old!r} is in {len(cells)} cells"
    cells[0].source = cells[0].source.replace(old, new)


def build_error(root, **options):
    with pytest.raises(build.BuildError) as info:
        build.main(HW, root=root, pdf=False, log=lambda *_: None, **options)
    return str(info.value)


@pytest.fixture(scope="module")
def tiny_build(tmp_path_factory):
    """The tiny homework built, its answer key certified by both graders."""
    root = tiny_root(tmp_path_factory.mktemp("tiny"))
    return build.main(HW, root=root, pdf=False, log=lambda *_: None)


def test_a_test_building_the_current_reference_works_in_both_graders(tiny_build):
    """q2's hidden test builds ``ref.Scale(3)`` (the question's own reference) to copy its
    weights into the answer: the batch grader's sandbox gets that module's state, never its code,
    and the build certifies full marks from both graders."""
    assert tiny_build["key_scores"] == {"q1": (4.0, 4), "q2": (4.0, 4)}
    from autograder import bundle as bundle_mod

    bundle = bundle_mod.load(tiny_build["bundle"], HW)
    payload = bundle.sandbox_payloads["q2"]
    assert b"x * self.weight" not in payload and b"Scale(" not in payload
    states = standins.record(bundle, "q2")
    assert list(states) == ["test_scale_with_reference_weights"]


def test_the_bundle_runs_in_gradescopes_layout(tiny_build):
    """Unzipped into source/, the key in submission/, run by the bundle's own run_otter.py with
    this venv: results/results.json gives the key every point; the bundle declares the grading
    environment (Python 3.11, torch CPU, d2l without its pins)."""
    results = otter_run.run_gradescope(tiny_build["key"], tiny_build["bundle"])
    assert otter_run.total(results) == (8.0, 8.0)
    with zipfile.ZipFile(tiny_build["bundle"]) as zf:
        env = zf.read("environment.yml").decode()
        setup = zf.read("setup.sh").decode()
    assert "python=3.11" in env and "download.pytorch.org/whl/cpu" in env
    assert re.search(r"^\s+- torch==\S+$", env, re.M) and "- numpy==" in env
    assert "pip install --no-deps d2l==" in setup
    assert setup.index("mamba env create") < setup.index("--no-deps d2l")


def test_points_that_do_not_add_up_are_an_error(tmp_path):
    root = tiny_root(tmp_path, lambda nb: replace_in_cell(
        nb, 'points: 2\nhidden: true\n""" # END TEST CONFIG\ndef test_double_matrix',
        'points: 1\nhidden: true\n""" # END TEST CONFIG\ndef test_double_matrix'))
    message = build_error(root, execute=False, verify=False)
    assert message == ("q1: its hidden tests carry 3 points but the question has points: 4; "
                       "make the hidden tests' points add up to 4")


def test_a_hidden_test_failing_on_the_reference_is_an_authoring_error(tmp_path):
    root = tiny_root(tmp_path, lambda nb: replace_in_cell(
        nb, '"double of a matrix")', '"double of a matrix")\n    assert x.shape == (3, 2)'))
    message = build_error(root, execute=False, verify=False)
    tests = (root / "solutions" / HW / "tests" / "q1.py").read_text().splitlines()
    line = 1 + next(k for k, text in enumerate(tests) if "x.shape == (3, 2)" in text)
    assert message.startswith("q1: hidden test test_double_matrix fails on the reference "
                              f"answers (as otter runs it; solutions/{HW}/tests/q1.py line "
                              f"{line}: AssertionError)")
    assert "test-authoring error" in message and "raised by the answer" not in message
    assert "\n" not in message and "Traceback" not in message


def test_an_import_the_bundle_does_not_install_is_an_error(tmp_path):
    root = tiny_root(tmp_path, lambda nb: replace_in_cell(
        nb, "from torch import nn", "from torch import nn\nimport flask"))
    message = build_error(root, execute=False, verify=False)
    assert message.startswith("the answer key or its hidden tests import flask, which the otter "
                              "bundle does not install: its package flask is not declared")


def test_a_key_the_batch_grader_scores_lower_fails_the_build(tmp_path, monkeypatch):
    """A random draw that serves only the expected value is not run in the sandbox (the test is
    sliced there), so the batch grader's inputs differ: otter gives the key 4/4 on q1, the batch
    grader 2/4. The build fails naming the question, the test and why. Isolation is made
    unavailable here: the build says so and grades without it."""
    root = tiny_root(tmp_path, lambda nb: replace_in_cell(
        nb, '    with seeded(1):\n        x = torch.randn(3)\n'
            '    assert_close(double(x), ref.double(x), "double of a vector")',
        '    with seeded(1):\n        noise = torch.randn(3)\n        x = torch.randn(3)\n'
        '    assert_close(double(x), ref.double(x) + 0 * noise, "double of a vector")'))
    monkeypatch.setattr(sandbox, "isolation_problem", lambda ctx=None: "no user namespaces")
    logged = []
    with pytest.raises(build.BuildError) as info:
        build.main(HW, root=root, pdf=False, log=logged.append)
    assert str(info.value).startswith(
        "q1: the batch grader (grade) gives the answer key 2/4 (otter gives 4): hidden test "
        "test_double_vector fails there: double of a vector: values differ from the expected "
        "ones")
    assert "\n" not in str(info.value)
    assert any("cannot isolate submissions here (no user namespaces)" in line
               and "without isolation" in line for line in logged)


@pytest.mark.parametrize("answer_in_init", [False, True])
def test_only_modules_built_by_given_code_reach_the_sandbox(tmp_path, answer_in_init):
    """A module whose constructor is (part of) an answer may hold that answer: its state is
    never recorded for the sandbox, which keeps an empty stand-in (and the build, certifying,
    says what to write instead)."""
    from autograder import bundle as bundle_mod

    def edit(nb):
        if answer_in_init:
            replace_in_cell(nb, "        self.weight = nn.Parameter(torch.randn(n))\n",
                            "        # BEGIN SOLUTION\n"
                            "        self.weight = nn.Parameter(torch.randn(n))\n"
                            "        # END SOLUTION\n")

    root = tiny_root(tmp_path, edit)
    result = build.main(HW, root=root, execute=False, verify=False, pdf=False,
                        log=lambda *_: None)
    bundle = bundle_mod.load(result["bundle"], HW)
    recorded = standins.record(bundle, "q2")
    assert list(recorded) == ([] if answer_in_init else ["test_scale_with_reference_weights"])


@pytest.mark.parametrize("answer", ["method", "submodule"])
def test_a_given_constructor_that_runs_answer_code_is_not_recorded(tmp_path, answer):
    """The ``__init__`` is the released one, but it calls code that is an answer (a method of
    the class, or another notebook class built as a submodule): the state it makes may be
    that answer, so it never reaches the sandbox (red team: it was recorded, since only the
    ``__init__`` of the class and of its bases was compared)."""
    from autograder import bundle as bundle_mod

    def edit(nb):
        if answer == "method":
            replace_in_cell(nb, "        self.weight = nn.Parameter(torch.randn(n))\n",
                            "        self.weight = nn.Parameter(self.initial(n))\n\n"
                            "    def initial(self, n):\n"
                            "        # BEGIN SOLUTION\n"
                            "        return torch.arange(n) * 1.5 + 7\n"
                            "        # END SOLUTION\n")
        else:
            replace_in_cell(nb, "        self.weight = nn.Parameter(torch.randn(n))\n",
                            "        self.weight = nn.Parameter(torch.randn(n))\n"
                            "        self.inner = Inner(n)\n")
            replace_in_cell(nb, "class Scale(nn.Module):\n",
                            "class Inner(nn.Module):\n"
                            "    def __init__(self, n):\n"
                            "        super().__init__()\n"
                            "        # BEGIN SOLUTION\n"
                            "        self.register_buffer('secret', torch.arange(n) * 1.5)\n"
                            "        # END SOLUTION\n\n\n"
                            "class Scale(nn.Module):\n")

    root = tiny_root(tmp_path, edit)
    result = build.main(HW, root=root, execute=False, verify=False, pdf=False,
                        log=lambda *_: None)
    bundle = bundle_mod.load(result["bundle"], HW)
    assert standins.record(bundle, "q2") == {}
