"""The command line: ``python -m autograder VERB ...``. It only parses arguments.

Each verb is a module with a ``main``; errors that a user can fix are reported on one line.
"""
import argparse
import sys

from . import paths


def _build(args):
    from .authoring import build, new
    for hw in args.homeworks or paths.homeworks():
        build.main(hw, execute=not args.no_execute, verify=not args.no_verify,
                   pdf=not args.no_pdf)
        lacking = new.missing(hw)  # what else make test needs, in one line
        if lacking:
            print(lacking)


def _new(args):
    from .authoring import new
    new.main(args.hw, title=args.title)


def _export(args):
    from .student.__main__ import run_export
    return run_export(args.notebook, args.pdf, route=args.route)


def _grade(args):
    from .grading import grade
    grade.main(args.hw, args.submissions, args.out, workers=args.workers, timeout=args.timeout,
               memory_mb=args.memory, force=args.force, column_id=args.column_id,
               progress=not args.quiet, roster=_roster(args),
               isolate=not args.unsafe_no_isolation, late=_late(args),
               feedback_column=args.feedback_column, similarity=not args.no_similarity,
               similar_to=args.similar_to)


def _similarity(args):
    from .grading import similarity
    similarity.main(args.hw, args.submissions, args.out, similar_to=args.similar_to)


def _late(args):
    """The late policy's options given (None: not given, the notebook's config may set it)."""
    return {"due": args.due, "timezone": args.timezone, "grace": args.grace,
            "penalty": args.late_penalty, "cutoff": args.late_cutoff,
            "extensions": args.extensions}


def _roster(args):
    """The roster, read before any work (a bad file is an error now, not after grading)."""
    from .grading import gradebook
    return gradebook.read_roster(args.roster) if args.roster else None


def _mark(args):
    from . import marking
    return marking.main(args.hw, args.dir, import_path=args.import_csv,
                        export_path=args.export_csv, roster=_roster(args), port=args.port,
                        browser=not args.no_browser)


def _samples(args):
    from .authoring import samples
    for hw in args.homeworks or paths.homeworks():
        samples.main(hw)


def _variants(args):
    from .authoring import variants
    return variants.main_all(args.homeworks or paths.homeworks())


def _check(args):
    from . import check
    return check.main(args.notebook)


def _tidy(args):
    from .authoring import tidy
    untidy = tidy.main(args.notebooks, check=args.check)
    for path in untidy:
        print(f"{'not tidy' if args.check else 'tidied'}: {path}")
    return 1 if (args.check and untidy) else 0


ROSTER_HELP = ("class roster exported from Blackboard's Grade Center (Username and Student ID "
               "columns): maps STUDENT IDs and file names to usernames for blackboard.csv; "
               "kept for later runs")


def _late_options(g):
    late = g.add_argument_group("late work (options override the notebook's assignment config)")
    late.add_argument("--due", default=None, metavar="'YYYY-MM-DD HH:MM'",
                      help="the due time, in the course's local time (--timezone)")
    late.add_argument("--timezone", default=None, metavar="ZONE",
                      help="IANA zone of --due, extensions and receipts (e.g. Asia/Singapore)")
    late.add_argument("--grace", type=float, default=None, metavar="MINUTES",
                      help="minutes after due still on time (default 0)")
    late.add_argument("--late-penalty", type=float, default=None, metavar="PCT",
                      help="percent of the points earned deducted per started 24 hours after "
                           "due + grace (default 0: lateness only reported)")
    late.add_argument("--late-cutoff", type=float, default=None, metavar="DAYS",
                      help="later than this many days after due + grace: 0 points, too-late")
    late.add_argument("--extensions", default=None, metavar="CSV",
                      help="CSV with columns student,due (student as grades.csv's student_id)")
    late.add_argument("--feedback-column", action="store_true",
                      help="add Blackboard's Feedback to Learner (and Feedback Format) columns to "
                           "blackboard.csv: a short summary per student")


SIMILAR_TO_HELP = ("known sources students may match (last year's submissions, public "
                   "solutions: notebooks, .py, .md or .txt files, folders or zips); matches are "
                   "reported against the source; repeat for several")


def parser():
    p = argparse.ArgumentParser(prog="python -m autograder",
                                description="Build, export and grade the homework set.")
    verbs = p.add_subparsers(dest="verb", required=True)

    b = verbs.add_parser("build", help="build release/ and solutions/ from notebooks/")
    b.add_argument("homeworks", nargs="*", help="homework ids (default: all)")
    b.add_argument("--no-execute", action="store_true", help="do not execute the answer key")
    b.add_argument("--no-verify", action="store_true",
                   help="do not check that the answer key gets full marks")
    b.add_argument("--no-pdf", action="store_true", help="do not make the answer key's PDF")
    b.set_defaults(func=_build)

    n = verbs.add_parser("new", help="start a homework from the template: notebooks/HW/HW.ipynb, "
                                     "its variants corpus and README row")
    n.add_argument("hw", help="homework id: lower-case letters, digits and _")
    n.add_argument("--title", default=None, help="the notebook's title (default: from the id)")
    n.set_defaults(func=_new)

    e = verbs.add_parser("export", help="make the PDF of a notebook, with the notebook embedded")
    e.add_argument("notebook")
    e.add_argument("pdf", nargs="?")
    e.add_argument("--route", choices=["auto", "latex", "html"], default="auto",
                   help="auto: LaTeX, else HTML printed by Chromium")
    e.set_defaults(func=_export)

    g = verbs.add_parser("grade", help="grade a class of submissions")
    g.add_argument("hw", help="homework id, e.g. rnn_attention")
    g.add_argument("submissions", nargs="+", help="notebooks, folders or zip files")
    g.add_argument("--out", required=True, help="output folder")
    g.add_argument("--workers", type=int, default=None, help="parallel sandboxes (default: cores)")
    g.add_argument("--timeout", type=float, default=60.0,
                   help="wall-clock seconds per submission (default 60)")
    g.add_argument("--memory", type=int, default=2048,
                   help="megabytes a submission may allocate (default 2048)")
    g.add_argument("--force", action="store_true", help="regrade even what is cached")
    g.add_argument("--column-id", default="",
                   help="Blackboard Grade Center column id, appended to the score column name")
    g.add_argument("--quiet", action="store_true", help="no progress bar")
    g.add_argument("--unsafe-no-isolation", action="store_true",
                   help="grade even where submissions cannot be isolated (no Linux namespaces); "
                        "a submission may then read, change or stop anything you can; every "
                        "row and feedback page says so")
    g.add_argument("--roster", default=None, help=ROSTER_HELP)
    _late_options(g)
    g.add_argument("--no-similarity", action="store_true",
                   help="do not write similarity.csv and similarity.html")
    g.add_argument("--similar-to", action="append", default=[], metavar="FOLDER",
                   help=SIMILAR_TO_HELP)
    g.set_defaults(func=_grade)

    r = verbs.add_parser("similarity", help="only the similarity review of a class: "
                                            "similarity.csv and similarity.html")
    r.add_argument("hw", help="homework id, e.g. rnn_attention")
    r.add_argument("submissions", nargs="+", help="notebooks, folders or zip files")
    r.add_argument("--out", required=True, help="output folder")
    r.add_argument("--similar-to", action="append", default=[], metavar="FOLDER",
                   help=SIMILAR_TO_HELP)
    r.set_defaults(func=_similarity)

    m = verbs.add_parser("mark", help="mark written answers in the browser (or by CSV)")
    m.add_argument("hw", help="homework id, e.g. rnn_attention")
    m.add_argument("dir", help="the output folder of grade (--out)")
    m.add_argument("--import", dest="import_csv", metavar="CSV",
                   help="apply marks from a CSV (student_id,question,points,comment) and exit")
    m.add_argument("--export", dest="export_csv", metavar="CSV",
                   help="write every mark to a CSV (student_id,question,points,comment) and exit")
    m.add_argument("--roster", default=None, help=ROSTER_HELP)
    m.add_argument("--port", type=int, default=8765,
                   help="port on 127.0.0.1 (default 8765; 0: any free port)")
    m.add_argument("--no-browser", action="store_true", help="do not open a browser")
    m.set_defaults(func=_mark)

    s = verbs.add_parser("samples", help="generate the sample class of each homework")
    s.add_argument("homeworks", nargs="*")
    s.set_defaults(func=_samples)

    c = verbs.add_parser("check", help="say what blocks a good submission of a notebook")
    c.add_argument("notebook")
    c.set_defaults(func=_check)

    v = verbs.add_parser("variants", help="grade the corpus of correct and wrong answers")
    v.add_argument("homeworks", nargs="*")
    v.set_defaults(func=_variants)

    t = verbs.add_parser("tidy", help="strip outputs and noisy metadata from source notebooks")
    t.add_argument("notebooks", nargs="+")
    t.add_argument("--check", action="store_true", help="only report; exit 1 if any is untidy")
    t.set_defaults(func=_tidy)
    return p


def main(argv=None):
    from . import safeio

    args = parser().parse_args(argv)
    # file names, identities and messages a student controls are printed: escapes never act
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = (safeio.TerminalStream(stream) for stream in streams)
    try:
        return args.func(args) or 0
    except (OSError, ValueError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        sys.stdout, sys.stderr = streams
