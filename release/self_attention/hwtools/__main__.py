# Generated from autograder/student/__main__.py by `python -m autograder build self_attention`; do not edit.
"""``python -m hwtools check NOTEBOOK`` and ``python -m hwtools export NOTEBOOK [PDF]``."""
import argparse
import sys
from pathlib import Path

from . import check, export as export_mod


def run_check(notebook, log=print):
    """Print what blocks a good submission of ``notebook``; 1 when something does, 2 when it
    cannot be read, else 0."""
    try:
        _, nb = export_mod.read(notebook)
    except export_mod.ExportError as exc:
        log(f"error: {exc}")
        return 2
    found = check.problems(nb)
    for problem in found:
        log(f"{'must fix' if problem.blocking else 'check'}: {problem.text}")
    if not found:
        log(f"{Path(notebook).name}: ready to export and submit (hidden tests decide the points)")
    return 1 if any(p.blocking for p in found) else 0


def run_export(notebook, pdf=None, route="auto", log=print):
    """Make and verify the PDF of ``notebook``; 1 when the PDF or the notebook is incomplete."""
    try:
        result = export_mod.export(notebook, pdf, route=route)
        _, nb = export_mod.read(notebook)
    except export_mod.ExportError as exc:
        log(f"error: {exc}")
        return 2
    note = f" (LaTeX failed: {result.fallback_reason})" if result.fallback_reason else ""
    log(f"wrote {result.pdf} via {result.route}{note}, with the notebook embedded")
    blocking = [p.text for p in check.problems(nb) if p.blocking]
    for line in blocking:
        log(f"must fix: {line}")
    for line in result.missing:
        log(f"missing from the PDF: {line}")
    if blocking or result.missing:
        return 1
    log("the PDF has every answer, output, written answer and figure")
    return 0


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m hwtools",
                                description="Check a homework notebook and export its PDF.")
    verbs = p.add_subparsers(dest="verb", required=True)
    c = verbs.add_parser("check", help="say what blocks a good submission")
    c.add_argument("notebook")
    e = verbs.add_parser("export", help="make the PDF, with the notebook embedded")
    e.add_argument("notebook")
    e.add_argument("pdf", nargs="?")
    e.add_argument("--route", choices=["auto", "latex", "html"], default="auto")
    args = p.parse_args(argv)
    if args.verb == "check":
        return run_check(args.notebook)
    return run_export(args.notebook, args.pdf, args.route)


if __name__ == "__main__":
    sys.exit(main())
