"""Written answers: which questions are written, and what each student wrote for them.

Trust boundary: a submission is untrusted JSON. It is only parsed here (never executed); its
markdown is rendered later with raw HTML disabled (``render``), its images are kept as data.
The written questions and their prompts come from the released notebook inside the bundle.
"""
import base64
import dataclasses
import json
import re

from .. import transforms

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


def _part(cell):
    if cell.get("cell_type") == "markdown":
        attachments = {}
        for name, bundle in (cell.get("attachments") or {}).items():
            mime = next((m for m in IMAGE_MIMES if m in bundle), None)
            if mime:
                attachments[name] = {"mime": mime, "data": _data(bundle[mime], mime)}
        return {"type": "markdown", "source": _text(cell.get("source")),
                "attachments": attachments}
    if cell.get("cell_type") == "code":
        images = []
        for output in cell.get("outputs") or []:
            data = output.get("data") or {}
            mime = next((m for m in IMAGE_MIMES if m in data), None)
            if mime:
                images.append({"mime": mime, "data": _data(data[mime], mime)})
        return {"type": "code", "source": _text(cell.get("source")), "images": images}
    return None


def _data(value, mime):
    text = _text(value)
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
    is blank when the notebook cannot be read."""
    questions = questions or written_questions(bundle)
    try:
        nb = json.loads(data.decode("utf-8-sig"))
        cells = [c for c in nb.get("cells", []) if isinstance(c, dict)]
    except (ValueError, AttributeError, UnicodeDecodeError, RecursionError):
        return {q.name: {"parts": [], "blank": True, "unreadable": True} for q in questions}
    locked_ids, locked_sources = _released_locked(bundle)
    answers = {}
    for question in questions:
        start = _find_prompt(cells, question)
        parts = []
        if start is not None:
            for cell in cells[start + 1:]:
                if cell.get("id") in locked_ids or _text(cell.get("source")) in locked_sources:
                    break
                part = _part(cell)
                if part:
                    parts.append(part)
        answers[question.name] = {"parts": parts, "blank": is_blank(parts)}
    return answers


def write_all(out, bundle, submissions, rows):
    """``out/answers/<result name>.json`` for every graded row (rows match submissions)."""
    folder = out / "answers"
    folder.mkdir(parents=True, exist_ok=True)
    questions = written_questions(bundle)
    if not questions:
        return
    for submission, row in zip(submissions, rows):
        if not row.result_name:
            continue
        record = {"student_id": row.student_id, "submission": row.submission,
                  "questions": extract(bundle, submission.data, questions)}
        path = folder / f"{row.result_name}.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(path)


def load(out, result_name):
    path = out / "answers" / f"{result_name}.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text("utf-8"))
