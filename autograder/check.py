"""``python -m autograder check NOTEBOOK``: a thin wrapper over the student tools' check.

The check itself lives in ``autograder.student.check`` (shipped to students as ``hwtools``), so
that students run the same code from their own folder: ``python -m hwtools check NOTEBOOK``.
"""
from .student.__main__ import run_check
from .student.check import Problem, problems  # noqa: F401  (the verb's public API)


def main(notebook, log=print):
    """Print what is wrong with ``notebook``; return 1 when something blocks, 2 when it cannot
    be read, else 0."""
    return run_check(notebook, log=log)
