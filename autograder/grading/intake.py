"""Find the submissions to grade and who submitted them.

SUBMISSIONS are notebooks, folders (searched recursively) or zip files, for example the zip that
Blackboard's "Download assignment" makes. Blackboard names each file
``<Assignment>_<username>_attempt_<YYYY-MM-DD-HH-MM-SS>_<original name>`` and puts a ``.txt``
receipt ``<Assignment>_<username>_attempt_<time>.txt`` beside it, whose text names the user
(``Name: Full Name (username)``) and the files (``Filename: ...``). Every file found becomes one
``Submission``, so that every file gets a row.

Trust boundary: everything read here is student-controlled except the outer Blackboard prefix
of a name (Blackboard writes it) and the receipts. The student's own original file name may
imitate a Blackboard name, so names are parsed strictly: the assignment name is inferred once
per download (from its receipts, else from what all its names share), and a file's username and
attempt time come from the first ``<assignment>_<username>_attempt_<time>_`` prefix only.
Disagreements with a receipt become flags, never guesses. Files and zip entries are read with
size caps (``Caps``) before anything is held in memory; beyond a cap a file gets a
``too-large`` status and only its name is kept. Parsers that a file's content could make
costly run in a limited child (``untrusted``): a PDF's reading, the JSON of a notebook over
2 MB, a zip's directory; receipts over ``MAX_RECEIPT`` are not read.
"""
import collections
import dataclasses
import hashlib
import json
import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from .. import safeio
from .lms import blackboard
from . import pdfsub, untrusted

TIMESTAMP = r"\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}"
ATTEMPT_RE = re.compile(rf"_attempt_(?P<attempt>{TIMESTAMP})(?=_|\.txt$)")
# linear time on any text: no pattern part that may span lines ("\s*" did: quadratic)
RECEIPT_NAME_RE = re.compile(r"^Name:.*\((?P<username>[^()\s]+)\)[^\S\n]*$", re.MULTILINE)
RECEIPT_FILE_RE = re.compile(r"^[^\S\n]*Filename:(?P<name>.*)$", re.MULTILINE)
STUDENT_ID_RE = re.compile(r"STUDENT ID:\**[ \t]*\**[ \t]*([A-Za-z0-9._-]+)")
IGNORED_NAMES = {".DS_Store", "Thumbs.db"}
MAX_RECEIPT = 64 * 1024  # bytes of a Blackboard receipt (they are about 1 KB); a larger is unread
MB = 2 ** 20


@dataclasses.dataclass(frozen=True)
class Caps:
    """Limits on what is read; a file beyond one gets the status ``too-large``."""
    file_bytes: int = 100 * MB  # one file or zip entry, uncompressed
    total_bytes: int = 1024 * MB  # everything read in one batch
    zip_entries: int = 5000  # files in one zip
    ratio: int = 200  # uncompressed / compressed size of one zip entry ...
    ratio_from: int = 1 * MB  # ... counted for entries larger than this
    member_name: int = 512  # characters in a zip member's name


@dataclasses.dataclass
class Submission:
    label: str  # where it came from, as shown in grades.csv
    data: bytes
    student_id: str = ""
    id_source: str = ""  # blackboard, notebook, file name
    attempt: str = ""  # Blackboard attempt time, sortable
    original_name: str = ""
    superseded_by: str = ""  # label of the later attempt that is graded instead
    status: str = ""  # set when the file cannot be graded at all (too-large, unreadable)
    reason: str = ""
    flags: list = dataclasses.field(default_factory=list)  # conflicts found at intake
    receipt_date: str = ""  # the receipt's Date Submitted (bounded text, read by lms)

    @property
    def digest(self):
        return hashlib.sha256(self.data).hexdigest()

    @property
    def is_notebook_name(self):
        return self.original_name.lower().endswith(".ipynb")


class IntakeError(ValueError):
    """A path given on the command line cannot be read."""


class _Budget:
    """The bytes read so far in one batch, against ``Caps.total_bytes``."""

    def __init__(self, caps):
        self.caps, self.used = caps, 0

    def refuse(self, size):
        """A reason why ``size`` more bytes may not be read, or ""."""
        if size > self.caps.file_bytes:
            return f"{_mb(size)} (at most {_mb(self.caps.file_bytes)} per file)"
        if self.used + size > self.caps.total_bytes:
            return (f"{_mb(size)} more would exceed {_mb(self.caps.total_bytes)} for all "
                    "submissions together")
        return ""


def _mb(size):
    return f"{size / MB:.1f} MB"


def collect(paths, caps=Caps(), skip=()):
    """Every submission file under ``paths``, in a stable order, with students identified.

    Folders in ``skip`` (the grader's own output folder) are not searched."""
    budget, batches = _Budget(caps), []
    skip = [Path(folder).resolve() for folder in skip]
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            batch = [s for item in _files_under(path, skip)
                     for s in _from_file(item, item.relative_to(path.parent).as_posix(), budget,
                                         expand=not _is_students_file(item.name))]
        elif path.is_file():
            batch = _from_file(path, path.name, budget)
        else:
            raise IntakeError(f"no such file or folder: {raw}")
        batches.append(batch)
    found = identify_all(batches)
    mark_superseded(found)
    return pdfsub.cross_check(found)  # an attempt's PDF against its notebook


def _files_under(folder, skip):
    """The files in ``folder`` and its subfolders, in name order, except under ``skip``."""
    return sorted(p for p in folder.rglob("*") if p.is_file()
                  and not any(p.resolve().is_relative_to(s) for s in skip))


def identify_all(batches):
    """The submissions of several downloads (each a list of files; receipts are left out),
    each with its student. The assignment name is inferred per download; receipts count
    across downloads, since a TA may also pass a download's files one by one."""
    split = [_split_receipts(files) for files in batches]
    known = [_receipt_assignment(r) for receipts, _ in split for r in receipts]
    assignments = [infer_assignment([f.original_name for f in receipts + submissions],
                                    [_receipt_assignment(r) for r in receipts], known)
                   for receipts, submissions in split]
    by_attempt = _receipts_by_attempt(split, assignments) if known else None
    found = []
    for (_, submissions), assignment in zip(split, assignments):
        for submission in submissions:
            file_name = submission.original_name
            identify(submission, assignment)
            if submission.id_source == "blackboard" and by_attempt is not None:
                receipt = by_attempt.get((submission.student_id, submission.attempt))
                submission.flags += receipt_conflicts(submission, file_name, receipt)
                if receipt is not None:
                    submission.receipt_date = blackboard.receipt_date_text(receipt.data)
        found += submissions
    return found


def _split_receipts(files):
    """(Blackboard receipts, submissions) among one download's files."""
    return ([f for f in files if _is_receipt(f.original_name)],
            [f for f in files if not _is_receipt(f.original_name)])


def _receipts_by_attempt(split, assignments):
    """``{(username, attempt): receipt}`` over every download."""
    by_attempt = {}
    for (receipts, _), assignment in zip(split, assignments):
        for receipt in receipts:
            parsed = parse_blackboard_name(receipt.original_name, assignment)
            if parsed:
                by_attempt[parsed[:2]] = receipt
    return by_attempt


def _is_students_file(name):
    """Whether a file in a folder is one a student submitted (Blackboard's attempt prefix), so
    that a zip of theirs is their submission, never a download to open (its members could
    carry any names, other students' attempts included)."""
    return _first_attempt(name) is not None


def _from_file(path, label, budget, expand=True):
    """The submissions in one file on disk: itself, or (``expand``) the members of a zip."""
    if path.name in IGNORED_NAMES or "__MACOSX" in path.parts:
        return []
    if expand and path.suffix.lower() == ".zip" and zipfile.is_zipfile(path):
        refused = _zip_refused(path, budget.caps)
        if refused:
            return [_too_large(label, path.name, refused)]
        try:
            with zipfile.ZipFile(path) as archive:
                return _from_zip(archive, label, path.name, budget)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
            pass  # not readable as a zip: the file itself is the submission
    try:
        refused = budget.refuse(path.stat().st_size)
        if refused:
            return [_too_large(label, path.name, refused)]
        with open(path, "rb") as stream:
            data = _read_capped(stream, budget.caps.file_bytes)
    except OSError as exc:
        return [Submission(label, b"", original_name=path.name, status="unreadable",
                           reason=f"cannot be read: {exc.strerror or exc}")]
    return [_read(label, path.name, data, budget)]


ZIP_LIMITS = untrusted.Limits(cpu_seconds=4, wall_seconds=8.0, memory_mb=256, result_bytes=1024)


def _zip_refused(path, caps):
    """Why a zip is one ``too-large`` row instead of its members, or "". Its directory is read
    first in a limited child (a directory of millions of entries would take gigabytes here):
    at most ``caps.zip_entries`` members. Each member is then read against the caps (size,
    ratio, the batch's total); zips inside it are never opened (nesting costs nothing)."""
    try:
        listed = untrusted.run(_zip_directory, str(path), limits=ZIP_LIMITS)
    except untrusted.Refused as exc:
        return f"a zip whose directory cannot be read within limits ({exc})"
    if listed is None:
        return ""  # not readable as a zip: the file itself becomes the submission
    if listed > caps.zip_entries:
        return f"a zip of {listed} files (at most {caps.zip_entries})"
    return ""


def _zip_directory(path):
    """The number of members, or None for a file that is not a readable zip: run in the
    limited child."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None
    return len(infos)


def _member_refused(info, caps):
    """(status, reason) for a zip member whose name is too long or leaves the zip, or None."""
    name = info.filename
    if len(name) > caps.member_name:
        return "too-large", f"a member name of {len(name)} characters (at most {caps.member_name})"
    if (name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name)
            or ".." in PurePosixPath(name.replace("\\", "/")).parts):
        return "unreadable", "a zip member whose name leaves the zip's folder; not read"
    return None


def _from_zip(archive, label, zip_name, budget):
    infos = sorted((info for info in archive.infolist() if not info.is_dir()
                    and "__MACOSX" not in info.filename
                    and PurePosixPath(info.filename).name not in IGNORED_NAMES),
                   key=lambda info: info.filename)
    if len(infos) > budget.caps.zip_entries:
        return [_too_large(label, zip_name, f"a zip of {len(infos)} files (at most "
                                            f"{budget.caps.zip_entries})")]
    return [_zip_entry(archive, info, f"{label}:{info.filename}"
                       if len(info.filename) <= budget.caps.member_name
                       else f"{label}:{safeio.identity(info.filename, 160)}", budget)
            for info in infos]


def _zip_entry(archive, info, label, budget):
    """One zip member, checked against the caps before it is read (and while it is read,
    since the sizes a zip states can lie)."""
    name = PurePosixPath(info.filename).name
    bad_name = _member_refused(info, budget.caps)
    if bad_name:
        return Submission(label, b"", original_name=safeio.identity(name, 160),
                          status=bad_name[0], reason=bad_name[1])
    refused = budget.refuse(info.file_size)
    if not refused and info.file_size > budget.caps.ratio_from and (
            info.file_size > budget.caps.ratio * max(info.compress_size, 1)):
        refused = (f"compressed {info.file_size // max(info.compress_size, 1)}:1 "
                   f"(at most {budget.caps.ratio}:1)")
    if refused:
        return _too_large(label, name, refused)
    try:
        with archive.open(info) as stream:
            data = _read_capped(stream, budget.caps.file_bytes)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError,
            EOFError) as exc:
        return Submission(label, b"", original_name=name, status="unreadable",
                          reason=f"cannot be extracted from the zip: {exc}")
    return _read(label, name, data, budget)


def _read_capped(stream, cap):
    """At most ``cap`` bytes of ``stream``, or None when it holds more."""
    chunks, size = [], 0
    while True:
        chunk = stream.read(min(MB, cap + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > cap:
            return None


def _read(label, name, data, budget):
    if data is None:
        return _too_large(label, name, f"more than {_mb(budget.caps.file_bytes)} (the zip "
                                       "states a smaller size)")
    budget.used += len(data)
    submission = Submission(label, data, original_name=name)
    try:
        pdfsub.unwrap(submission)  # a PDF: its notebook
    except Exception as exc:  # noqa: BLE001 - a file that breaks reading is its own row
        submission.status = "unreadable"
        submission.reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
        return submission
    refused = "" if submission.status else untrusted.json_refused(submission.data)
    if refused:  # the grader parses a notebook's JSON in its own process: only cheap ones
        submission.status, submission.reason, submission.data = "invalid-notebook", refused, b""
    return submission


def _too_large(label, name, reason):
    return Submission(label, b"", original_name=name, status="too-large", reason=reason)


# --------------------------------------------------------------------------------------------
# Blackboard names and receipts

def _first_attempt(name):
    """The first ``_attempt_<time>`` in a name that is followed by ``_`` or ``.txt``."""
    return ATTEMPT_RE.search(name)


def _is_receipt(name):
    """Blackboard's ``<Assignment>_<username>_attempt_<time>.txt`` receipt: the first attempt
    marker of the name ends it (a submitted file has ``_<original name>`` after it)."""
    match = _first_attempt(name)
    return match is not None and name[match.end():] == ".txt"


def receipt_username(data):
    """The username in a receipt's ``Name: Full Name (username)`` line, or ""."""
    match = RECEIPT_NAME_RE.search(_text(data))
    return match.group("username") if match else ""


def receipt_files(data):
    """The Blackboard file names a receipt lists (``Filename:`` lines)."""
    return [m.group("name").strip() for m in RECEIPT_FILE_RE.finditer(_text(data))
            if m.group("name").strip()]


def _text(data):
    """A receipt's text; "" for one over ``MAX_RECEIPT`` (not Blackboard's: never read)."""
    if len(data) > MAX_RECEIPT:
        return ""
    return data.decode("utf-8-sig", "replace").replace("\r\n", "\n")


def _receipt_assignment(receipt):
    """The assignment name that a receipt's own name gives with the username its text names
    (``Name: Full Name (username)``), or ""."""
    username = receipt_username(receipt.data)
    match = _first_attempt(receipt.original_name)
    prefix = receipt.original_name[:match.start()] if match else ""
    if username and prefix.endswith("_" + username) and len(prefix) > len(username) + 1:
        return prefix[:-len(username) - 1]
    return ""


def infer_assignment(names, own=(), known=()):
    """The assignment name of one download, "" when no name is Blackboard's.

    ``own`` are the names its receipts give, ``known`` those of every receipt given: the one
    that fits most names wins (the longest on a tie). Without receipts the candidates of a name
    are its prefixes up to each ``_`` before its first attempt marker (a username may contain
    ``_``); the candidate most names share wins, the longest on a tie (usernames rarely contain
    ``_``)."""
    for candidates in (own, known):
        fits = collections.Counter({a: sum(parse_blackboard_name(n, a) is not None
                                           for n in names) for a in set(candidates) if a})
        fits = +fits  # only the names that fit at least one file
        if fits:
            return max(fits, key=lambda a: (fits[a], len(a)))
    votes = collections.Counter()
    for name in names:
        match = _first_attempt(name)
        if match:
            prefix = name[:match.start()]
            votes.update({prefix[:k] for k, char in enumerate(prefix) if char == "_" and k})
    return max(votes, key=lambda a: (votes[a], len(a))) if votes else ""


def parse_blackboard_name(name, assignment):
    """(username, attempt, original name) from a Blackboard file name, or None.

    Only the first ``<assignment>_<username>_attempt_<time>`` counts; whatever follows is the
    student's original file name, however it looks."""
    if not assignment or not name.startswith(assignment + "_"):
        return None
    rest = name[len(assignment) + 1:]
    match = _first_attempt(rest)
    if match is None or match.start() == 0:
        return None
    original = rest[match.end() + 1:] if rest[match.end():] != ".txt" else ""
    return rest[:match.start()], match.group("attempt"), original


def identify(submission, assignment=""):
    """Set the student: Blackboard username, else the notebook's STUDENT ID, else the file name."""
    name = submission.original_name
    parsed = parse_blackboard_name(name, assignment)
    if parsed:
        username, attempt, original = parsed
        submission.student_id, submission.id_source = safeio.identity(username), "blackboard"
        submission.attempt, submission.original_name = attempt, original or name
        submission.flags += _imitation_flags(original)
        return submission
    student_id = notebook_student_id(submission.data)
    if student_id:
        submission.student_id, submission.id_source = safeio.identity(student_id), "notebook"
    else:
        submission.student_id = safeio.identity(Path(name).stem)
        submission.id_source = "file name"
    return submission


def _imitation_flags(original):
    match = _first_attempt(original)
    if match is None:
        return []
    return [f"intake: the original file name {original!r} looks like a Blackboard attempt "
            f"({match.group('attempt')}); ignored"]


def receipt_conflicts(submission, file_name, receipt):
    """Flags where a Blackboard file (named ``file_name``) and its receipt disagree."""
    who = f"{submission.student_id}'s attempt {submission.attempt}"
    if receipt is None:
        return [f"intake: no Blackboard receipt for {who}"]
    if len(receipt.data) > MAX_RECEIPT:
        return [f"intake: the receipt for {who} is larger than {MAX_RECEIPT // 1024} KB "
                "(not Blackboard's); not read"]
    flags = []
    username = receipt_username(receipt.data)
    if username and username != submission.student_id:
        flags.append(f"intake: the receipt for {who} names {username}")
    listed = receipt_files(receipt.data)
    if listed and file_name not in listed:
        flags.append(f"intake: the receipt for {who} does not list this file")
    return flags


def notebook_student_id(data):
    """The value written after "STUDENT ID" in a markdown cell, or ""."""
    try:
        nb = json.loads(data.decode("utf-8-sig"))
        cells = nb.get("cells", []) if isinstance(nb, dict) else []
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, MemoryError):
        return ""
    for cell in cells if isinstance(cells, list) else []:
        if isinstance(cell, dict) and cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            text = "".join(map(str, source)) if isinstance(source, list) else str(source)
            match = STUDENT_ID_RE.search(text)
            if match and match.group(1).lower() not in {"name", "students"}:
                return match.group(1)
    return ""


def mark_superseded(submissions):
    """Per student with several Blackboard attempts, keep the latest; mark the others."""
    by_student = {}
    for submission in submissions:
        if submission.attempt:
            by_student.setdefault(submission.student_id, []).append(submission)
    for attempts in by_student.values():
        attempts.sort(key=lambda s: (s.attempt, s.is_notebook_name, s.label))
        latest = attempts[-1]
        for earlier in attempts[:-1]:
            earlier.superseded_by = latest.label
        latest.flags += _several_notebooks_flags(attempts, latest)
    return submissions


def _several_notebooks_flags(attempts, latest):
    """A flag when the graded attempt holds several notebooks (one is graded, by name order)."""
    notebooks = [s for s in attempts if s.attempt == latest.attempt and s.is_notebook_name]
    if len(notebooks) < 2:
        return []
    return [f"intake: attempt {latest.attempt} holds {len(notebooks)} notebooks; "
            f"{latest.original_name!r} is graded, the others are listed as superseded"]
