"""``python -m autograder grade HW SUBMISSIONS... --out DIR``: grade a whole class.

Every submitted file gets a row in ``DIR/grades.csv``: graded (``ok``) or with a short reason.
Each notebook runs in its own sandboxed process (``sandbox``) and is judged in this process
(``verdict``). Results are cached by the content of submission and bundle, so a re-run or an
interrupted run only grades what is new.
"""
import concurrent.futures
import csv
import dataclasses
import hashlib
import json
import re
import sys
import time
from pathlib import Path

from . import bundle as bundle_mod, intake, nbcode, paths, report, sandbox, tamper, verdict

GRADER_VERSION = "3"
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

    @property
    def total(self):
        return sum(self.scores.values())


def main(hw, submissions, out, workers=None, timeout=60.0, memory_mb=2048, force=False,
         bundle_path=None, column_id="", progress=True, log=print):
    """Grade ``submissions`` for homework ``hw`` into folder ``out``; return the rows."""
    out = Path(out)
    bundle_path = Path(bundle_path or paths.bundle(hw))
    if not bundle_path.is_file():
        raise FileNotFoundError(f"no autograder bundle {bundle_path}: run `make release` first")
    bundle = bundle_mod.load(bundle_path, hw)
    _protect(bundle_path.parent)
    found = intake.collect(submissions)
    if not found:
        raise ValueError("no submission files found in " + " ".join(map(str, submissions)))
    for folder in ("results", "feedback", ".cache"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    limits = sandbox.Limits(timeout=timeout, memory_mb=memory_mb,
                            hidden=(str(bundle_path.resolve().parent),))
    workers = workers or _cores()

    rows, todo = [None] * len(found), []
    for index, submission in enumerate(found):
        cached = None if force else _load_cache(out, submission, bundle)
        if submission.superseded_by:
            rows[index] = Row(submission.label, submission.student_id, "superseded",
                              f"a later attempt is graded: {submission.superseded_by}",
                              id_source=submission.id_source, attempt=submission.attempt)
        elif cached:
            rows[index] = cached
            rows[index].submission = submission.label
        else:
            todo.append(index)
    if todo:
        expected, forbidden = verdict.expected(bundle)
        sandbox.warm_up()
    bar = Progress(len(todo), enabled=progress)
    # threads only wait for sandboxes; parsing and judging stay in this thread (CPython's ast
    # module is not safe to use from several threads at once)
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(run_one, found[i], bundle, limits): i for i in todo}
        for future in concurrent.futures.as_completed(futures):
            index = futures[future]
            rows[index] = judge_one(found[index], *future.result(), bundle, expected, forbidden)
            _save_cache(out, found[index], bundle, rows[index])
            bar.step(rows[index])
    bar.close()
    _name_results(rows)
    write_outputs(out, hw, bundle, rows, column_id)
    log(summary_table(bundle, rows))
    log(f"wrote {out / 'grades.csv'}, {out / 'blackboard.csv'}, {out / 'report.html'}, "
        f"results/ and feedback/ ({len(rows)} rows)")
    return rows


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
    cells = nbcode.code_cells(submission.data)  # raises NotANotebook
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
    if outcome.status == "ok":
        for r in results:
            row.scores[r.question] += r.score
    return row


def _cache_path(out, submission, bundle):
    key = hashlib.sha256(f"{GRADER_VERSION}:{bundle.digest}:{submission.digest}".encode())
    return out / ".cache" / f"{key.hexdigest()}.json"


def _load_cache(out, submission, bundle):
    path = _cache_path(out, submission, bundle)
    if not path.is_file():
        return None
    try:
        return Row(**json.loads(path.read_text("utf-8")))
    except (ValueError, TypeError):
        return None


def _save_cache(out, submission, bundle, row):
    path = _cache_path(out, submission, bundle)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(dataclasses.asdict(row)), encoding="utf-8")
    tmp.replace(path)


def _name_results(rows):
    """A unique, file-safe name per graded row (the student id, with a suffix on clashes)."""
    used = set()
    for row in rows:
        if row.status in UNGRADED:
            continue
        base = re.sub(r"[^A-Za-z0-9._-]+", "_", row.student_id).strip("._") or "submission"
        name, k = base, 2
        while name in used:
            name, k = f"{base}-{k}", k + 1
        used.add(name)
        row.result_name = name


# --------------------------------------------------------------------------------------------
# outputs

def question_ids(bundle):
    return [q["name"] for q in bundle.questions]


def write_outputs(out, hw, bundle, rows, column_id=""):
    write_grades_csv(out / "grades.csv", bundle, rows)
    write_blackboard_csv(out / "blackboard.csv", hw, bundle, rows, column_id)
    for row in rows:
        if row.result_name:
            (out / "results" / f"{row.result_name}.json").write_text(
                json.dumps(otter_results(row), indent=1), encoding="utf-8")
            (out / "feedback" / f"{row.result_name}.html").write_text(
                report.feedback_html(hw, bundle, row), encoding="utf-8")
    (out / "report.html").write_text(report.report_html(hw, bundle, rows), encoding="utf-8")


def write_grades_csv(path, bundle, rows):
    manual = {q["name"] for q in bundle.questions if q["manual"]}
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["submission", "student_id", "status"] + question_ids(bundle)
                        + ["total", "flags"])
        for row in rows:
            status = row.status if row.status == "ok" else f"{row.status}: {row.reason}"
            if row.status in UNGRADED:
                cells = ["" for _ in question_ids(bundle)] + [""]
            else:
                cells = ["" if q in manual else _num(row.scores.get(q, 0.0))
                         for q in question_ids(bundle)] + [_num(row.total)]
            writer.writerow([row.submission, row.student_id, status] + cells
                            + ["; ".join(row.flags)])


def write_blackboard_csv(path, hw, bundle, rows, column_id=""):
    """Grade Center "Work offline > Upload" format: Username and one score column."""
    header = f"{hw} [Total Pts: {_num(bundle.max_points)} Score]"
    if column_id:
        header += f" |{column_id}"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL)
        writer.writerow(["Username", header])
        for row in rows:
            if row.status not in UNGRADED:
                writer.writerow([row.student_id, _num(row.total)])


def otter_results(row):
    """Otter's (Gradescope's) results.json format, plus this grader's status."""
    tests = [{"name": f"{t['question']} - {t['index'] + 1}", "score": t["points"] if t["passed"]
              else 0.0, "max_score": t["points"],
              "visibility": "hidden" if t["hidden"] else "visible",
              "output": "passed" if t["passed"] else t["message"]} for t in row.tests]
    return {"score": row.total, "status": row.status, "reason": row.reason,
            "student_id": row.student_id, "submission": row.submission, "tests": tests}


def _num(value):
    return f"{value:g}"


def summary_table(bundle, rows):
    questions = [q["name"] for q in bundle.autograded]
    width = max([len("student")] + [len(r.student_id) for r in rows])
    lines = [f"{'student':<{width}}  {'status':<16}" + "".join(f"{q:>6}" for q in questions)
             + f"{'total':>7}"]
    for row in rows:
        if row.status in UNGRADED:
            cells = "".join(f"{'':>6}" for _ in questions) + f"{'':>7}"
        else:
            cells = "".join(f"{_num(row.scores.get(q, 0)):>6}" for q in questions)
            cells += f"{_num(row.total):>7}"
        lines.append(f"{row.student_id:<{width}}  {row.status:<16}{cells}")
    graded = [r for r in rows if r.status == "ok"]
    lines.append(f"{len(rows)} files: {len(graded)} graded, "
                 f"{sum(r.status == 'superseded' for r in rows)} superseded, "
                 f"{sum(r.status not in ('ok', 'superseded') for r in rows)} failed")
    return "\n".join(lines)


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, total, enabled=True):
        self.total, self.done, self.start = total, 0, time.monotonic()
        self.enabled = enabled and total > 0

    def step(self, row):
        self.done += 1
        if not self.enabled:
            return
        filled = int(30 * self.done / self.total)
        elapsed = time.monotonic() - self.start
        sys.stderr.write(f"\rgrading [{'#' * filled}{'.' * (30 - filled)}] {self.done}/"
                         f"{self.total} {elapsed:5.1f}s {row.student_id[:20]:<20}")
        sys.stderr.flush()

    def close(self):
        if self.enabled:
            sys.stderr.write("\n")
