"""Find the submissions to grade and who submitted them.

SUBMISSIONS are notebooks, folders (searched recursively) or zip files, for example the zip that
Blackboard's "Download assignment" makes. Blackboard names each file
``<Assignment>_<username>_attempt_<YYYY-MM-DD-HH-MM-SS>_<original name>`` and puts a ``.txt``
receipt beside it. Every file found becomes one ``Submission``, so that every file gets a row.
"""
import dataclasses
import hashlib
import json
import re
import zipfile
from pathlib import Path, PurePosixPath

BLACKBOARD_RE = re.compile(
    r"^(?P<assignment>.+)_(?P<username>[^_]+)_attempt_"
    r"(?P<attempt>\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})(?:_(?P<original>.+))?$")
STUDENT_ID_RE = re.compile(r"STUDENT ID:\**[ \t]*\**[ \t]*([A-Za-z0-9._-]+)")
IGNORED_NAMES = {".DS_Store", "Thumbs.db"}


@dataclasses.dataclass
class Submission:
    label: str  # where it came from, as shown in grades.csv
    data: bytes
    student_id: str = ""
    id_source: str = ""  # blackboard, notebook, file name
    attempt: str = ""  # Blackboard attempt time, sortable
    original_name: str = ""
    superseded_by: str = ""  # label of the later attempt that is graded instead

    @property
    def digest(self):
        return hashlib.sha256(self.data).hexdigest()

    @property
    def is_notebook_name(self):
        return self.original_name.lower().endswith(".ipynb")


class IntakeError(ValueError):
    """A path given on the command line cannot be read."""


def collect(paths):
    """Every submission file under ``paths``, in a stable order, with students identified."""
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for item in sorted(p for p in path.rglob("*") if p.is_file()):
                found += _from_file(item, item.relative_to(path.parent).as_posix())
        elif path.is_file():
            found += _from_file(path, path.name)
        else:
            raise IntakeError(f"no such file or folder: {raw}")
    submissions = [s for s in found if not _is_receipt(s)]
    for submission in submissions:
        identify(submission)
    mark_superseded(submissions)
    return submissions


def _from_file(path, label):
    if path.name in IGNORED_NAMES or "__MACOSX" in path.parts:
        return []
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                return [Submission(f"{label}:{info.filename}", archive.read(info),
                                   original_name=PurePosixPath(info.filename).name)
                        for info in sorted(archive.infolist(), key=lambda i: i.filename)
                        if not info.is_dir() and "__MACOSX" not in info.filename
                        and PurePosixPath(info.filename).name not in IGNORED_NAMES]
        except zipfile.BadZipFile:
            return [Submission(label, path.read_bytes(), original_name=path.name)]
    return [Submission(label, path.read_bytes(), original_name=path.name)]


def _is_receipt(submission):
    """Blackboard's ``..._attempt_<time>.txt`` receipt, which goes with a submitted file."""
    match = BLACKBOARD_RE.match(Path(submission.original_name).stem)
    return (submission.original_name.lower().endswith(".txt") and match is not None
            and match.group("original") is None)


def identify(submission):
    """Set the student: Blackboard username, else the notebook's STUDENT ID, else the file name."""
    name = submission.original_name
    match = BLACKBOARD_RE.match(name)
    if match:
        submission.student_id = match.group("username")
        submission.id_source = "blackboard"
        submission.attempt = match.group("attempt")
        submission.original_name = match.group("original") or name
        return submission
    student_id = notebook_student_id(submission.data)
    if student_id:
        submission.student_id, submission.id_source = student_id, "notebook"
    else:
        submission.student_id, submission.id_source = Path(name).stem, "file name"
    return submission


def notebook_student_id(data):
    """The value written after "STUDENT ID" in a markdown cell, or ""."""
    try:
        nb = json.loads(data.decode("utf-8-sig"))
        cells = nb.get("cells", []) if isinstance(nb, dict) else []
    except (UnicodeDecodeError, json.JSONDecodeError):
        return ""
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else str(source)
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
    return submissions
