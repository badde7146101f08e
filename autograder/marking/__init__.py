"""``python -m autograder mark HW DIR``: mark written answers of a grading folder in a browser.

DIR is the output folder of ``grade``. The app (``app``) serves on 127.0.0.1; marks go to
DIR/marks.sqlite (``store``), which ``grade`` never replaces. ``--import CSV`` and
``--export CSV`` (columns ``student_id,question,points,comment``) are for TAs who mark offline;
both, and leaving the app, refresh DIR's outputs (grades.csv, blackboard.csv, results, feedback,
report.html) with the marks.

Trust boundary: an imported CSV is a TA's file: each row is checked (known student and written
question, points in range) and a row that is not is reported and changes nothing.
"""
import csv
import dataclasses
import signal
import sys
import threading
import webbrowser
from pathlib import Path

EXPORT_COLUMNS = ["student_id", "question", "points", "comment"]


@dataclasses.dataclass
class ImportReport:
    applied: int
    unchanged: int
    rejected: list  # "line N: why"


def _context(hw, home):
    from .. import bundle as bundle_mod, paths
    from ..grading import gradebook

    home = Path(home)
    if not home.is_dir():
        raise ValueError(f"no grading folder {home}: run `python -m autograder grade {hw} "
                         f"SUBMISSIONS --out {home}` first")
    state = gradebook.load_state(home)
    if state.get("hw") != hw:
        raise ValueError(f"{home} holds the grades of {state.get('hw')!r}, not {hw!r}")
    bundle_path = paths.bundle(hw)
    if not Path(bundle_path).is_file():
        raise ValueError(f"no autograder bundle {bundle_path}: run `make release` first")
    return home, state, bundle_mod.load(bundle_path, hw)


def refresh(hw, home, state, bundle, roster=None, log=None):
    """Rewrite DIR's outputs with the current marks (the rows of the last ``grade`` run)."""
    from ..grading import grade

    rows = [grade.Row(**row) for row in state["rows"]]
    grade.publish(Path(home), hw, bundle, rows, state.get("column_id", ""),
                  roster=roster, log=log)


def _students_by_id(state):
    found = {}
    for row in state["rows"]:
        if row.get("result_name"):
            found.setdefault(row["student_id"], []).append(row["result_name"])
    return found


def import_csv(marking, state, path, grader="import"):
    """Apply the marks of a CSV; rows that cannot be matched are reported, not applied."""
    by_id = _students_by_id(state)
    report = ImportReport(0, 0, [])
    try:
        handle = open(path, newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror}") from exc
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in EXPORT_COLUMNS[:3] if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path} lacks the column(s) {', '.join(missing)} (expected "
                             f"{','.join(EXPORT_COLUMNS)})")
        store = marking.store()
        try:
            for number, line in enumerate(reader, start=2):
                why = _import_line(marking, store, by_id, line, grader, report)
                if why:
                    report.rejected.append(f"line {number}: {why}")
        finally:
            store.close()
    return report


def _import_line(marking, store, by_id, line, grader, report):
    student_id = (line.get("student_id") or "").strip()
    question = (line.get("question") or "").strip()
    names = by_id.get(student_id, [])
    if not names:
        return f"no graded submission of student {student_id!r}"
    if len(names) > 1:
        return f"student {student_id!r} has several graded submissions ({', '.join(names)})"
    if question not in marking.by_name:
        return f"{question!r} is not a written question of {marking.hw}"
    try:
        points = float(line.get("points") or "")
    except ValueError:
        return f"points {line.get('points')!r} is not a number"
    maximum = marking.by_name[question].points
    if not 0 <= points <= maximum:
        return f"points {points:g} outside 0..{maximum:g} for {question}"
    comment = (line.get("comment") or "").strip()
    current = store.mark(question, names[0])
    if current.graded and current.points == points and current.comment == comment:
        report.unchanged += 1
        return None
    store.set_points(question, names[0], points, comment, grader=grader)
    report.applied += 1
    return None


def export_csv(marking, path):
    """Write every marked answer as ``student_id,question,points,comment``; return the count."""
    store = marking.store()
    try:
        marks = store.marks()
    finally:
        store.close()
    order = {q.name: k for k, q in enumerate(marking.questions)}
    lines = sorted(((s.student_id, m.question, m.points, m.comment)
                    for s in marking.students for (q, key), m in marks.items()
                    if key == s.key and m.graded and q in order),
                   key=lambda line: (line[0], order[line[1]]))
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(EXPORT_COLUMNS)
        for student_id, question, points, comment in lines:
            writer.writerow([student_id, question, f"{points:g}", comment])
    return len(lines)


def print_progress(marking, file=None):
    """One tqdm bar per written question: answers marked of answers to mark."""
    import tqdm

    file = file or sys.stderr
    store = marking.store()
    try:
        keys = [s.key for s in marking.students]
        for question in marking.questions:
            done, total = store.progress(question.name, keys)
            print(tqdm.tqdm.format_meter(done, total, 0, ncols=80, prefix=f"{question.name:>6}",
                                         ascii=".#",
                                         bar_format="{desc} {bar} {n_fmt}/{total_fmt} marked"),
                  file=file)
    finally:
        store.close()


def main(hw, home, import_path=None, export_path=None, roster=None, port=8765, host="127.0.0.1",
         browser=True, log=print):
    from . import app as app_mod

    home, state, bundle = _context(hw, home)
    marking = app_mod.Marking(home, hw, bundle, state["rows"])
    if import_path or export_path:
        if import_path:
            report = import_csv(marking, state, import_path)
            log(f"imported {report.applied} marks from {import_path} ({report.unchanged} "
                f"unchanged, {len(report.rejected)} rows not matched)")
            for line in report.rejected:
                log(f"not imported: {line}")
        if export_path:
            count = export_csv(marking, export_path)
            log(f"exported {count} marks to {export_path}")
        refresh(hw, home, state, bundle, roster)
        print_progress(marking)
        return 1 if import_path and report.rejected else 0
    return serve(marking, state, bundle, roster, port, host, browser, log)


def _stop(signum, frame):
    raise KeyboardInterrupt


def serve(marking, state, bundle, roster, port, host, browser, log):
    from werkzeug.serving import make_server

    from . import app as app_mod

    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("the marking app serves this machine only (127.0.0.1)")
    app = app_mod.create_app(marking)
    lock = threading.Lock()

    def do_refresh():
        with lock:
            refresh(marking.hw, marking.home, state, bundle, roster, log=lambda line: None)

    app.config["refresh"] = do_refresh
    try:
        server = make_server(host, port, app, threaded=True)
    except OSError as exc:
        raise ValueError(f"cannot listen on {host}:{port} ({exc.strerror}); try --port 0") from exc
    url = f"http://{host}:{server.server_port}/"
    print_progress(marking)
    log(f"marking {marking.hw} in {marking.home} at {url} (Ctrl-C to stop)")
    sys.stdout.flush()
    if browser:
        webbrowser.open(url)
    for stop in (signal.SIGINT, signal.SIGTERM):  # Ctrl-C or kill: refresh, then exit
        signal.signal(stop, _stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    do_refresh()
    print_progress(marking)
    log(f"updated the outputs in {marking.home}")
    return 0
