"""``python -m autograder mark HW DIR``: mark written answers of a grading folder in a browser.

DIR is the output folder of ``grade``. The app (``app``) serves on 127.0.0.1; marks go to
DIR/marks.sqlite (``store``), which ``grade`` never replaces. ``--import CSV`` and
``--export CSV`` (columns ``student_id,question,points,comment``) are for TAs who mark offline;
both, and leaving the app, refresh DIR's outputs (grades.csv, blackboard.csv, results, feedback,
report.html) with the marks.

The app opens with a per-run secret: ``mark`` prints (and opens)
``http://127.0.0.1:PORT/?token=...`` (``guard`` says what it guards). The browser is opened
on a file only this user can read that forwards to that URL, so the token is never on a
command line other users can see.

Trust boundary: an imported CSV is a TA's file, but its cells may hold what students control
(ids, comments pasted from answers): it is read within limits (``MAX_IMPORT_BYTES``,
``MAX_IMPORT_ROWS``, ``MAX_FIELD`` characters a cell), a file that cannot be read is one error
line, each row is checked (known student and written question, points in range) and a row that
is not is reported and changes nothing. Every exported cell goes through ``safeio.csv_cell``
(no spreadsheet formula), and an import reads such a cell back as it was.
"""
import csv
import dataclasses
import html
import io
import os
import signal
import sys
import tempfile
import threading
import webbrowser
from pathlib import Path

from .. import safeio
from . import store as store_mod

EXPORT_COLUMNS = ["student_id", "question", "points", "comment"]
MAX_IMPORT_BYTES = 16 * 2**20
MAX_IMPORT_ROWS = 100_000
MAX_FIELD = 64 * 1024
MAX_COMMENT = 5000  # as the app's comment field
SHOWN_VALUE = 80  # characters of a cell quoted in a rejection


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


def _cell(value):
    """A cell as it was before ``safeio.csv_cell`` (``'=x`` read back as ``=x``)."""
    text = (value or "").strip()
    if text.startswith("'") and text[1:].startswith(safeio.FORMULA_START):
        return text[1:]
    return text


def _shown(value):
    return repr(safeio.bounded(value, SHOWN_VALUE, " [...]"))


def _read_import(path):
    """The rows of a marks CSV as dicts, read within the module's limits; ValueError (one line)
    when the file cannot be read."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror}") from exc
    if len(data) > MAX_IMPORT_BYTES:
        raise ValueError(f"cannot read {path}: larger than {MAX_IMPORT_BYTES // 2**20} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"cannot read {path}: not UTF-8 text (byte {exc.start})") from exc
    previous = csv.field_size_limit(MAX_FIELD)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        missing = [c for c in EXPORT_COLUMNS[:3] if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path} lacks the column(s) {', '.join(missing)} (expected "
                             f"{','.join(EXPORT_COLUMNS)})")
        rows = []
        for line in reader:
            if len(rows) == MAX_IMPORT_ROWS:
                raise ValueError(f"cannot read {path}: more than {MAX_IMPORT_ROWS} rows")
            rows.append((reader.line_num, line))
    except csv.Error as exc:
        raise ValueError(f"cannot read {path}: line {reader.line_num}: "
                         f"{safeio.bounded(exc, 200)}") from exc
    finally:
        csv.field_size_limit(previous)
    return rows


def import_csv(marking, state, path, grader="import"):
    """Apply the marks of a CSV; rows that cannot be matched are reported, not applied."""
    by_id = _students_by_id(state)
    report = ImportReport(0, 0, [])
    rows = _read_import(path)
    store = marking.store()
    try:
        for number, line in rows:
            why = _import_line(marking, store, by_id, line, grader, report)
            if why:
                report.rejected.append(f"line {number}: {why}")
    finally:
        store.close()
    return report


def _import_line(marking, store, by_id, line, grader, report):
    student_id = _cell(line.get("student_id"))
    question = _cell(line.get("question"))
    names = by_id.get(student_id, [])
    if not names:
        return f"no graded submission of student {_shown(student_id)}"
    if len(names) > 1:
        return f"student {_shown(student_id)} has several graded submissions"
    if question not in marking.by_name:
        return f"{_shown(question)} is not a written question of {marking.hw}"
    try:
        points = float(_cell(line.get("points")) or "")
    except ValueError:
        return f"points {_shown(line.get('points'))} is not a number"
    written = marking.by_name[question]
    low, high = (0.0, written.points) if written.points > 0 else store_mod.rubric_reach(
        [item["points"] for item in written.rubric["items"]])  # a deduction or bonus
    if not low <= points <= high:
        return f"points {points:g} outside {low:g}..{high:g} for {question}"
    comment = _cell(line.get("comment"))
    if len(comment) > MAX_COMMENT:
        return f"comment longer than {MAX_COMMENT} characters"
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
    f = io.StringIO(newline="")
    writer = csv.writer(f)
    writer.writerow(EXPORT_COLUMNS)
    for student_id, question, points, comment in lines:
        writer.writerow(safeio.csv_row([student_id, question, f"{points + 0.0:g}", comment]))
    safeio.write_atomic(path, f.getvalue())  # 0600: marks are the TA's alone
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


def _open_browser(url):
    """Open ``url`` through a page in a private folder (0700) that forwards to it: a browser
    started on the URL itself would show its token to every user (``ps``)."""
    folder = tempfile.mkdtemp(prefix="mark-")
    page = Path(folder) / "open.html"
    fd = os.open(page, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(f'<!DOCTYPE html><meta charset="utf-8"><meta http-equiv="refresh" '
                f'content="0;url={html.escape(url)}"><a href="{html.escape(url)}">marking</a>')
    webbrowser.open(page.as_uri())
    timer = threading.Timer(60, _remove, (page, folder))  # the browser has read it by then
    timer.daemon = True
    timer.start()
    return page, folder


def _remove(page, folder):
    try:
        page.unlink()
        os.rmdir(folder)
    except OSError:
        pass


def _stop(signum, frame):
    raise KeyboardInterrupt


def serve(marking, state, bundle, roster, port, host, browser, log):
    from werkzeug.serving import make_server

    from . import app as app_mod

    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("the marking app serves this machine only (127.0.0.1)")
    app = app_mod.create_app(marking)  # its own hosts are known once it listens (port 0)
    lock = threading.Lock()

    def do_refresh():
        with lock:
            refresh(marking.hw, marking.home, state, bundle, roster, log=lambda line: None)

    app.config["refresh"] = do_refresh
    try:
        server = make_server(host, port, app, threaded=True)
    except OSError as exc:
        raise ValueError(f"cannot listen on {host}:{port} ({exc.strerror}); try --port 0") from exc
    app.config["port"] = server.server_port
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{server.server_port}/?token={app.config['token']}"
    print_progress(marking)
    log(f"marking {marking.hw} in {marking.home} at {url} (Ctrl-C to stop)")
    sys.stdout.flush()
    opened = _open_browser(url) if browser else None
    for stop in (signal.SIGINT, signal.SIGTERM):  # Ctrl-C or kill: refresh, then exit
        signal.signal(stop, _stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if opened:
            _remove(*opened)
    do_refresh()
    print_progress(marking)
    log(f"updated the outputs in {marking.home}")
    return 0
