"""Grade one notebook with ``otter run`` and a homework's autograder bundle.

This is otter's own grading path (a fresh kernel per notebook, about 16 s each). The build uses it
to prove the answer key gets full marks; the tests use it as the yardstick for other graders.
``run_gradescope`` runs the bundle as Gradescope does: unzipped into ``source/`` of a folder
standing in for ``/autograder``, the notebook in ``submission/``, with the bundle's own
``run_otter.py`` (``run_autograder``'s entry point), which writes ``results/results.json``.
"""
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

GRADESCOPE_ROOT = '"/autograder"'  # in the bundle's run_otter.py


class OtterRunError(RuntimeError):
    """``otter run`` did not produce results."""


def run(notebook, bundle, timeout=600):
    """Return otter's results (Gradescope's results.json format) for ``notebook``."""
    with tempfile.TemporaryDirectory() as out:
        proc = subprocess.run(
            [sys.executable, "-m", "otter", "run", "--no-logo", "-a", str(bundle), "-o", out,
             str(notebook)],
            capture_output=True, text=True, timeout=timeout)
        results = Path(out) / "results.json"
        if not results.is_file():
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
            raise OtterRunError(f"otter run gave no results for {notebook}: {tail[0]}")
        return json.loads(results.read_text(encoding="utf-8"))


def run_gradescope(notebook, bundle, python=sys.executable, timeout=600):
    """Otter's results for ``notebook`` from the bundle run in Gradescope's layout, by
    ``python`` (the environment the bundle's setup.sh would install: here the project's)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "autograder"
        for folder in ("source", "submission", "results"):
            (root / folder).mkdir(parents=True)
        with zipfile.ZipFile(bundle) as zf:
            zf.extractall(root / "source")
        shutil.copy(notebook, root / "submission" / Path(notebook).name)
        entry = (root / "source" / "run_otter.py").read_text("utf-8")
        if GRADESCOPE_ROOT not in entry:
            raise OtterRunError(f"{bundle}: its run_otter.py does not grade in /autograder")
        proc = subprocess.run([python, "-c", entry.replace(GRADESCOPE_ROOT, repr(str(root)))],
                              cwd=root, capture_output=True, text=True, timeout=timeout)
        results = root / "results" / "results.json"
        if not results.is_file():
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
            raise OtterRunError(f"the bundle run as on Gradescope gave no results for "
                                f"{notebook}: {tail[0]}")
        return json.loads(results.read_text(encoding="utf-8"))


def scores(results):
    """``{question: (score, max_score)}`` from otter's results, one entry per question."""
    per_question = {}
    for test in results.get("tests", []):
        if "max_score" not in test:  # the "Public Tests" summary entry
            continue
        name = test["name"].split(" - ")[0].strip()
        score, possible = per_question.get(name, (0.0, 0.0))
        per_question[name] = (score + float(test.get("score") or 0),
                              possible + float(test.get("max_score") or 0))
    return per_question


def total(results):
    per_question = scores(results)
    return (sum(s for s, _ in per_question.values()), sum(p for _, p in per_question.values()))
