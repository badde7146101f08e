"""Written answers: which questions are written, and what each student wrote for them.

Trust boundary: a submission is untrusted JSON. It is only parsed here (never executed); its
markdown is rendered later with raw HTML disabled (``render``), its images are kept as data.
The written questions and their prompts come from the released notebook inside the bundle.
"""
import base64
import dataclasses
import errno
import json
import re
from pathlib import Path

from .. import safeio
from ..authoring import transforms

BEGIN_MARK = "<!-- BEGIN QUESTION -->"
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
IMAGE_MIMES = ("image/png", "image/jpeg", "image/gif", "image/svg+xml")
PLACEHOLDER = transforms.WRITTEN_PLACEHOLDER


@dataclasses.dataclass
class WrittenQuestion:
    name: str
    points: float
    prompt: str  # markdown
    prompt_cell: dict  # the released prompt cell (id, source)
    rubric: dict  # {"scoring", "items": [{"points", "description"}]}


def default_rubric(points):
    return {"scoring": "positive",
            "items": [{"points": points, "description": "correct and complete"}]}


def _text(source):
    return "".join(source) if isinstance(source, list) else str(source or "")


def _locked(cell):
    return cell.get("metadata", {}).get("editable") is False


def written_questions(bundle):
    """The bundle's written questions in notebook order, with their prompts from the release."""
    manual = [q for q in bundle.questions if q["manual"]]
    cells = (bundle.release or {}).get("cells", [])
    prompts = [c for c in cells if c.get("cell_type") == "markdown"
               and BEGIN_MARK in _text(c.get("source"))]
    if len(prompts) != len(manual):
        raise ValueError(f"{bundle.path}: {len(manual)} written questions but {len(prompts)} "
                         "question prompts in the released notebook; rebuild the homework")
    found = []
    for question, cell in zip(manual, prompts):
        prompt = COMMENT_RE.sub("", _text(cell["source"]).rsplit(BEGIN_MARK, 1)[1]).strip()
        found.append(WrittenQuestion(question["name"], question["points"], prompt,
                                     {"id": cell.get("id"), "source": _text(cell["source"])},
                                     question.get("rubric") or default_rubric(question["points"])))
    return found


def _released_locked(bundle):
    cells = (bundle.release or {}).get("cells", [])
    return ({c.get("id") for c in cells if _locked(c)},
            {_text(c.get("source")) for c in cells if _locked(c)})


def _find_prompt(cells, question):
    for k, cell in enumerate(cells):
        if question.prompt_cell["id"] and cell.get("id") == question.prompt_cell["id"]:
            return k
    for k, cell in enumerate(cells):
        if _text(cell.get("source")) == question.prompt_cell["source"]:
            return k
    return None


class MalformedNotebook(ValueError):
    """A field the written answers are read from has the wrong JSON type."""


def _expect(value, kind, what):
    """``value`` if it is of ``kind`` (None counts as empty), else ``MalformedNotebook``."""
    if value is None:
        return kind()
    if not isinstance(value, kind):
        raise MalformedNotebook(f"{what} is {_json_type(value)}, not {_json_type(kind())}")
    return value


def _json_type(value):
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _source(value, what):
    """A cell's source (a string or a list of strings) as text."""
    if isinstance(value, list):
        if not all(isinstance(line, str) for line in value):
            raise MalformedNotebook(f"{what} source has a line that is not a string")
        return "".join(value)
    return _expect(value, str, f"{what} source")


def _cells(nb):
    """The notebook's cells, each checked for the fields read here."""
    if not isinstance(nb, dict):
        raise MalformedNotebook(f"the notebook is {_json_type(nb)}, not an object")
    cells = _expect(nb.get("cells"), list, "cells")
    for k, cell in enumerate(cells):
        what = f"cell {k}"
        if not isinstance(cell, dict):
            raise MalformedNotebook(f"{what} is {_json_type(cell)}, not an object")
        if not isinstance(cell.get("id"), (str, type(None))):
            raise MalformedNotebook(f"{what} id is {_json_type(cell['id'])}, not a string")
        _source(cell.get("source"), what)
    return cells


def _part(cell, what="cell"):
    if cell.get("cell_type") == "markdown":
        attachments = {}
        found = _expect(cell.get("attachments"), dict, f"{what} attachments")
        for name, bundle in found.items():
            bundle = _expect(bundle, dict, f"{what} attachment {name!r}")
            mime = next((m for m in IMAGE_MIMES if m in bundle), None)
            if mime:
                attachments[name] = {"mime": mime,
                                     "data": _data(bundle[mime], mime, f"{what} attachment")}
        return {"type": "markdown", "source": _source(cell.get("source"), what),
                "attachments": attachments}
    if cell.get("cell_type") == "code":
        images = []
        for output in _expect(cell.get("outputs"), list, f"{what} outputs"):
            output = _expect(output, dict, f"{what} output")
            data = _expect(output.get("data"), dict, f"{what} output data")
            mime = next((m for m in IMAGE_MIMES if m in data), None)
            if mime:
                images.append({"mime": mime, "data": _data(data[mime], mime, f"{what} output")})
        return {"type": "code", "source": _source(cell.get("source"), what), "images": images}
    return None


def _data(value, mime, what="image"):
    text = _source(value, f"{what} {mime}")
    if mime == "image/svg+xml":  # stored as text in notebooks; kept as base64 like the others
        return base64.b64encode(text.encode("utf-8")).decode("ascii")
    return "".join(text.split())


def is_blank(parts):
    for part in parts:
        if part["type"] == "markdown":
            text = part["source"].strip()
            if (text and text != PLACEHOLDER) or part["attachments"]:
                return False
        elif part["source"].strip() or part["images"]:
            return False
    return True


def extract(bundle, data, questions=None):
    """``{question: {"parts": [...], "blank": bool}}`` for a submission's bytes; every question
    is blank and ``unreadable`` (with a one-line ``reason``) when the notebook cannot be read."""
    questions = questions or written_questions(bundle)
    try:
        return _extract(bundle, data, questions)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:  # MalformedNotebook too
        return unreadable(questions, exc)


def unreadable(questions, exc):
    """Every question blank and unreadable, saying why in one line."""
    reason = one_line(exc)
    return {q.name: {"parts": [], "blank": True, "unreadable": True, "reason": reason}
            for q in questions}


def one_line(exc):
    text = " ".join(str(exc).split())[:200]
    return text if isinstance(exc, MalformedNotebook) else f"{type(exc).__name__}: {text}"


def _extract(bundle, data, questions):
    cells = _cells(json.loads(data.decode("utf-8-sig")))
    locked_ids, locked_sources = _released_locked(bundle)
    answers = {}
    for question in questions:
        start = _find_prompt(cells, question)
        parts = []
        if start is not None:
            for k, cell in enumerate(cells[start + 1:], start + 1):
                if cell.get("id") in locked_ids or _text(cell.get("source")) in locked_sources:
                    break
                part = _part(cell, f"cell {k}")
                if part:
                    parts.append(part)
        answers[question.name] = {"parts": parts, "blank": is_blank(parts)}
    return answers


def problem(record):
    """The one-line reason a record's written answers could not be read, or ""."""
    for answer in (record or {}).get("questions", {}).values():
        if answer.get("unreadable"):
            return answer.get("reason") or "the notebook could not be read"
    return ""


def write_all(out, bundle, submissions, rows):
    """``out/answers/<result name>.json`` for every graded row (rows match submissions).

    Returns ``{result name: one-line reason}`` for the rows whose written answers could not be
    read: whatever goes wrong with one submission is that row's, never the others'."""
    folder = out / "answers"
    folder.mkdir(parents=True, exist_ok=True)
    questions = written_questions(bundle)
    problems = {}
    if not questions:
        return problems
    for submission, row in zip(submissions, rows):
        if not row.result_name:
            continue
        try:
            found = extract(bundle, submission.data, questions)
        except Exception as exc:  # noqa: BLE001 - one submission's failure is its row's
            found = unreadable(questions, exc)
        record = {"student_id": row.student_id, "submission": row.submission,
                  "questions": found}
        if problem(record):
            problems[row.result_name] = problem(record)
        try:
            safeio.write_atomic(folder / f"{row.result_name}.json",
                                json.dumps(record, indent=1, sort_keys=True))
        except OSError as exc:  # this row's answers are missing, and its row says why
            problems[row.result_name] = f"could not be saved: {type(exc).__name__}"
    return problems


ANSWERS_LIMIT = 64 * 1024 * 1024  # bytes of one student's written answers as saved


def load(out, result_name):
    """A student's saved written answers, or None when there are none (a link in their place,
    which the grader never makes, is not followed)."""
    path = Path(out) / "answers" / f"{result_name}.json"
    try:
        return json.loads(safeio.read_regular(path, ANSWERS_LIMIT))
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ELOOP):
            return None
        raise
