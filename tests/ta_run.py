"""Run ``python -m autograder grade`` as a TA does: from a folder outside the project, as root or
as an unprivileged uid (65534) with the TA's own copy of the grader and bundle."""
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from conftest import ROOT

UNPRIVILEGED = ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"]


@contextlib.contextmanager
def workdir(prefix):
    """A scratch folder outside the project that uid 65534 can reach (pytest's own tmp_path
    lies under a folder only root may enter)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def grade_command(user, workdir, hw, entry=("-m", "autograder")):
    """(command prefix, environment) to run ``-m autograder`` (or the interpreter's other
    ``entry`` arguments) in ``workdir`` as ``user`` ("root" or "unprivileged"); for the latter
    ``workdir`` is handed to uid 65534."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["PYTHONPATH"] = str(ROOT)
    env["HOME"] = str(workdir)
    command = [sys.executable, *entry]
    if user == "unprivileged":
        # a TA's own copy of the grader and bundle, owned by that TA; the venv's interpreter
        # lives under /root, so the system's Python runs with the venv's packages
        tree = workdir / "grader"
        shutil.copytree(ROOT / "autograder", tree / "autograder", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
        (tree / "solutions" / hw).mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "solutions" / hw / f"{hw}-autograder.zip", tree / "solutions" / hw)
        (tree / "notebooks").mkdir(exist_ok=True)
        site = next(p for p in sys.path if p.endswith("site-packages"))
        env["PYTHONPATH"] = f"{tree}:{site}"
        env["AUTOGRADER_ROOT"] = str(tree)
        command = UNPRIVILEGED + [f"/usr/bin/python{sys.version_info[0]}.{sys.version_info[1]}",
                                  *entry]
        subprocess.run(["chown", "-R", "65534:65534", str(workdir)], check=True)
    return command, env


def grade(user, workdir, hw, *args, timeout=900):
    """``grade HW ARGS...`` run in ``workdir`` as ``user``; the CompletedProcess."""
    command, env = grade_command(user, workdir, hw)
    return subprocess.run(command + ["grade", hw, *map(str, args)], cwd=workdir, env=env,
                          capture_output=True, text=True, timeout=timeout)
