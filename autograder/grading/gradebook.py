"""One gradebook: autograded points and written marks in every output of a grading folder.

``write_outputs`` writes ``grades.csv``, ``blackboard.csv``, ``results/*.json``,
``feedback/*.html``, ``report.html``, the students' written answers (``answers/``, for the
marking app) and ``.gradebook.json`` (the rows, so that ``mark`` can refresh the outputs without
grading again). Written marks are read from the marking database in the grading folder
(``marking.store``), which no output writer ever replaces: ``grade`` run again keeps every mark.

Trust boundaries: a roster CSV comes from Blackboard (or a TA) and is only read as text; marks
come from the TAs' database; student ids and file names come from submissions and are written
to CSV cells and escaped HTML only. Only Blackboard vouches for who submitted: a row identified
by a notebook's STUDENT ID or a file name never displaces a Blackboard-identified row of the
same username, and is uploaded only when it alone claims its username. Whatever goes wrong with
one row while writing its outputs becomes that row's flag, never the batch's failure.
"""
import codecs
import collections
import csv
import dataclasses
import io
import json
import re
import sys
from pathlib import Path

from .. import safeio
from . import lateness, lms, report
from .lms import blackboard

STATE_FILE = ".gradebook.json"
UNGRADED = {"superseded"}
GRADABLE = {"ok", "partial", "empty"}  # statuses whose autograded points are real (0 too)


@dataclasses.dataclass
class Entry:
    """A row of the gradebook: the grading row, its written marks and its Blackboard user."""
    row: object
    marks: dict  # question -> marking.store.Mark, marked answers only
    unmarked: list  # written questions without a mark
    username: str = ""
    unmapped: str = ""  # why it cannot go to Blackboard
    problems: list = dataclasses.field(default_factory=list)  # flags of this run's outputs
    late: object = None  # lateness.Lateness, for counted rows

    @property
    def flags(self):
        return list(self.row.flags) + [p for p in self.problems if p not in self.row.flags]

    @property
    def written(self):
        return sum(mark.points for mark in self.marks.values())

    @property
    def earned(self):
        return self.row.total + self.written

    @property
    def total(self):
        """Points after the late penalty (0 past the cutoff)."""
        if self.late is None or not (self.late.penalty or self.late.too_late):
            return self.earned
        return 0.0 if self.late.too_late else round(self.earned - self.late.penalty, 2)

    @property
    def status(self):
        return "too-late" if self.late is not None and self.late.too_late else self.row.status

    @property
    def counted(self):
        return self.row.status not in UNGRADED

    @property
    def gradable(self):
        return self.row.status in GRADABLE


def _num(value):
    return f"{value:g}"


def question_ids(bundle):
    return [q["name"] for q in bundle.questions]


# --------------------------------------------------------------------------------------------
# roster

ROSTER_BYTES, ROSTER_ROWS, ROSTER_FIELD = 16 * 2 ** 20, 100_000, 4096  # far above a class's


def read_roster(path):
    """``[{"username", "student_id", "name"}]`` from a Blackboard Grade Center download (comma or
    tab separated, UTF-8 or UTF-16) or any CSV with a ``Username`` column.

    The roster is the TA's, but its fields come from students (names): at most ``ROSTER_BYTES``,
    ``ROSTER_ROWS`` rows and ``ROSTER_FIELD`` characters a field are read, and anything else
    is one clear ValueError line, never a traceback."""
    path = Path(path)
    try:
        with open(path, "rb") as stream:
            data = stream.read(ROSTER_BYTES + 1)
    except OSError as exc:
        raise ValueError(f"cannot read the roster {path}: {exc.strerror}") from exc
    if len(data) > ROSTER_BYTES:
        raise ValueError(f"the roster {path} is larger than {ROSTER_BYTES // 2 ** 20} MB")
    try:
        text = data.decode("utf-16" if data.startswith((codecs.BOM_UTF16_LE,
                                                         codecs.BOM_UTF16_BE)) else "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"the roster {path} is not UTF-8 or UTF-16 text") from exc
    previous = csv.field_size_limit(ROSTER_FIELD)
    try:
        return _roster_users(path, text)
    except csv.Error as exc:
        raise ValueError(f"the roster {path} is not a CSV file that can be read: "
                         f"{' '.join(str(exc).split())[:200]}") from exc
    finally:
        csv.field_size_limit(previous)


def _roster_users(path, text):
    first = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text), delimiter="\t" if "\t" in first else ",")
    fields = {(name or "").strip().strip('"').lower(): name for name in reader.fieldnames or []}
    if "username" not in fields:
        raise ValueError(f"the roster {path} has no Username column (export it from Blackboard's "
                         "Grade Center: Work Offline > Download, user information only)")
    users = []
    for line in reader:
        if reader.line_num > ROSTER_ROWS:
            raise ValueError(f"the roster {path} has more than {ROSTER_ROWS} rows")
        username = (line.get(fields["username"]) or "").strip()
        if not username:
            continue
        student_id = (line.get(fields.get("student id", ""), "") or "").strip()
        name = " ".join(filter(None, ((line.get(fields.get("first name", ""), "") or "").strip(),
                                      (line.get(fields.get("last name", ""), "") or "").strip())))
        users.append({"username": username, "student_id": student_id, "name": name})
    if not users:
        raise ValueError(f"the roster {path} lists no users")
    return users


def map_username(row, roster):
    """(username, "") or ("", why not) for a grading row, with ``roster`` or None."""
    if roster is None:
        if row.id_source == "blackboard":
            return row.student_id, ""
        how = {"notebook": "its STUDENT ID cell"}.get(row.id_source, "its file name")
        return "", (f"identified by {how}, not by Blackboard: give "
                    "--roster to map it to a username")
    usernames = {u["username"].lower(): u["username"] for u in roster}
    by_id = {u["student_id"].lower(): u["username"] for u in roster if u["student_id"]}
    wanted = row.student_id.lower()
    if row.id_source in ("blackboard", "notebook") and wanted in usernames:
        return usernames[wanted], ""
    if row.id_source == "notebook" and wanted in by_id:
        return by_id[wanted], ""
    if row.id_source not in ("blackboard", "notebook"):
        for token in re.split(r"[^A-Za-z0-9.@-]+", row.student_id.lower()):
            if token in usernames:
                return usernames[token], ""
            if token in by_id:
                return by_id[token], ""
    return "", f"{row.student_id} ({row.id_source or 'file name'}) is not in the roster"


# --------------------------------------------------------------------------------------------
# entries

def written_marks(home, bundle):
    """``{student: {question: Mark}}`` of the marked written answers in ``home``'s database."""
    from ..marking import store as store_mod

    if home is None or not store_mod.exists(home):
        return {}
    manual = {q["name"] for q in bundle.questions if q["manual"]}
    store = store_mod.Store(home)
    try:
        found = {}
        for (question, student), mark in store.marks().items():
            if mark.graded and question in manual:
                found.setdefault(student, {})[question] = mark
        return found
    finally:
        store.close()


def scored(question):
    """Whether marking a written question can change a total: it has points, or rubric items
    that add or take away some (a 0-point question that only collects comments does not)."""
    items = (question.get("rubric") or {}).get("items") or []
    return bool(question["points"]) or any(item.get("points") for item in items)


def entries(bundle, rows, marks, roster=None, policy=None):
    """An ``Entry`` per row; its ``unmarked`` lists the written questions still to mark that
    can change its total (``scored``)."""
    manual = [q["name"] for q in bundle.questions if q["manual"] and scored(q)]
    found = []
    for row in rows:
        own = marks.get(row.result_name, {}) if row.result_name else {}
        entry = Entry(row, own, [q for q in manual if q not in own])
        if entry.counted:
            try:
                entry.username, entry.unmapped = map_username(row, roster)
            except Exception as exc:  # noqa: BLE001 - one row's failure is that row's
                entry.unmapped = f"could not be mapped to a username: {one_line(exc)}"
                entry.problems.append(entry.unmapped)
        found.append(entry)
    _settle_usernames(found)
    if policy is not None:
        _assess_lateness(found, policy)
    return found


def _assess_lateness(found, policy):
    """Each counted entry's lateness under ``policy`` (recomputed on every run and refresh),
    and a note when a student's graded attempt is late while an earlier one was on time."""
    earlier = collections.defaultdict(list)
    for entry in found:
        if not entry.counted and entry.row.submitted_at:
            earlier[entry.row.student_id].append(entry.row.submitted_at)
    for entry in found:
        if not entry.counted:
            continue
        try:
            entry.late = lateness.assess(policy, entry.row.student_id, entry.row.submitted_at,
                                         entry.earned)
            note = lateness.earlier_on_time(policy, entry.row.student_id, entry.late,
                                            earlier.get(entry.row.student_id, []))
        except Exception as exc:  # noqa: BLE001 - one row's failure is that row's
            entry.problems.append(f"late: cannot be assessed ({one_line(exc)}): no penalty")
            continue
        if note:
            entry.problems.append(note)


def one_line(exc):
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _settle_usernames(found):
    """One uploaded row per username. A Blackboard-identified row always keeps its username;
    a row identified otherwise (STUDENT ID cell, file name) that maps to the same username is
    not uploaded and is flagged for the TA; several such rows with no Blackboard row are none of
    them uploaded (the TA chooses)."""
    claims = collections.defaultdict(list)
    for entry in found:
        if entry.username:
            claims[entry.username].append(entry)
    for username, claim in claims.items():
        vouched = [e for e in claim if e.row.id_source == "blackboard"]
        others = [e for e in claim if e.row.id_source != "blackboard"]
        if vouched:
            keep = vouched[0]
            for entry in vouched[1:]:
                _withhold(entry, f"{entry.row.submission} maps to {username} as well as "
                                 f"{keep.row.submission}")
            for entry in others:
                _withhold(entry, f"{entry.row.submission} maps to {username} as well as "
                                 f"{keep.row.submission}, which Blackboard says is theirs: not "
                                 "uploaded; check who wrote it", claimed=username)
        elif len(others) > 1:
            files = ", ".join(e.row.submission for e in others)
            for entry in others:
                _withhold(entry, f"{len(others)} files not identified by Blackboard map to "
                                 f"{username} ({files}): none is uploaded; choose one",
                          claimed=username)


def _withhold(entry, why, claimed=""):
    """Keep ``entry`` out of blackboard.csv, saying why (and flagging its row when it
    ``claimed`` a username without Blackboard's word)."""
    entry.username, entry.unmapped = "", why
    if claimed:
        how = {"notebook": "its STUDENT ID cell"}.get(entry.row.id_source, "its file name")
        entry.problems.append(f"identity: claims {claimed} by {how}; not uploaded, check who "
                              "wrote it")


# --------------------------------------------------------------------------------------------
# writers

def write_grades_csv(path, bundle, found):
    """One row per file: status, points per question (written ones empty until marked), total
    (autograded plus written), tamper flags and the written questions not marked yet."""
    questions = question_ids(bundle)
    f = io.StringIO(newline="")
    writer = csv.writer(f)
    writer.writerow(["submission", "student_id", "status"] + questions
                    + ["total", "flags", "unmarked"] + LATE_COLUMNS)
    for entry in found:
        row = entry.row
        status = row.status if row.status == "ok" else f"{row.status}: {row.reason}"
        if entry.status == "too-late":
            status = f"too-late: {entry.late.summary()}; graded {status}"
        writer.writerow(safeio.csv_row([row.submission, row.student_id, status]
                                       + _grades_cells(entry, bundle, questions)))
    safeio.write_atomic(path, f.getvalue())  # 0600: the class's marks are the TA's alone


def _grades_cells(entry, bundle, questions):
    """The points, total, flags and unmarked cells of an entry's grades.csv row."""
    if not entry.counted:
        return (["" for _ in questions] + ["", "; ".join(entry.flags), ""]
                + lateness.cells(None, entry.row.submitted_at))
    try:
        cells = [_question_cell(entry, bundle, q) for q in questions] + [_num(entry.total)]
    except Exception as exc:  # noqa: BLE001 - one row's failure is that row's
        entry.problems.append(f"{OUTPUT_PROBLEM}points: {one_line(exc)}")
        cells = ["" for _ in questions] + [""]
    return (cells + ["; ".join(entry.flags), " ".join(entry.unmarked)]
            + lateness.cells(entry.late, entry.row.submitted_at))


LATE_COLUMNS = ["submitted_at", "hours_late", "late_penalty"]


def _question_cell(entry, bundle, question):
    if question in entry.marks:
        return _num(entry.marks[question].points)
    if any(q["name"] == question and q["manual"] for q in bundle.questions):
        return ""
    return _num(entry.row.scores.get(question, 0.0))


def blackboard_header(hw, bundle, column_id=""):
    return blackboard.score_header(hw, bundle.max_points, column_id)


def write_blackboard_csv(path, hw, bundle, found, column_id="", feedback=False):
    """Grade Center's offline upload: ``Username`` and the score column, all quoted; a row per
    student with a Blackboard username, an empty cell when the notebook could not be graded
    (0 past the late cutoff); with ``feedback``, each student's summary (``lms``) too.
    Returns warning lines (no column id, rows that could not be mapped, unmarked answers)."""
    warnings = []
    if not column_id:
        warnings.append("WARNING: blackboard.csv has no Grade Center column id (--column-id): "
                        "Blackboard will create a new text column that does not count toward "
                        "grades. Find the id in the column's header of a Grade Center download.")
    uploaded = [e for e in found if e.counted and e.username]
    blackboard.write_upload(path, blackboard_header(hw, bundle, column_id), [
        (e.username, _num(e.total) if e.gradable or e.status == "too-late" else "",
         _summary(e, bundle) if feedback else []) for e in uploaded], feedback)
    unmapped = [e for e in found if e.counted and e.unmapped]
    for entry in unmapped:
        warnings.append(f"not in blackboard.csv: {entry.row.submission}: {entry.unmapped}")
    unmarked = [e for e in found if e.counted and e.gradable and e.username and e.unmarked]
    if unmarked:
        warnings.append(f"{len(unmarked)} students in blackboard.csv have written answers not "
                        "marked yet (python -m autograder mark): their totals lack those points")
    return warnings


def otter_results(entry, bundle):
    """Otter's (Gradescope's) results.json format with the written marks, plus this grader's
    status."""
    row = entry.row
    tests = [{"name": f"{t['question']} - {t['index'] + 1}", "score": t["points"] if t["passed"]
              else 0.0, "max_score": t["points"],
              "visibility": "hidden" if t["hidden"] else "visible",
              "output": "passed" if t["passed"] else t["message"]} for t in row.tests]
    for question in bundle.questions:
        if not question["manual"]:
            continue
        mark = entry.marks.get(question["name"])
        tests.append({"name": f"{question['name']} (written)",
                      "score": mark.points if mark else 0.0, "max_score": question["points"],
                      "visibility": "visible",
                      "output": _mark_text(mark) if mark else "not marked yet"})
    return {"score": entry.total, "status": entry.status, "reason": row.reason,
            "student_id": row.student_id, "submission": row.submission,
            "autograded_score": row.total, "written_score": entry.written,
            "written_unmarked": entry.unmarked, "tests": tests,
            "earned_score": entry.earned, "late": lateness.as_json(entry.late)}


def _mark_text(mark):
    lines = [f"{_num(points):>5}  {text}" for points, text in mark.items]
    if mark.adjustment:
        lines.append(f"{_num(mark.adjustment):>5}  adjustment")
    if mark.comment:
        lines.append(mark.comment)
    return "\n".join(lines) or "marked"


# --------------------------------------------------------------------------------------------
# state kept for the marking app

def save_state(out, hw, rows, column_id, roster, policy=None, feedback_column=False):
    from dataclasses import asdict

    state = {"hw": hw, "column_id": column_id, "roster": roster,
             "late": (policy or lateness.Policy()).to_state(),
             "feedback_column": bool(feedback_column),
             "rows": [asdict(row) for row in rows]}
    safeio.write_atomic(Path(out) / STATE_FILE, json.dumps(state, indent=1, sort_keys=True))


def load_state(home):
    path = Path(home) / STATE_FILE
    if not path.is_file():
        raise ValueError(f"{home} is not a grading folder of this version: run `python -m "
                         "autograder grade HW SUBMISSIONS --out DIR` first")
    try:
        return json.loads(path.read_text("utf-8"))
    except ValueError as exc:
        raise ValueError(f"{path} is damaged: run grade again") from exc


def previous_late(home):
    """(late policy, feedback column) of the last run in ``home``, re-applied by ``mark``."""
    try:
        state = load_state(home)
    except ValueError:
        return lateness.Policy(), False
    return lateness.Policy.from_state(state.get("late")), bool(state.get("feedback_column"))


def previous_roster(home):
    try:
        return load_state(home).get("roster")
    except ValueError:
        return None


def unmark_changed_answers(home, out, bundle, before):
    """A marked answer whose text changed since (a later attempt graded) is not marked any
    more; its rubric items and comment stay for the TA to confirm. Returns "student question"
    for each."""
    from ..marking import answers, store as store_mod

    if not store_mod.exists(home):
        return []
    manual = [q["name"] for q in bundle.questions if q["manual"]]
    store, changed = store_mod.Store(home), []
    try:
        marks = store.marks()
        for name, old in before.items():
            new = answers.load(out, name)
            if old is None or new is None:
                continue
            for question in manual:
                mark = marks.get((question, name))
                if mark and mark.graded and (old["questions"].get(question)
                                             != new["questions"].get(question)):
                    store.unmark(question, name)
                    changed.append(f"{name} {question}")
    finally:
        store.close()
    return changed


def write_outputs(out, hw, bundle, rows, column_id="", home=None, submissions=None,
                  roster=None, log=None, late=None, feedback_column=None):
    """Every output of a grading run into ``out`` (a staging folder of ``home``, or ``home``).

    ``roster`` is a roster file, a parsed roster, or None for the one of the last run. A row
    whose written answers, results or feedback cannot be written gets a flag saying why; the
    other rows' outputs are written all the same. ``late`` (a ``lateness.Policy``) and
    ``feedback_column`` are None for those of the last run, so that marks entered later are
    penalised as the grading run said."""
    out, home = Path(out), Path(home or out)
    log = log or (lambda line: print(line, file=sys.stderr))
    if isinstance(roster, (str, Path)):
        roster = read_roster(roster)
    elif roster is None:
        roster = previous_roster(home)
    if submissions is not None:
        _write_answers(out, home, bundle, submissions, rows, log)
    if late is None or feedback_column is None:
        last_late, last_feedback = previous_late(home)
        late = last_late if late is None else late
        feedback_column = last_feedback if feedback_column is None else feedback_column
    found = entries(bundle, rows, written_marks(home, bundle), roster, late)
    (out / "results").mkdir(parents=True, exist_ok=True)
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    for entry in found:
        if entry.row.result_name:
            _write_row_files(out, hw, bundle, entry)
    write_grades_csv(out / "grades.csv", bundle, found)
    warnings = late.problems + lateness.unmatched(late, [row.student_id for row in rows])
    warnings += write_blackboard_csv(out / "blackboard.csv", hw, bundle, found, column_id,
                                     feedback_column)
    warnings += _late_summary(found)
    warnings += [f"{e.row.submission}: {p}" for e in found for p in e.problems
                 if p.startswith(OUTPUT_PROBLEM)]
    from . import similarity_report  # flagged pairs, written before by grade or similarity

    similar = similarity_report.flagged_rows(home)
    safeio.write_atomic(out / "report.html", _report(hw, bundle, found, warnings, late, similar))
    save_state(out, hw, rows, column_id, roster, late, feedback_column)
    for line in warnings:
        log(line)
    return warnings


UNREADABLE = "written answers unreadable: "
UNREADABLE_STATUSES = {"not-a-notebook", "invalid-notebook"}
OUTPUT_PROBLEM = "outputs not written: "


def _write_answers(out, home, bundle, submissions, rows, log):
    """The students' written answers (``answers/``), a flag on each row whose notebook they
    cannot be read from, and unmarking of marked answers that changed."""
    from ..marking import answers

    before = {row.result_name: _previous_answers(home, row.result_name)
              for row in rows if row.result_name}
    problems = answers.write_all(out, bundle, submissions, rows)
    for row in rows:  # a row whose status says its notebook is unreadable needs no flag
        if row.result_name in problems and row.status not in UNREADABLE_STATUSES:
            flag = UNREADABLE + problems[row.result_name]
            row.flags = [f for f in row.flags if not f.startswith(UNREADABLE)] + [flag]
    changed = unmark_changed_answers(home, out, bundle, before)
    if changed:
        log(f"{len(changed)} written answers changed since they were marked (a new "
            f"attempt): to mark again: {', '.join(changed)}")


def _previous_answers(home, result_name):
    from ..marking import answers

    try:
        record = answers.load(home, result_name)
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and isinstance(record.get("questions"),
                                                             dict) else None


def _write_row_files(out, hw, bundle, entry):
    """``results/<name>.json`` and ``feedback/<name>.html`` of one entry; a failure is that
    entry's flag (and neither file is left half written)."""
    name = entry.row.result_name
    targets = (out / "results" / f"{name}.json", out / "feedback" / f"{name}.html")
    try:
        texts = (json.dumps(otter_results(entry, bundle), indent=1),
                 report.feedback_html(hw, bundle, entry))
    except Exception as exc:  # noqa: BLE001 - one row's failure is that row's
        entry.problems.append(f"{OUTPUT_PROBLEM}results and feedback: {one_line(exc)}")
        return
    try:
        for target, text in zip(targets, texts):
            safeio.write_atomic(target, text)
    except OSError as exc:
        for target in targets:
            target.unlink(missing_ok=True)
        entry.problems.append(f"{OUTPUT_PROBLEM}results and feedback: {one_line(exc)}")


def _report(hw, bundle, found, warnings, policy=None, similar=None):
    """The class report; an entry it cannot be rendered with is left out of it and named in
    its warnings. ``similar``: the flagged rows of ``similarity.csv``."""
    try:
        return report.report_html(hw, bundle, found, warnings, policy, similar)
    except Exception:  # noqa: BLE001 - find the rows that break it, below
        pass
    kept, left_out = [], []
    for entry in found:
        try:
            report.report_html(hw, bundle, kept + [entry], [], policy, similar)
        except Exception as exc:  # noqa: BLE001 - one row's failure is that row's
            left_out.append(f"{entry.row.submission}: {OUTPUT_PROBLEM}report row: "
                            f"{one_line(exc)}")
            continue
        kept.append(entry)
    return report.report_html(hw, bundle, kept, list(warnings) + left_out, policy, similar)


def _late_summary(found):
    """One line on the class's late work (the log's totals table is before penalties)."""
    late, too_late, unknown = report.late_lists([e for e in found if e.counted])[:3]
    if not any(e.late is not None and e.late.due for e in found) or not (
            late or too_late or unknown):
        return []
    return [f"late work: {len(late)} penalised, {len(too_late)} too late (0 points), "
            f"{len(unknown)} of unknown submission time (no penalty); totals in grades.csv "
            "and blackboard.csv are after penalties (report.html lists them)"]


def _summary(entry, bundle):
    """An entry's feedback summary lines; a failure is that entry's flag and a short line."""
    try:
        return lms.summary_lines(entry, bundle)
    except Exception as exc:  # noqa: BLE001 - one row's failure is that row's
        entry.problems.append(f"{OUTPUT_PROBLEM}feedback column: {one_line(exc)}")
        return [f"Total: {_num(entry.total)} / {_num(bundle.max_points)}"]
