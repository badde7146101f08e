"""Grade one notebook with ``otter run`` and a homework's autograder bundle.

This is otter's own grading path (a fresh kernel per notebook, about 16 s each). The build uses it
to prove the answer key gets full marks; the tests use it as the yardstick for other graders.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path


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
