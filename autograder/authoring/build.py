"""``python -m autograder build HW``: everything generated from one source notebook.

    notebooks/HW/HW.ipynb  --otter assign-->  release/HW/      student notebook, public tests, figures
                                              solutions/HW/    answer key (executed), its PDF,
                                                               autograder zip with hidden tests

The build is deterministic (same source, same bytes). It fails, one line per problem, when the
hidden tests' points do not add up to their question's, when a hidden test fails on the reference
answers, when the bundle's declared environment misses an import, and unless the answer key gets
every autograded point and the blank release none from both the batch grader and the otter bundle
run as on Gradescope (``certify``).
"""
import ast
import contextlib
import io
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

import nbformat
import yaml

from .. import bundle as bundle_mod, export, hwkit, nbcode, paths
from . import certify, environment
from . import source as source_mod
from . import transforms

HWKIT_NAME = "_hwkit.py"
REFERENCE_NAME = f"{hwkit.REFERENCE_MODULE}.py"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
EXECUTABLE = {"run_autograder", "setup.sh"}
RELEASE_ENTRY = bundle_mod.RELEASE_ENTRY  # not .ipynb: otter grades every .ipynb it finds
STUDENT_SOURCE = Path(__file__).resolve().parent.parent / "student"
STUDENT_PACKAGE = "hwtools"  # the student tools' name in release/<hw>/
# hwkit's name engine, generated once per homework into the student tools: the public checks
# import it from there (the student's kernel, whose folder holds hwtools, runs them)
REACH_MODULE = "reach"
# what a student installs to run the notebooks and the export cell (pins from requirements.txt)
STUDENT_REQUIREMENTS = ("torch", "torchvision", "otter-grader", "jupyterlab", "nbconvert",
                        "nbformat", "ipykernel", "matplotlib", "numpy", "pandas", "pypdf")


class BuildError(RuntimeError):
    """The homework could not be built, or its answer key is not right."""


def command(hw):
    return f"python -m autograder build {hw}"


def student_pipeline(source_rel, hw):
    """Transforms from otter's student notebook to the released one, in order."""
    return [
        transforms.clear_outputs,
        transforms.tests_beside_notebook,
        transforms.stub_prompts,
        transforms.add_generated_note(source_rel, command(hw), student=True),
        transforms.tidy_metadata,
        transforms.number_cell_ids,
        transforms.lock_cells,  # last: checksums cover the final sources and ids
    ]


def key_pipeline(source_rel, hw):
    """Transforms from otter's autograder notebook to the answer key (before execution)."""
    return [
        transforms.clear_outputs,
        transforms.tests_beside_notebook,
        transforms.drop_answer_placeholders,
        transforms.add_generated_note(source_rel, command(hw)),
        transforms.tidy_metadata,
        transforms.number_cell_ids,
    ]


def main(hw, root=paths.ROOT, execute=True, verify=True, pdf=True, log=print):
    """Build homework ``hw``; return the paths written."""
    root = Path(root)
    src_path = paths.source_notebook(hw, root)
    if not src_path.is_file():
        known = ", ".join(paths.homeworks(root)) or "none"
        raise BuildError(f"no homework {hw!r}: {src_path} does not exist (homeworks: {known})")
    source_rel = src_path.relative_to(root).as_posix()
    source = source_mod.read(src_path)
    source.path = source_rel
    release, solutions = paths.release_dir(hw, root), paths.solutions_dir(hw, root)

    with tempfile.TemporaryDirectory() as tmp:
        out = _otter_assign(src_path.parent, hw, source, Path(tmp))
        _reset(release)
        _reset(solutions)
        _write_notebook(out / "student" / f"{hw}.ipynb", release / f"{hw}.ipynb",
                        student_pipeline(source_rel, hw))
        _copy_tests(out / "student" / "tests", release / "tests", source_rel, hw,
                    public_checks(source))
        ship_student_tools(release / STUDENT_PACKAGE, hw)
        for name in source.config.get("files", []):
            _copy(out / "student" / name, release / name)
            _copy(out / "student" / name, solutions / name)
        key = paths.answer_key(hw, root)
        _write_notebook(out / "autograder" / f"{hw}.ipynb", key, key_pipeline(source_rel, hw))
        _copy_tests(out / "autograder" / "tests", solutions / "tests", source_rel, hw)
        for name in (HWKIT_NAME, REFERENCE_NAME):
            shutil.copy(out / "autograder" / name, solutions / name)
        bundle = paths.bundle(hw, root)
        released = (release / f"{hw}.ipynb").read_bytes()
        _deterministic_zip(next((out / "autograder").glob("*-autograder_*.zip")), bundle,
                           source_rel, hw, extra={RELEASE_ENTRY: released})
    write_student_requirements(root)
    log(f"{hw}: wrote {release.relative_to(root)}/ and {solutions.relative_to(root)}/")
    check_tests(source, solutions, key, root)

    if execute:
        execute_notebook(key)
        log(f"{hw}: executed the answer key {key.relative_to(root)}")
    key_scores = None
    if verify:
        key_scores = verify_key(key, bundle, source, release / f"{hw}.ipynb", hw, log)
        log(f"{hw}: the answer key gets {source.autograded_points:g}/"
            f"{source.autograded_points:g} autograded points and the blank release 0, from the "
            "batch grader and from the otter bundle run as on Gradescope")
    if pdf:
        export.main(key, key.with_suffix(".pdf"))
        log(f"{hw}: wrote {key.with_suffix('.pdf').relative_to(root)}")
    return {"release": release, "solutions": solutions, "key": key, "bundle": bundle,
            "source": source, "key_scores": key_scores}


def ship_student_tools(target, hw):
    """Copy the student tools (``autograder/student``) into the release as ``hwtools``."""
    target.mkdir(parents=True)
    for src in sorted(STUDENT_SOURCE.iterdir()):
        if src.suffix == ".py":
            note = (f"# Generated from autograder/student/{src.name} by `{command(hw)}`; "
                    "do not edit.\n")
        elif src.suffix == ".j2":
            note = (f"((= Generated from autograder/student/{src.name} by `{command(hw)}`; "
                    "do not edit. =))\n")
        else:
            continue
        (target / src.name).write_text(note + src.read_text("utf-8"), encoding="utf-8")
    reach = target / f"{REACH_MODULE}.py"
    if reach.exists():
        raise BuildError(f"autograder/student/{reach.name} would hide the generated name engine")
    reach.write_text(reach_module(hw), encoding="utf-8")


def reach_module(hw):
    """``hwtools/reach.py``: hwkit's name engine (``hwkit.engine_source``), which the released
    public checks import; generated so that the engine's one source stays autograder/hwkit.py."""
    return (f"# Generated from autograder/hwkit.py by `{command(hw)}`; do not edit.\n"
            '"""Which names an answer reaches (``reached_names``) in the cells the kernel ran\n'
            "(``live_cells``): the course's name engine, run by the public forbidden-shortcut "
            'checks.\n\nTrust boundary: it reads the student\'s own kernel only."""\n'
            + hwkit.engine_source())


def write_student_requirements(root):
    """``release/requirements.txt``: what the notebooks and their export cell need."""
    source = Path(root) / "requirements.txt"
    if not source.is_file():  # a scratch tree holding only notebooks/
        return
    pins = {}
    for line in source.read_text("utf-8").splitlines():
        name = line.split("#")[0].strip()
        if "==" in name:
            pins[name.split("==")[0].lower()] = name
    lines = ["# Generated from requirements.txt by `python -m autograder build`; do not edit.",
             "# pip install -r requirements.txt, and d2l (pip install --no-deps d2l==1.0.3);",
             "# the PDF needs LaTeX (xelatex, e.g. TeX Live) or else Chromium."]
    lines += [pins[name] for name in STUDENT_REQUIREMENTS if name in pins]
    (paths.release_dir("x", root).parent / "requirements.txt").write_text(
        "\n".join(lines) + "\n", encoding="utf-8")


def _otter_assign(src_dir, hw, source, tmp):
    """Run otter assign on a staged copy of the source folder, with the support modules added."""
    from otter.assign import main as otter_assign

    reference_text = source_mod.reference_module(source, command(hw))
    try:
        exec(compile(reference_text, REFERENCE_NAME, "exec"), {"__name__": "_hw_reference"})
    except Exception as exc:  # the instructor's solution code itself fails
        raise BuildError(f"{source.path}: the reference module made of the solution and given "
                         f"cells does not run: {type(exc).__name__}: {exc}") from exc
    stage = tmp / "src"
    shutil.copytree(src_dir, stage, ignore=shutil.ignore_patterns(
        "__pycache__", ".ipynb_checkpoints", "*.pdf"))
    _declare_environment(stage / f"{hw}.ipynb", source)
    shutil.copy(hwkit.__file__, stage / HWKIT_NAME)
    (stage / REFERENCE_NAME).write_text(reference_text, encoding="utf-8")
    for name in (HWKIT_NAME, REFERENCE_NAME):
        if name not in source.config.get("autograder_files", []):
            raise BuildError(f"{source.path}: 'autograder_files' must list {name}")
    if source.config.get("files") and not all((stage / f).exists() for f in source.config["files"]):
        raise BuildError(f"{source.path}: a file listed under 'files' does not exist")
    out = tmp / "out"
    captured = io.StringIO()
    try:
        with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
            otter_assign(str(stage / f"{hw}.ipynb"), str(out), no_pdfs=True, no_run_tests=True)
    except Exception as exc:  # otter raises many types for a malformed source notebook
        raise BuildError(f"otter assign failed on {source.path}: {exc}") from exc
    return out


def _declare_environment(staged, source):
    """Declare the grading environment in the staged notebook's otter config (``environment``):
    Python's version and a requirements file, unless the notebook declares its own."""
    config = environment.assign_config(source.config)
    if "requirements" not in source.config:
        try:
            lines = environment.requirements()
        except environment.DeclarationError as exc:
            raise BuildError(f"{source.path}: {exc}") from exc
        (staged.parent / config["requirements"]).write_text("\n".join(lines) + "\n",
                                                            encoding="utf-8")
    nb = nbformat.read(staged, as_version=4)
    nb.cells[0].source = "# ASSIGNMENT CONFIG\n" + yaml.safe_dump(config, sort_keys=False)
    nbformat.write(nb, staged)


def _reset(directory):
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)


def _copy(src, dst):
    if src.is_dir():
        shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        shutil.copy(src, dst)


def _write_notebook(src, dst, pipeline):
    nb = nbformat.read(src, as_version=4)
    nb = transforms.apply(nb, pipeline)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")


def _test_header(source_rel, hw):
    return f"# Generated from {source_rel} by `{command(hw)}`; do not edit.\n"


def _copy_tests(src, dst, source_rel, hw, extra=None):
    """Copy otter's test files with the generated-from header; ``extra`` maps a question to
    text appended to its test file and marks its test cases as public checks only."""
    dst.mkdir(parents=True, exist_ok=True)
    for test in sorted(src.glob("*.py")):
        text = test.read_text("utf-8")
        if extra is not None:
            text = PUBLIC_DECORATOR_RE.sub(PUBLIC_DECORATOR, text) + extra.get(test.stem, "")
        (dst / test.name).write_text(_test_header(source_rel, hw) + text, encoding="utf-8")


# Released (public) checks say that they are not the grade, and check the question's forbidden
# shortcuts (its public "Not allowed" list) on the student's live objects.
PUBLIC_NOTE = "public checks only: hidden tests decide the points"
PUBLIC_DECORATOR_RE = re.compile(r"^@test_case\(points=None, hidden=False\)$", re.M)
PUBLIC_DECORATOR = (f"@test_case(points=None, hidden=False, success_message={PUBLIC_NOTE!r}, "
                    f"failure_message={PUBLIC_NOTE!r})")
# The check runs hwkit's name engine (the batch grader's and the otter bundle's own code,
# generated into the student tools as hwtools/reach.py) on the cells the student's kernel ran.
# Without the module the check fails (never passes): the folder misses the course's tools.
FORBIDDEN_CHECK = '''

{decorator}
def test_no_forbidden_shortcut(env):
    try:
        from {package}.{module} import live_cells, reached_names
    except ImportError as exc:
        raise AssertionError("{question}: the forbidden-shortcut check needs "
                             "{package}/{module}.py beside this notebook (download the "
                             f"homework folder again): {{exc}}") from exc
    forbidden = {forbidden!r}
    cells = live_cells(env)
    for name, attribute in {targets!r}:
        names = reached_names(cells, name, attribute, set({separate!r}) - {{name}})
        found = sorted(names & forbidden.keys())
        assert not found, (f"{question}: your answer uses {{', '.join(forbidden[n] for n in found)}}, "
                           "which this question does not allow; it scores 0 until it is written "
                           "without it")
'''


def answer_targets(source, question):
    """(global name, attribute) of each object a question's answer defines: functions and
    classes, and methods added to a class with ``add_to_class``."""
    targets = []
    for owner, code in source.reference_cells:
        if owner != question:
            continue
        for node in ast.parse(code).body:
            if not isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                continue
            added_to = [d.args[0].id for d in node.decorator_list if isinstance(d, ast.Call)
                        and ast.unparse(d.func).endswith("add_to_class")
                        and d.args and isinstance(d.args[0], ast.Name)]
            targets.append((added_to[0], node.name) if added_to else (node.name, None))
    return targets


def public_checks(source):
    """``{question: text}`` appended to the released test file of each question."""
    extra = {}
    for question in source.questions:
        targets = answer_targets(source, question.name)
        if question.manual or not question.forbidden or not targets:
            continue
        separate = sorted({name for owner, code in source.reference_cells
                           if owner not in (None, "given", question.name)
                           for _, name in nbcode.defined_names(code)})
        extra[question.name] = FORBIDDEN_CHECK.format(
            package=STUDENT_PACKAGE, module=REACH_MODULE, decorator=PUBLIC_DECORATOR,
            forbidden=dict(sorted(question.forbidden.items())),
            targets=targets, separate=separate, question=question.name)
    return extra


def _deterministic_zip(src, dst, source_rel, hw, extra=None):
    """Rewrite otter's zip with sorted entries and fixed dates (otter stamps the build time).

    ``extra`` entries are added: the released notebook, which the batch grader compares
    submissions with (tamper detection). Otter ignores files at the top of the zip.
    """
    with zipfile.ZipFile(src) as zin:
        entries = sorted([(info.filename, zin.read(info)) for info in zin.infolist()
                          if not info.is_dir() and "__pycache__" not in info.filename]
                         + list((extra or {}).items()))
    dst.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in entries:
            if name.startswith("tests/") and name.endswith(".py"):
                data = _test_header(source_rel, hw).encode() + data
            elif name == "setup.sh":
                data = environment.setup_script(data.decode("utf-8")).encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.external_attr = (0o755 if name in EXECUTABLE else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)


def execute_notebook(path, timeout=600):
    """Run ``path`` top to bottom in a fresh kernel, in its folder, and save its outputs.

    Cells tagged ``export`` (the "make my PDF" cell) are left unexecuted.
    """
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    runnable = nbformat.from_dict(dict(nb))
    # otter's grader.check picks a random emoji for "passed!": seed Python's random module first
    seed = nbformat.v4.new_code_cell("import random\nrandom.seed(0)")
    runnable.cells = [seed] + [c for c in nb.cells if "export" not in c.metadata.get("tags", [])]
    client = NotebookClient(runnable, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(Path(path).parent)}},
                            record_timing=False)
    backend = os.environ.pop("MPLBACKEND", None)  # the kernel must draw inline figures
    try:
        client.execute()
    except Exception as exc:  # CellExecutionError and kernel failures
        raise BuildError(f"{path} does not run top to bottom: "
                         f"{str(exc).strip().splitlines()[-1] if str(exc).strip() else exc!r}") from exc
    finally:
        if backend is not None:
            os.environ["MPLBACKEND"] = backend
    (Path(path).parent / ".OTTER_LOG").unlink(missing_ok=True)  # grader.check's log: timestamps
    executed = {c.id: c for c in runnable.cells}
    nb.cells = [executed.get(c.id, c) for c in nb.cells]
    transforms.tidy_metadata(nb)
    Path(path).write_text(nbformat.writes(nb) + "\n", encoding="utf-8")


def check_tests(source, solutions, key, root=paths.ROOT):
    """Fail, one line per problem, when a question's hidden tests do not carry its points, when
    a hidden test fails on the reference answers, or when the bundle's declared packages miss an
    import of the answer key, the hidden tests or the support modules."""
    test_files = {path.stem: path for path in sorted((solutions / "tests").glob("*.py"))}
    tests = {name: path.read_text("utf-8") for name, path in test_files.items()}
    reference_text = (solutions / REFERENCE_NAME).read_text("utf-8")
    shown = {name: (path.relative_to(root) if path.is_relative_to(root) else path).as_posix()
             for name, path in test_files.items()}
    problems = certify.points_problems(source, tests)
    problems += certify.reference_problems(source, reference_text, test_files, shown)
    notebook = nbformat.read(key, as_version=4)
    sources = [c.source for c in notebook.cells if c.cell_type == "code"]
    sources += [*tests.values(), reference_text, (solutions / HWKIT_NAME).read_text("utf-8")]
    declared = (environment.requirements() if "requirements" not in source.config
                else _declared(source, root))
    for module, why in environment.uncovered(sources, declared,
                                             environment.no_deps_requirements()):
        problems.append(f"the answer key or its hidden tests import {module}, which the otter "
                        f"bundle does not install: {why} (add it to requirements.txt and to "
                        "GRADING_PACKAGES in autograder/authoring/environment.py)")
    if problems:
        raise BuildError("\n".join(problems))


def _declared(source, root):
    """The requirement lines a notebook declares itself (``requirements:`` in its config)."""
    declared = source.config["requirements"]
    if isinstance(declared, list):
        return declared
    path = Path(root) / Path(source.path).parent / declared
    return path.read_text("utf-8").splitlines() if path.is_file() else []


def verify_key(key, bundle, source, blank, hw, log=print):
    """Fail unless the answer key gets every autograded point and the blank release none, per
    question, from both the batch grader and the otter bundle run as on Gradescope; returns
    ``{question: (score, points)}`` of the answer key (the same from both)."""
    problems, scores = certify.graders_problems(
        source, _bundle_tests(bundle), key, blank, bundle, hw, log)
    if problems:
        raise BuildError("\n".join(problems))
    return {q.name: (scores[certify.OTTER][certify.KEY_LABEL][q.name], q.points)
            for q in source.questions if not q.manual}


def _bundle_tests(bundle):
    with zipfile.ZipFile(bundle) as zf:
        return {Path(name).stem: zf.read(name).decode("utf-8") for name in zf.namelist()
                if name.startswith("tests/") and name.endswith(".py")}
