"""The units of the similarity review: one student's answer to one question, and the starter.

A code question's unit is what the grader itself reads as the answer: the statements that
``nbcode.answer_statements`` reaches from the names the question's reference cells define (its
function, class or method, and the notebook's own helpers they call, but not other questions'
answers), shown as the student wrote them. A written question's unit is what
``marking.answers.extract`` reads as the answer (the cells after the question's prompt). The
released notebook gives each question's starter the same way: its answer cell's statements
(signature, docstring, given lines, stub) for code, its prompt for written questions.

Trust boundary: the notebook bytes are a student's. Cells longer than ``MAX_CELL_CHARS`` and
cells beyond ``MAX_CELLS`` are not read; a written answer is cut to ``MAX_TEXT_CHARS`` and a
shown answer to ``MAX_SHOWN_LINES`` lines before anything else; any failure to read one answer
(``NotANotebook``, a tree nested too deeply, too many tokens) makes that answer unreadable
(``Unit.problem``), never the class's.
"""
import ast
import collections
import copy
import dataclasses
import json
import re
import textwrap

from .. import hwkit, nbcode
from ..marking import answers as answers_mod
from . import similarity_rewrite as rewrite_mod, similarity_tokens as tokens_mod

MAX_CELLS = 1000
MAX_CELL_CHARS = 100_000
MAX_TEXT_CHARS = 20_000
MAX_SHOWN_LINES = 400
MAX_SHOWN_LINE = 200  # characters per shown line
DEF_NAME = re.compile(r"\b(?:def|class)\s+(\w+)")
WORD = re.compile(r"\w+")


@dataclasses.dataclass
class Unit:
    """One answer: its normalised tokens (label, shown line) and the text shown for it."""
    kind: str  # "code" or "written"
    tokens: list
    shown: list  # lines of text shown in the report (bounded)
    problem: str = ""


@dataclasses.dataclass
class Question:
    name: str
    kind: str  # "code" or "written"
    targets: list = dataclasses.field(default_factory=list)  # [(class or None, name)]
    claimed: frozenset = frozenset()  # (class, method) graded by other questions
    separate: frozenset = frozenset()
    prompt: object = None  # answers.WrittenQuestion
    starter_keys: object = None  # Counter of statement keys (code)
    starter_tokens: list = dataclasses.field(default_factory=list)


def plan(bundle):
    """The questions of ``bundle`` in notebook order, each with its starter from the release."""
    from ..authoring import source as source_mod

    owners, defined = {}, {}
    for owner, code in bundle.reference_cells:
        if owner:
            found = owners.setdefault(owner, [])
            found += nbcode.defined_names(code)
            defined.setdefault(owner, []).extend(nbcode.defined_names(code))
            found += [(None, name) for name in sorted(nbcode.top_level_assigned_names(code))
                      if name not in (source_mod.FORBIDDEN_NAME, source_mod.QUESTIONS_NAME)]
    written = {q.name: q for q in answers_mod.written_questions(bundle)} if bundle.release \
        else {}
    questions = []
    for q in bundle.questions:
        if q["manual"]:
            if q["name"] in written:
                questions.append(Question(q["name"], "written", prompt=written[q["name"]]))
            continue
        targets = owners.get(q["name"], [])
        if not targets:
            continue
        claimed = frozenset(t for other, names in owners.items() if other != q["name"]
                            for t in names if t[0])
        separate = frozenset(name for other, names in defined.items() if other != q["name"]
                             for _, name in names)  # as verdict.other_answers
        questions.append(Question(q["name"], "code", targets, claimed, separate))
    release = [] if not bundle.release else _bounded_cells(
        json.dumps(bundle.release).encode("utf-8"))
    for question in questions:
        if question.kind == "code":
            unit = code_unit(release, question)
            question.starter_keys = unit.keys if not unit.problem else None
            question.starter_tokens = unit.tokens
        else:
            prompt = "\n".join([question.prompt.prompt, answers_mod.PLACEHOLDER])
            question.starter_tokens = tokens_mod.text_stream(prompt[:MAX_TEXT_CHARS])
    return questions


def _bounded_cells(data):
    """The notebook's code cells, those beyond the caps left empty (raises NotANotebook)."""
    cells = nbcode.code_cells(data)[:MAX_CELLS]
    return tuple(cell if len(cell) <= MAX_CELL_CHARS else "" for cell in cells)


def _wanted(node):
    """What a cell's text must hold to define ``node``: ("def", its name) for a function or
    class, ("word", the first name it stores) for an assignment, else None (any cell)."""
    name = getattr(node, "name", None)
    if name:
        return ("def", name)
    stored = sorted(n.id for n in ast.walk(node) if isinstance(n, ast.Name)
                    and isinstance(n.ctx, ast.Store))
    return ("word", stored[0]) if stored else None


def _cells_holding(cells, wanted):
    """{``_wanted`` key: [cell index]} for the keys in ``wanted``, in one pass over the cells
    (a search of every cell per statement was quadratic: 300 helpers, each in its own 20 KB
    cell, took 12 s of the grader's CPU)."""
    defs = {name for kind, name in wanted if kind == "def"}
    words = {name for kind, name in wanted if kind == "word"}
    found = collections.defaultdict(list)
    for index, source in enumerate(cells):
        for name in set(DEF_NAME.findall(source)) & defs if defs else ():
            found[("def", name)].append(index)
        for name in set(WORD.findall(source)) & words if words else ():
            found[("word", name)].append(index)
    return found


def _locate(cells, node, cache, holding):
    """(cell, class name or None, the same statement parsed here) for a statement or class
    member that ``nbcode`` parsed from ``cells``, or None. Only the cells whose text names it
    (``holding``: ``_cells_holding``) are parsed again, each once per notebook (``cache``:
    ``_places``; the statements it holds are read only)."""
    wanted = _wanted(node)
    position, found = _position(node), []
    for index in range(len(cells)) if wanted is None else holding.get(wanted, ()):
        found += [(index, cls, candidate) for cls, candidate in
                  _places(cells, index, cache).get(position, ())]
    if len(found) > 1:  # the same place in several cells: the one that reads the same
        dumped = ast.dump(node)
        found = [place for place in found if ast.dump(place[2]) == dumped] or found
    return found[0] if found else None


def _places(cells, index, cache):
    """{position: [(class name or None, statement)]} of a cell's top-level statements and class
    members, made once per cell (a scan of the cell per statement looked for was quadratic:
    2000 helpers in one cell, 4 million comparisons)."""
    places = cache.get(("places", index))
    if places is None:
        tree = nbcode.parse_cell(cells[index])
        places = collections.defaultdict(list)
        for top in tree.body if tree is not None else []:
            members = top.body if isinstance(top, ast.ClassDef) else []
            for cls, candidate in [(None, top)] + [(top.name, m) for m in members]:
                places[_position(candidate)].append((cls, candidate))
        cache[("places", index)] = places
    return places


def _cell_lines(cells, index, cache):
    """A cell's lines as ``nbcode`` parsed them (without magics), split once per cell."""
    lines = cache.get(("lines", index))
    if lines is None:
        lines = cache[("lines", index)] = hwkit.without_magics(cells[index])
    return lines


def _position(node):
    return (type(node).__name__, getattr(node, "lineno", 0), getattr(node, "col_offset", 0),
            getattr(node, "end_lineno", 0), getattr(node, "end_col_offset", 0))


def _fresh(cells, cell, first, last, node, cache):
    """A copy of ``node`` for this question to change: its lines parsed again (fast), else a
    deep copy."""
    segment = textwrap.dedent("\n".join(_cell_lines(cells, cell, cache)[first - 1:last]))
    tree = hwkit.parse_cell(segment)
    if tree is not None and len(tree.body) == 1 and type(tree.body[0]) is type(node):
        return tree.body[0]
    return copy.deepcopy(node)


def _roots(cells, question, cache):
    """[(cell, first line, last line, line of the node, node)] of the statements the
    question's answer reaches, in notebook order, without other questions' methods, imports and
    bare expressions; the nodes are this question's copies (``_fresh``)."""
    seen, roots, found = set(), [], []
    for owner, name in question.targets:
        found += [node for node in nbcode.answer_statements(
                      cells, owner or name, name if owner else None, question.separate)
                  if isinstance(node, ast.stmt)
                  and not isinstance(node, (ast.Import, ast.ImportFrom))]
    holding = _cells_holding(cells, {_wanted(node) for node in found} - {None})
    for node in found:
        place = _locate(cells, node, cache, holding)
        if place is None:
            continue
        cell, cls, node = place
        if cls and isinstance(node, tokens_mod.FUNCTIONS) and (cls, node.name) in \
                question.claimed and (cls, node.name) not in question.targets:
            continue
        where = (cell, node.lineno, node.col_offset)
        if where in seen:
            continue
        seen.add(where)
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        roots.append((cell, first, node.end_lineno, node.lineno,
                      _fresh(cells, cell, first, node.end_lineno, node, cache)))
    return sorted(roots, key=lambda r: (r[0], r[1]))


def code_unit(cells, question, cache=None):
    """The unit of a code question in a notebook's (bounded) cells (``cache``: the notebook's
    cells parsed so far, shared by its questions)."""
    cache = {} if cache is None else cache
    try:
        roots = _roots(cells, question, cache)
        shown, lines = [], []
        for cell, first, last, line, _ in roots:
            source = _cell_lines(cells, cell, cache)  # the lines nbcode parsed
            segment = textwrap.dedent("\n".join(source[first - 1:last]))
            if shown:
                shown.append("")
            lines.append(len(shown) + 1 + line - first)
            shown += segment.split("\n")
        targets = {name for _, name in question.targets}
        helpers = {node.name for *_, node in roots
                   if isinstance(node, (*tokens_mod.FUNCTIONS, ast.ClassDef))
                   and node.name not in targets}
        ordered = sorted(zip([r[4] for r in roots], lines),
                         key=lambda pair: getattr(pair[0], "name", "") not in targets)
        tokens, keys = rewrite_mod.code_stream([n for n, _ in ordered], [k for _, k in ordered],
                                              targets, helpers, question.starter_keys)
    except Exception as exc:  # noqa: BLE001 - one answer's failure is that answer's alone
        return _unreadable("code", exc)
    unit = Unit("code", tokens, _bounded_lines(shown))
    unit.keys = keys
    return unit


def written_unit(record):
    """The unit of a written answer (a record of ``answers.extract``), or None when blank."""
    if record.get("blank"):
        return None
    text = "\n".join(part.get("source", "") for part in record.get("parts", []))
    text = text[:MAX_TEXT_CHARS]
    return Unit("written", tokens_mod.text_stream(text), _bounded_lines(text.split("\n")))


def _bounded_lines(lines):
    shown = [line if len(line) <= MAX_SHOWN_LINE else line[:MAX_SHOWN_LINE - 1] + "…"
             for line in lines[:MAX_SHOWN_LINES]]
    if len(lines) > MAX_SHOWN_LINES:
        shown.append(f"… ({len(lines) - MAX_SHOWN_LINES} more lines not shown)")
    return shown


def _unreadable(kind, exc):
    unit = Unit(kind, [], [], f"could not be read: {type(exc).__name__}")
    unit.keys = None
    return unit


def units(data, questions, bundle, kind_of_file="ipynb"):
    """``{question: Unit}`` of one submission's bytes (a notebook; ``.py`` text for a known
    source given as a script, ``.md``/``.txt`` for a known source of written answers). A
    question left blank or as released gets no unit."""
    found = {}
    if kind_of_file == "py":
        cells = (data.decode("utf-8", "replace")[:MAX_CELL_CHARS],)
    elif kind_of_file == "text":
        text = data.decode("utf-8", "replace")
        record = {"blank": not text.strip(), "parts": [{"source": text}]}
        return {q.name: written_unit(record) for q in questions
                if q.kind == "written" and written_unit(record)}
    else:
        try:
            cells = _bounded_cells(data)
        except (nbcode.NotANotebook, RecursionError) as exc:
            return {q.name: _unreadable(q.kind, exc) for q in questions}
    cache = {}
    for question in questions:
        if question.kind == "code":
            unit = code_unit(cells, question, cache)
            if unit.tokens or unit.problem:
                found[question.name] = unit
    written = [q.prompt for q in questions if q.kind == "written"]
    if written and kind_of_file == "ipynb":
        records = answers_mod.extract(bundle, data, written)
        for question in questions:
            record = records.get(question.name) if question.kind == "written" else None
            unit = written_unit(record) if record else None
            if unit is not None:
                found[question.name] = unit
    return found
