"""What the otter bundle installs where otter bundles run (Gradescope's image, ``setup.sh``).

Otter's default environment is otter-grader alone on its own Python: every notebook of this
set imports torch and d2l. The build declares, through otter assign's own configuration
(``python_version`` and ``requirements``), the packages the notebooks, the hidden tests and the
support modules need, at the versions of the project's ``requirements.txt``, with torch's CPU
wheels; and adds one step to the bundle's ``setup.sh`` that installs d2l without its outdated
pins (``pip install --no-deps``, as ``requirements-nodeps.txt``). ``uncovered`` checks that the
declared packages cover every import of the answer key, the hidden tests and the support modules.

Trust boundary: none of this is student input; it reads the instructor's notebook and tests and
the project's own requirement files.
"""
import ast
import importlib.metadata
import re
import sys

from .. import nbcode, paths

PYTHON_VERSION = "3.11"
TORCH_CPU_INDEX = "--extra-index-url https://download.pytorch.org/whl/cpu"
# what the notebooks, the hidden tests, _hwkit and d2l import at run time (d2l's own needs are
# listed because it is installed without its dependencies)
GRADING_PACKAGES = ("torch", "torchvision", "numpy", "pandas", "matplotlib", "matplotlib-inline",
                    "scipy", "requests", "pillow", "ipython", "pycodestyle")
NO_DEPS_FILE = "requirements-nodeps.txt"
OTTER_ENV = "otter-env"  # otter's conda environment in its setup.sh
ENV_CREATE_RE = re.compile(r"^mamba env create -f .*environment\.yml\s*$", re.M)
# modules the bundle itself provides (support files, the stand-in student tools) or otter does
BUNDLED = {"_hwkit", "_hw_reference", "hwtools", "otter"}


class DeclarationError(ValueError):
    """The bundle's declared environment does not cover what it runs."""


def _pins(path):
    pins = {}
    if not path.is_file():
        return pins
    for line in path.read_text("utf-8").splitlines():
        requirement = line.split("#")[0].strip()
        if "==" in requirement:
            pins[_normal(requirement.split("==")[0])] = requirement
    return pins


def _normal(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(root=paths.ROOT):
    """The lines of the bundle's ``requirements.txt`` (pip's format; the CPU index first)."""
    pins = _pins(root / "requirements.txt")
    missing = [name for name in GRADING_PACKAGES if name not in pins]
    if missing:
        raise DeclarationError(f"requirements.txt pins no version of {', '.join(missing)}, "
                               "which the otter bundle installs")
    return [TORCH_CPU_INDEX] + [pins[name] for name in GRADING_PACKAGES]


def no_deps_requirements(root=paths.ROOT):
    """``d2l==1.0.3`` and the like: installed with ``pip install --no-deps``."""
    return sorted(_pins(root / NO_DEPS_FILE).values())


def assign_config(config):
    """Otter assign's configuration with the grading environment declared (unless the notebook
    declares its own): Python's version and the requirements file written beside it."""
    config = dict(config)
    config.setdefault("python_version", PYTHON_VERSION)
    config.setdefault("requirements", "requirements.txt")
    return config


def setup_script(text, root=paths.ROOT):
    """Otter's ``setup.sh`` with the no-deps step after the environment is created."""
    packages = no_deps_requirements(root)
    if not packages:
        return text
    match = ENV_CREATE_RE.search(text)
    if not match:
        raise DeclarationError("otter's setup.sh has no 'mamba env create' line to install "
                               f"{', '.join(packages)} after")
    step = (f"\n# d2l without its outdated pins (its runtime needs are in requirements.txt)\n"
            f"mamba run -n {OTTER_ENV} pip install --no-deps {' '.join(packages)}")
    return text[:match.end()] + step + text[match.end():]


def imported_modules(sources):
    """The top-level modules that the Python ``sources`` import (absolute imports only)."""
    found = set()
    for source in sources:
        tree = nbcode.parse_cell(source)
        if tree is None:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                found.add(node.module.split(".")[0])
    return found


def _closure(declared):
    """Every distribution the declared ones install (their dependencies, recursively)."""
    from packaging.requirements import InvalidRequirement, Requirement

    seen, todo = set(), list(declared)
    while todo:
        name, extras = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        for line in requires:
            try:
                requirement = Requirement(line)
            except InvalidRequirement:
                continue
            environments = [{"extra": extra} for extra in ("", *extras)]
            if requirement.marker is None or any(requirement.marker.evaluate(e)
                                                 for e in environments):
                todo.append((_normal(requirement.name), tuple(requirement.extras)))
    return seen


def uncovered(sources, lines, no_deps=()):
    """``[(module, why)]`` of the modules ``sources`` import that the declared requirements
    ``lines`` (plus otter-grader and the ``no_deps`` packages) do not install."""
    declared = [("otter-grader", ("grading", "plugins"))]
    for line in [*lines, *no_deps]:
        line = line.strip()
        if line and not line.startswith(("-", "#")):
            declared.append((_normal(re.split(r"[=<>!~\[; ]", line)[0]), ()))
    covered = _closure(declared)
    distributions = importlib.metadata.packages_distributions()
    problems = []
    for module in sorted(imported_modules(sources)):
        if module in sys.stdlib_module_names or module in BUNDLED:
            continue
        owners = {_normal(d) for d in distributions.get(module, [])}
        if not owners:
            problems.append((module, "it is not installed here, and no requirement declares it"))
        elif not owners & covered:
            problems.append((module, f"its package {sorted(owners)[0]} is not declared"))
    return problems
