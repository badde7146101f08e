"""The marks of written answers: an SQLite database in the grading folder (``marks.sqlite``).

Every action is one transaction, committed before the app answers (WAL mode), so a crash, a
closed tab or several TAs at once lose nothing. A lease per (question, student) with an expiry
keeps two TAs from being given the same ungraded answer. Students are the grading run's result
names (``grades.csv``'s student ids, made unique).

Trust boundary: values come from TAs (the app's forms, an imported CSV); they are stored with
bound parameters only and checked (numbers, known questions and students) by the callers. The
database is the TA's alone: created (and kept) readable and writable by its owner only, with its
WAL files; a symbolic link in its place is refused, never followed.
"""
import contextlib
import dataclasses
import hashlib
import os
import secrets
import sqlite3
import time
from pathlib import Path

FILE_NAME = "marks.sqlite"
LEASE_SECONDS = 600

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS question(name TEXT PRIMARY KEY, max_points REAL NOT NULL,
                                    scoring TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS item(id INTEGER PRIMARY KEY, question TEXT NOT NULL,
                                position INTEGER NOT NULL, points REAL NOT NULL,
                                description TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS mark(question TEXT NOT NULL, student TEXT NOT NULL,
                                graded INTEGER NOT NULL DEFAULT 0,
                                adjustment REAL NOT NULL DEFAULT 0,
                                comment TEXT NOT NULL DEFAULT '', grader TEXT NOT NULL DEFAULT '',
                                updated REAL NOT NULL DEFAULT 0,
                                PRIMARY KEY(question, student));
CREATE TABLE IF NOT EXISTS applied(question TEXT NOT NULL, student TEXT NOT NULL,
                                   item INTEGER NOT NULL, PRIMARY KEY(question, student, item));
CREATE TABLE IF NOT EXISTS lease(question TEXT NOT NULL, student TEXT NOT NULL,
                                 holder TEXT NOT NULL, expires REAL NOT NULL,
                                 PRIMARY KEY(question, student));
"""


@dataclasses.dataclass
class Mark:
    question: str
    student: str
    points: float
    graded: bool
    adjustment: float
    comment: str
    items: list  # [(points, description)] of the rubric items applied, in rubric order


def path_in(out):
    return Path(out) / FILE_NAME


def exists(out):
    return path_in(out).is_file()


def score(max_points, scoring, item_points, adjustment, reach=(0.0, 0.0)):
    """Positive scoring starts from 0, negative from full marks; the result stays in range:
    0 to ``max_points``, or for a question worth 0 points (a deduction or a bonus outside the
    points possible, such as -1 for missing shape comments and +1 extra) ``reach``, the sums of
    its rubric's negative and of its positive items (``rubric_reach``)."""
    base = max_points if scoring == "negative" else 0.0
    low, high = (0.0, float(max_points)) if max_points > 0 else reach
    return min(max(base + sum(item_points) + adjustment, low), high)


def rubric_reach(item_points):
    """(sum of the negative items, sum of the positive items) of one rubric."""
    return (float(sum(p for p in item_points if p < 0)),
            float(sum(p for p in item_points if p > 0)))


def _private(path):
    """Create ``path`` (0600) unless it exists; refuse symbolic links where the database and its
    WAL files go; take group and other permissions off the owner's existing files."""
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if name.is_symlink():
            raise ValueError(f"{name} is a symbolic link; the marks database must be a plain file")
    os.close(os.open(path, os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600))
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            found = os.stat(name, follow_symlinks=False)
        except FileNotFoundError:
            continue
        if found.st_mode & 0o077 and found.st_uid == os.getuid():
            os.chmod(name, 0o600)


class Store:
    """One connection per instance; make one per thread (the app makes one per request)."""

    def __init__(self, out):
        self.path = path_in(out)
        _private(self.path)
        self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")

    def close(self):
        self.db.close()

    @contextlib.contextmanager
    def transaction(self):
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- setup -------------------------------------------------------------------------------

    def setup(self, questions):
        """Create the tables; seed each written question's rubric from the bundle once (edits
        made in the app are kept over later runs)."""
        for statement in SCHEMA.strip().split(";"):
            if statement.strip():
                self.db.execute(statement)
        with self.transaction() as db:
            if not db.execute("SELECT 1 FROM meta WHERE key='secret'").fetchone():
                db.execute("INSERT INTO meta VALUES('secret', ?)", (secrets.token_hex(16),))
            for q in questions:
                known = db.execute("SELECT 1 FROM question WHERE name=?", (q.name,)).fetchone()
                if known:
                    db.execute("UPDATE question SET max_points=? WHERE name=?", (q.points, q.name))
                    continue
                db.execute("INSERT INTO question VALUES(?, ?, ?)",
                           (q.name, q.points, q.rubric["scoring"]))
                for position, item in enumerate(q.rubric["items"]):
                    db.execute("INSERT INTO item(question, position, points, description) "
                               "VALUES(?, ?, ?, ?)",
                               (q.name, position, item["points"], item["description"]))

    def secret(self):
        return self.db.execute("SELECT value FROM meta WHERE key='secret'").fetchone()[0]

    def anonymous_order(self, students):
        """Students in an order that says nothing about who they are, with a label each."""
        secret = self.secret()
        keyed = sorted((hashlib.sha256(f"{secret}:{s}".encode()).hexdigest(), s)
                       for s in students)
        return [(student, digest[:8]) for digest, student in keyed]

    # -- rubric ------------------------------------------------------------------------------

    def question(self, name):
        return self.db.execute("SELECT * FROM question WHERE name=?", (name,)).fetchone()

    def items(self, question):
        return self.db.execute("SELECT * FROM item WHERE question=? AND deleted=0 "
                               "ORDER BY position, id", (question,)).fetchall()

    def set_item(self, item_id, points, description):
        with self.transaction() as db:
            db.execute("UPDATE item SET points=?, description=? WHERE id=? AND deleted=0",
                       (points, description, item_id))

    def add_item(self, question, points, description):
        with self.transaction() as db:
            position = db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM item "
                                  "WHERE question=?", (question,)).fetchone()[0]
            db.execute("INSERT INTO item(question, position, points, description) "
                       "VALUES(?, ?, ?, ?)", (question, position, points, description))

    def delete_item(self, item_id):
        with self.transaction() as db:
            db.execute("UPDATE item SET deleted=1 WHERE id=?", (item_id,))
            db.execute("DELETE FROM applied WHERE item=?", (item_id,))

    def set_scoring(self, question, scoring):
        with self.transaction() as db:
            db.execute("UPDATE question SET scoring=? WHERE name=?", (scoring, question))

    # -- marks -------------------------------------------------------------------------------

    def _touch(self, db, question, student, grader):
        db.execute("INSERT INTO mark(question, student) VALUES(?, ?) "
                   "ON CONFLICT(question, student) DO NOTHING", (question, student))
        db.execute("UPDATE mark SET graded=1, grader=?, updated=? WHERE question=? AND student=?",
                   (grader, time.time(), question, student))
        db.execute("DELETE FROM lease WHERE question=? AND student=?", (question, student))

    def toggle_item(self, question, student, item_id, grader=""):
        with self.transaction() as db:
            self._touch(db, question, student, grader)
            gone = db.execute("DELETE FROM applied WHERE question=? AND student=? AND item=?",
                              (question, student, item_id)).rowcount
            if not gone:
                db.execute("INSERT INTO applied VALUES(?, ?, ?)", (question, student, item_id))

    def set_mark(self, question, student, grader="", adjustment=None, comment=None):
        """Record the answer as marked (as it stands), with a new adjustment or comment."""
        with self.transaction() as db:
            self._touch(db, question, student, grader)
            if adjustment is not None:
                db.execute("UPDATE mark SET adjustment=? WHERE question=? AND student=?",
                           (adjustment, question, student))
            if comment is not None:
                db.execute("UPDATE mark SET comment=? WHERE question=? AND student=?",
                           (comment, question, student))

    def set_points(self, question, student, points, comment, grader=""):
        """An offline mark: the points as given (rubric items cleared), and its comment."""
        q = self.question(question)
        base = q["max_points"] if q["scoring"] == "negative" else 0.0
        with self.transaction() as db:
            self._touch(db, question, student, grader)
            db.execute("DELETE FROM applied WHERE question=? AND student=?", (question, student))
            db.execute("UPDATE mark SET adjustment=?, comment=? WHERE question=? AND student=?",
                       (points - base, comment, question, student))

    def mark_blank_zero(self, question, students, comment, grader=""):
        """Every blank answer of ``question`` not marked yet: 0 points, in one transaction."""
        q = self.question(question)
        base = q["max_points"] if q["scoring"] == "negative" else 0.0
        done = 0
        with self.transaction() as db:
            for student in students:
                row = db.execute("SELECT graded FROM mark WHERE question=? AND student=?",
                                 (question, student)).fetchone()
                if row and row["graded"]:
                    continue
                self._touch(db, question, student, grader)
                db.execute("DELETE FROM applied WHERE question=? AND student=?",
                           (question, student))
                db.execute("UPDATE mark SET adjustment=?, comment=? WHERE question=? AND "
                           "student=?", (-base, comment, question, student))
                done += 1
        return done

    def unmark(self, question, student):
        with self.transaction() as db:
            db.execute("UPDATE mark SET graded=0 WHERE question=? AND student=?",
                       (question, student))

    def mark(self, question, student):
        """The ``Mark`` of one answer (points 0 and not graded when nothing was done)."""
        return self.marks(question=question, student=student).get((question, student)) or Mark(
            question, student, 0.0, False, 0.0, "", [])

    def marks(self, question=None, student=None):
        """``{(question, student): Mark}`` for every answer a TA touched."""
        questions = {r["name"]: r for r in self.db.execute("SELECT * FROM question")}
        items = {r["id"]: r for r in self.db.execute("SELECT * FROM item WHERE deleted=0")}
        applied = {}
        for r in self.db.execute("SELECT * FROM applied"):
            if r["item"] in items:
                applied.setdefault((r["question"], r["student"]), []).append(items[r["item"]])
        reach = {name: rubric_reach([i["points"] for i in items.values() if i["question"] == name])
                 for name in questions}
        found = {}
        for r in self.db.execute("SELECT * FROM mark"):
            if (question and r["question"] != question) or (student and r["student"] != student):
                continue
            q = questions.get(r["question"])
            if q is None:
                continue
            used = sorted(applied.get((r["question"], r["student"]), []),
                          key=lambda i: (i["position"], i["id"]))
            points = score(q["max_points"], q["scoring"], [i["points"] for i in used],
                           r["adjustment"], reach[r["question"]])
            found[(r["question"], r["student"])] = Mark(
                r["question"], r["student"], points, bool(r["graded"]), r["adjustment"],
                r["comment"], [(i["points"], i["description"]) for i in used])
        return found

    def applied_ids(self, question, student):
        return {r["item"] for r in self.db.execute(
            "SELECT item FROM applied WHERE question=? AND student=?", (question, student))}

    # -- leases ------------------------------------------------------------------------------

    def next_ungraded(self, question, holder, students, after=None, now=None):
        """Lease and return the first ungraded answer of ``question`` (in ``students`` order,
        starting after ``after``) that no other TA holds; None when there is none."""
        now = time.time() if now is None else now
        order = list(students)
        if after in order:
            start = order.index(after) + 1
            order = order[start:] + order[:start]
        with self.transaction() as db:
            db.execute("DELETE FROM lease WHERE expires < ?", (now,))
            db.execute("DELETE FROM lease WHERE question=? AND holder=?", (question, holder))
            graded = {r["student"] for r in db.execute(
                "SELECT student FROM mark WHERE question=? AND graded=1", (question,))}
            held = {r["student"] for r in db.execute(
                "SELECT student FROM lease WHERE question=?", (question,))}
            for student in order:
                if student not in graded and student not in held:
                    db.execute("INSERT INTO lease VALUES(?, ?, ?, ?)",
                               (question, student, holder, now + LEASE_SECONDS))
                    return student
        return None

    def hold(self, question, student, holder, now=None):
        """Take (or renew) the lease on an answer a TA opened, unless another TA holds it;
        return the other TA's holder id when one does."""
        now = time.time() if now is None else now
        with self.transaction() as db:
            db.execute("DELETE FROM lease WHERE expires < ?", (now,))
            other = db.execute("SELECT holder FROM lease WHERE question=? AND student=?",
                               (question, student)).fetchone()
            if other and other["holder"] != holder:
                return other["holder"]
            db.execute("DELETE FROM lease WHERE question=? AND holder=?", (question, holder))
            db.execute("INSERT OR REPLACE INTO lease VALUES(?, ?, ?, ?)",
                       (question, student, holder, now + LEASE_SECONDS))
        return None

    def holder(self, question, student, now=None):
        """Who holds the lease on an answer now (None: nobody); reads only."""
        now = time.time() if now is None else now
        row = self.db.execute("SELECT holder FROM lease WHERE question=? AND student=? AND "
                              "expires >= ?", (question, student, now)).fetchone()
        return row["holder"] if row else None

    def progress(self, question, students):
        graded = {r["student"] for r in self.db.execute(
            "SELECT student FROM mark WHERE question=? AND graded=1", (question,))}
        return len(graded & set(students)), len(students)


def open_store(out, questions):
    store = Store(out)
    store.setup(questions)
    return store
