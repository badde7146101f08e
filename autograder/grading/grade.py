"""``python -m autograder grade HW SUBMISSIONS... --out DIR``: grade a whole class.

Every submitted file gets a row in ``DIR/grades.csv``: graded (``ok``) or with a short reason.
Each notebook runs in its own sandboxed process (``sandbox``) and is judged in this process
(``verdict``). Results are cached by grader, bundle, student, attempt and bytes, so a re-run or
an interrupted run only grades what is new and reproduces the earlier rows exactly. Lateness is
never cached: each run reads every submission's time from its LMS record (``lms``) and the late
policy from the options in force (``lateness``), and the gradebook applies it.

Trust boundaries: submissions and whatever their sandboxes send back are untrusted; any failure
while reading, running or judging one becomes that submission's row (``grader-error``) and the
batch goes on. A row's identity (file, student, attempt) always comes from ``intake`` for this
run, never from the cache. Outputs are written once every row is known, into a staging folder
that then replaces the previous outputs (``publish``).
"""
import concurrent.futures
import dataclasses
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import tqdm

from .. import bundle as bundle_mod, nbcode, paths, safeio
from . import gradebook, intake, lateness, sandbox, tamper
from .lms import blackboard
from . import dynamic_code, verdict

GRADER_VERSION = "5"  # 5: dynamic code and own-name shortcuts (issue 11)
UNGRADED = {"superseded"}


@dataclasses.dataclass
class Row:
    submission: str
    student_id: str
    status: str
    reason: str = ""
    scores: dict = dataclasses.field(default_factory=dict)  # question -> points (autograded)
    tests: list = dataclasses.field(default_factory=list)  # verdict.TestResult as dicts
    cell_errors: list = dataclasses.field(default_factory=list)
    seconds: float = 0.0
    id_source: str = ""
    attempt: str = ""
    result_name: str = ""
    flags: list = dataclasses.field(default_factory=list)
    submitted_at: str = ""  # ISO 8601, from the LMS on every run (never from a cache)

    @property
    def total(self):
        return sum(self.scores.values())


def main(hw, submissions, out, workers=None, timeout=60.0, memory_mb=2048, force=False,
         bundle_path=None, column_id="", progress=True, log=print, caps=intake.Caps(),
         roster=None, isolate=True, late=None, feedback_column=False, similarity=True,
         similar_to=()):
    """Grade ``submissions`` for homework ``hw`` into folder ``out``; return the rows.

    Every file gets a row whatever happens to it; the outputs are written only once every row
    is known, all at once (``publish``). ``late``: the late policy's options (``due``,
    ``timezone``, ``grace``, ``penalty``, ``cutoff``, ``extensions``), over the notebook's."""
    out = Path(out)
    bundle_path = Path(bundle_path or paths.bundle(hw))
    if not bundle_path.is_file():
        raise FileNotFoundError(f"no autograder bundle {bundle_path}: run `make release` first")
    bundle = bundle_mod.load(bundle_path, hw)
    policy = late_policy(late or {}, bundle)  # a bad deadline is an error before any work
    _protect(bundle_path.parent)
    found = intake.collect(submissions, caps, skip=[out])
    if not found:
        raise ValueError("no submission files found in " + " ".join(map(str, submissions)))
    out.mkdir(mode=0o700, parents=True, exist_ok=True)  # a new DIR is the TA's alone
    safeio.real_folder(out / ".cache")
    limits = sandbox.Limits(timeout=timeout, memory_mb=memory_mb, isolate=isolate)
    rows, todo = [None] * len(found), []
    for index, submission in enumerate(found):
        cached = None if force else _load_cache(out, submission, bundle)
        rows[index] = _known_row(submission, cached, bundle)
        if rows[index] is None:
            todo.append(index)
    _grade_todo(found, rows, todo, bundle, limits, out, workers or _cores(), progress)
    _name_results(rows)
    stamp_times(rows, found, policy)
    if similarity:  # written first, so that report.html lists its flagged pairs; a failure
        # there is one warning line and costs the grading nothing (``after_grading``)
        from . import similarity as similarity_mod
        similarity_mod.after_grading(out, hw, bundle, found, similar_to, log)
    publish(out, hw, bundle, rows, column_id, submissions=found, roster=roster, late=policy,
            feedback_column=feedback_column)
    log(summary_table(bundle, rows))
    log(f"wrote {out / 'grades.csv'}, {out / 'blackboard.csv'}, {out / 'report.html'}, "
        f"results/ and feedback/ ({len(rows)} rows)")
    return rows


def late_policy(options, bundle):
    """The late policy: ``options`` over the notebook's assignment config, with extensions."""
    policy = lateness.policy(options, bundle.late_config)
    if options.get("extensions"):
        lateness.add_extensions(policy, options["extensions"])
    return policy


def stamp_times(rows, found, policy):
    """Each row's submission time from its LMS record, recomputed on every run; its time flags
    (unknown, unreadable, disagreeing) when a deadline is in force."""
    for row, submission in zip(rows, found):
        try:
            when, flags = blackboard.submission_time(submission.receipt_date, submission.attempt,
                                                     policy.timezone)
        except Exception as exc:  # noqa: BLE001 - one row's failure is that row's
            when, flags = "", [f"time: unknown ({sandbox.one_line(exc)}): no late penalty"]
        row.submitted_at = when
        row.flags = [f for f in row.flags if not f.startswith("time: ")]
        if row.status not in UNGRADED and (policy.due or policy.extensions):
            row.flags += flags


def _known_row(submission, cached, bundle):
    """The row of a submission that needs no sandbox (superseded, refused at intake, cached),
    else None."""
    if submission.superseded_by:
        row = Row(submission.label, submission.student_id, "superseded",
                  f"a later attempt is graded: {submission.superseded_by}")
    elif submission.status:
        row = Row(submission.label, submission.student_id, submission.status, submission.reason,
                  scores={q["name"]: 0.0 for q in bundle.autograded})
    elif cached is not None:
        row = cached
    else:
        return None
    return _with_identity(row, submission)


def _with_identity(row, submission):
    """``row`` with who and what it is about taken from intake, never from a cache or a
    sandbox, and intake's flags before the row's own."""
    row.submission, row.student_id = submission.label, submission.student_id
    row.id_source, row.attempt, row.result_name = submission.id_source, submission.attempt, ""
    row.flags = list(submission.flags) + [f for f in row.flags if f not in submission.flags]
    return row


def _grade_todo(found, rows, todo, bundle, limits, out, workers, progress):
    """Run and judge the submissions at ``todo``, filling ``rows``; a failure of any kind in
    one submission becomes its row (``grader-error``), and the others go on."""
    if not todo:
        return
    import torch

    torch.set_num_threads(1)  # this process only judges small tensors: no thread pool to spin
    sandbox.warm_up()
    prepare_sandbox(bundle, limits)  # refuses first, before any work is spent on the class
    expected, forbidden = verdict.expected(bundle)
    # threads only wait for sandboxes; parsing and judging stay in this thread (CPython's ast
    # module is not safe to use from several threads at once)
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool, \
            tqdm.tqdm(total=len(todo), desc="grading", unit="notebook", file=sys.stderr,
                      disable=not progress, dynamic_ncols=True) as bar:
        futures = {pool.submit(run_one, found[i], bundle, limits): i for i in todo}
        for future in concurrent.futures.as_completed(futures):
            index = futures[future]
            row = _judged(found[index], future, bundle, expected, forbidden)
            if row.status != "grader-error":
                _save_cache(out, found[index], bundle, row)
            if not limits.isolate and UNISOLATED not in row.flags:
                row.flags = row.flags + [UNISOLATED]
            rows[index] = _with_identity(row, found[index])
            bar.set_postfix_str(f"{rows[index].student_id[:20]} {rows[index].status}")
            bar.update()


UNISOLATED = "graded WITHOUT sandbox isolation (--unsafe-no-isolation)"


def prepare_sandbox(bundle, limits):
    """Refuse, in one line, to grade where submissions cannot be isolated (unless the TA
    accepted the risk), and calibrate each question's time budget on this machine."""
    if limits.isolate:
        problem = sandbox.isolation_problem()
        if problem:
            raise sandbox.SandboxUnavailable(
                f"cannot isolate submissions on this machine: {problem}. Grade on Linux with "
                "user namespaces (or as root), or pass --unsafe-no-isolation to grade without "
                "isolation at your own risk")
    limits.question_seconds = sandbox.calibrate(bundle, limits)


def _judged(submission, future, bundle, expected, forbidden):
    """The judged row of a sandbox run, or a ``grader-error`` row saying what failed."""
    try:
        return judge_one(submission, *future.result(), bundle, expected, forbidden)
    except Exception as exc:  # noqa: BLE001 - any failure is this row's, never the batch's
        return Row(submission.label, submission.student_id, "grader-error", sandbox.one_line(exc),
                   scores={q["name"]: 0.0 for q in bundle.autograded})


def _protect(folder):
    """Hidden tests must not be readable by sandboxed code (which runs as ``nobody`` as root)."""
    import os
    import stat

    try:
        if folder.stat().st_uid == os.geteuid() and folder.stat().st_mode & stat.S_IRWXO:
            folder.chmod(folder.stat().st_mode & ~stat.S_IRWXO)
    except OSError:
        pass  # a read-only checkout: the sandbox's own limits still apply


def _cores():
    import os
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def run_one(submission, bundle, limits):
    """(flags, cells, sandbox outcome) for a submission; the outcome is (status, reason) when
    it cannot be run."""
    flags, cells = [], []
    try:
        flags, cells = cells_to_grade(submission, bundle)
    except nbcode.NotANotebook as exc:
        not_ipynb = not submission.original_name.lower().endswith(".ipynb")
        return flags, cells, (("not-a-notebook" if not_ipynb else "invalid-notebook"), str(exc))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:  # odd cells or metadata
        return flags, cells, ("invalid-notebook", f"unreadable cells: {type(exc).__name__}: {exc}")
    try:
        return flags, cells, sandbox.run(cells, bundle, limits)
    except OSError as exc:  # no process could be started (for example too many open files)
        return flags, cells, ("grader-error", f"could not start a sandbox: {exc}")


def cells_to_grade(submission, bundle):
    """(tamper flags, code cells): locked cells as released, whatever the submission did."""
    try:
        cells = nbcode.code_cells(submission.data)  # raises NotANotebook
    except RecursionError as exc:
        raise nbcode.NotANotebook("notebook JSON nested too deeply to read") from exc
    if not bundle.release:
        return [], cells
    return tamper.inspect(bundle.release, json.loads(submission.data.decode("utf-8-sig")))


def judge_one(submission, flags, cells, outcome, bundle, expected, forbidden):
    row = Row(submission.label, submission.student_id, "ok", id_source=submission.id_source,
              attempt=submission.attempt)
    row.scores = {q["name"]: 0.0 for q in bundle.autograded}
    if isinstance(outcome, tuple):
        row.status, row.reason = outcome
        return row
    row.flags = flags
    if not any(nbcode.definitions(cell, bundle.notebook_names) for cell in cells):
        row.status, row.reason = "empty", "the notebook defines nothing"
        return row
    results = verdict.judge(outcome, expected, forbidden, cells, bundle)
    row.status, row.reason, row.seconds = outcome.status, outcome.reason, outcome.seconds
    row.cell_errors = outcome.cell_errors
    row.tests = [dataclasses.asdict(r) for r in results]
    if outcome.status in ("ok", "partial"):  # partial: the failed questions' tests failed
        for r in results:
            row.scores[r.question] += r.score
        # points were given: dynamic code (outside the handout's own) that can hide or replace
        # an answer gets a flag each, to check by hand
        row.flags = flags + dynamic_code.flags(cells,
                                               bundle.handout)
    return row


def _cache_path(out, submission, bundle):
    """The cache file of a submission: by grader, bundle, student, attempt and bytes."""
    key = json.dumps([GRADER_VERSION, bundle.digest, submission.student_id, submission.attempt,
                      submission.digest])
    return out / ".cache" / f"{hashlib.sha256(key.encode()).hexdigest()}.json"


CACHE_LIMIT = 16 * 1024 * 1024  # bytes: a row's tests and messages are far smaller


def _load_cache(out, submission, bundle):
    """The cached row of a submission, or None (then it is graded again) when there is none or
    it fails validation: not a regular file (a link is never followed), too large, not JSON, or
    not a row's fields with their types."""
    try:
        record = json.loads(safeio.read_regular(_cache_path(out, submission, bundle),
                                                CACHE_LIMIT))
        return _valid_row(record)
    except (OSError, ValueError, TypeError):
        return None


def _valid_row(record):
    """A ``Row`` from a cache record whose fields all have their declared types, else
    ValueError."""
    fields = {f.name: f for f in dataclasses.fields(Row)}
    if not isinstance(record, dict) or set(record) != set(fields):
        raise ValueError("not a row")
    for name, value in record.items():
        kind = (int, float) if fields[name].type is float else fields[name].type
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ValueError(f"{name} is not a {getattr(kind, '__name__', kind)}")
    if not all(isinstance(q, str) and isinstance(p, (int, float)) and not isinstance(p, bool)
               for q, p in record["scores"].items()):
        raise ValueError("scores are not points")
    if not all(isinstance(t, dict) for t in record["tests"]) or \
            not all(isinstance(f, str) for f in record["flags"]):
        raise ValueError("tests or flags malformed")
    return Row(**record)


def _save_cache(out, submission, bundle, row):
    safeio.write_atomic(_cache_path(out, submission, bundle),
                        json.dumps(dataclasses.asdict(row)))


def _name_results(rows):
    """A unique, file-safe name per graded row (the student id, with a suffix on clashes).

    Rows identified by Blackboard are named first, so that a file claiming a student by its
    STUDENT ID cell or its name never takes that student's results and feedback files."""
    used = set()
    graded = [row for row in rows if row.status not in UNGRADED]
    for row in sorted(graded, key=lambda r: r.id_source != "blackboard"):  # stable
        row.result_name = safeio.file_name(row.student_id, used)
        used.add(row.result_name)


# --------------------------------------------------------------------------------------------
# outputs

def question_ids(bundle):
    return [q["name"] for q in bundle.questions]


def publish(out, hw, bundle, rows, column_id="", **gradebook_options):
    """Write every output into a staging folder inside ``out``, then move each into place:
    a failure while writing leaves the previous outputs as they were. Outputs hold marks and
    students' work: they are written readable by the TA's uid only (umask 077)."""
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    umask = os.umask(0o077)
    try:
        for folder in ("results", "feedback"):
            (staging / folder).mkdir()
        write_outputs(staging, hw, bundle, rows, column_id, home=out,
                      **gradebook_options)
        _move_into_place(staging, out)
    finally:
        os.umask(umask)
        shutil.rmtree(staging, ignore_errors=True)


def _move_into_place(staging, out):
    """Replace each output in ``out`` by its staged version (folders whole, so no file of an
    earlier run is left in them)."""
    old = staging / ".old"
    old.mkdir()
    for item in sorted(staging.iterdir()):
        if item == old:
            continue
        target = out / item.name
        if item.is_dir() and target.is_dir():
            os.replace(target, old / item.name)
        os.replace(item, target)


def write_outputs(out, hw, bundle, rows, column_id="", **gradebook_options):
    """Every output, with the written marks (``gradebook.write_outputs``: ``home`` is the
    grading folder whose marks count, ``submissions`` and ``roster`` are optional)."""
    return gradebook.write_outputs(out, hw, bundle, rows, column_id, **gradebook_options)


def _num(value):
    return f"{value:g}"


def summary_table(bundle, rows):
    questions = [q["name"] for q in bundle.autograded]
    widths = [max(6, len(q) + 1) for q in questions]  # a space between long question names
    width = max([len("student")] + [len(r.student_id) for r in rows])
    lines = [f"{'student':<{width}}  {'status':<16}"
             + "".join(f"{q:>{w}}" for q, w in zip(questions, widths)) + f"{'total':>7}"]
    for row in rows:
        if row.status in UNGRADED:
            cells = "".join(f"{'':>{w}}" for w in widths) + f"{'':>7}"
        else:
            cells = "".join(f"{_num(row.scores.get(q, 0)):>{w}}" for q, w in zip(questions, widths))
            cells += f"{_num(row.total):>7}"
        lines.append(f"{row.student_id:<{width}}  {row.status:<16}{cells}")
    graded = [r for r in rows if r.status in ("ok", "partial")]
    partial = sum(r.status == "partial" for r in rows)
    lines.append(f"{len(rows)} files: {len(graded)} graded"
                 + (f" ({partial} with questions that could not be graded: see their status)"
                    if partial else "") + ", "
                 f"{sum(r.status == 'superseded' for r in rows)} superseded, "
                 f"{sum(r.status not in ('ok', 'partial', 'superseded') for r in rows)} failed")
    return "\n".join(lines)
