"""The outputs of the similarity review: ``similarity.csv`` and ``similarity.html``.

The page ranks the flagged pairs of students (their questions and scores), groups students who
share with several others (clusters: connected groups of three or more through flagged pairs),
lists matches with known sources, and shows each flagged pair side by side, question by
question, with the lines that hold shared fingerprints highlighted; a question too short to
judge says so instead of a score. Students are anonymous labels (a digest of the identity and
a secret kept in ``DIR/.similarity-secret``) unless "show names" is ticked.

Trust boundary: identities, answers and source names are untrusted text. The page is rendered
from Jinja2 templates with autoescaping (``report._environment``, the grader's pages' own), the
CSV goes through ``safeio.csv_row``, and every shown answer was cut by ``similarity_units``.
"""
import collections
import csv
import hashlib
import io
import secrets
from pathlib import Path

from .. import safeio
from . import similarity as sim

CSV_NAME, HTML_NAME, SECRET_NAME = "similarity.csv", "similarity.html", ".similarity-secret"
COLUMNS = ["question", "student_a", "student_b", "score", "flagged", "kind", "shared", "note"]
MAX_SHOWN_PAIRS = 100  # pairs shown side by side (all are in the CSV)
MAX_LOOK_ROWS = 200
MAX_RANKED = 1000  # rows of the ranked table
MAX_CSV_READ = 8 * 2 ** 20


def _secret(out):
    path = out / SECRET_NAME
    try:
        text = safeio.read_regular(path, 200).strip()
        if len(text) >= 32:
            return text
    except (OSError, ValueError):
        pass
    text = secrets.token_hex(16)
    safeio.write_atomic(path, text + "\n")
    return text


def labels(students, secret):
    """An anonymous label per identity: the same for one identity in one folder."""
    return {s: "s-" + hashlib.sha256(f"{secret}:{s}".encode("utf-8", "replace")).hexdigest()[:6]
            for s in students}


def csv_text(result):
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(COLUMNS)
    kinds = {q.name: q.kind for q in result.questions}
    for pair in sorted(result.pairs, key=_rank):
        writer.writerow(safeio.csv_row([
            pair.question, result.name(pair.a), result.name(pair.b, pair.source),
            f"{pair.score:.3f}", "yes" if pair.flagged else "no", kinds[pair.question],
            pair.shared, "known source" if pair.source else ""]))
    return buffer.getvalue()


def _rank(pair):
    return (not pair.flagged, -pair.score, pair.question, pair.a, pair.b)


def _lines(result, question, index, source, shared):
    """[(number, text, highlighted)] of one shown answer, the lines of ``shared``
    fingerprints highlighted."""
    key = (question.name, "k" if source else "s", index)
    unit = result.units[key]
    k = sim.CODE_K if question.kind == "code" else sim.TEXT_K
    hit = set()
    for h in shared:
        for start in result.prints.get(key, {}).get(h, []):
            hit.update(line for _, line in unit.tokens[start:start + k])
    return [(number, text, number in hit) for number, text in enumerate(unit.shown, 1)]


def _side_by_side(result, question, a, b, source):
    scored = sim.pair_score(result, question.name, a, b, source)
    shared = scored[1] if scored else set()
    return {"question": question.name, "kind": question.kind,
            "score": scored[0] if scored else None,
            "note": sim.note_of(result, question.name, a, b, source),
            "left": _lines(result, question, a, False, shared),
            "right": _lines(result, question, b, source, shared)}


def _student_pairs(result):
    """Flagged pairs of students, ranked: [(a, b, [Pair])] by number of flagged questions,
    then best score."""
    grouped = collections.defaultdict(list)
    for pair in result.pairs:
        if pair.flagged and not pair.source:
            grouped[(pair.a, pair.b)].append(pair)
    return sorted(((a, b, sorted(pairs, key=lambda p: p.question))
                   for (a, b), pairs in grouped.items()),
                  key=lambda item: (-len(item[2]), -max(p.score for p in item[2]), item[:2]))


def clusters(result):
    """Groups of three or more students joined by flagged pairs: [(members, questions)]."""
    parent = {}

    def root(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    flagged = [p for p in result.pairs if p.flagged and not p.source]
    for pair in flagged:
        parent[root(pair.a)] = root(pair.b)
    groups = collections.defaultdict(set)
    for member in list(parent):
        groups[root(member)].add(member)
    found = []
    for members in groups.values():
        if len(members) >= 3:
            questions = sorted({p.question for p in flagged if p.a in members})
            found.append((sorted(members), questions))
    return sorted(found, key=lambda g: (-len(g[0]), g[0]))


def html_text(result, secret):
    from . import report

    names = labels(result.students, secret)
    by_name = {q.name: q for q in result.questions}
    ranked = _student_pairs(result)
    shown = []
    for a, b, pairs in ranked[:MAX_SHOWN_PAIRS]:
        flagged = {p.question for p in pairs}
        parts = [_side_by_side(result, by_name[q], a, b, False) for q in sorted(flagged)]
        others = []
        for question in result.questions:
            if question.name in flagged:
                continue
            scored = sim.pair_score(result, question.name, a, b)
            others.append((question.name, scored[0] if scored else None,
                           sim.note_of(result, question.name, a, b)))
        shown.append({"a": a, "b": b, "pairs": pairs, "parts": parts, "others": others})
    sources = [p for p in result.pairs if p.flagged and p.source]
    source_parts = [dict(_side_by_side(result, by_name[p.question], p.a, p.b, True), pair=p)
                    for p in sorted(sources, key=_rank)[:MAX_SHOWN_PAIRS]]
    look = [p for p in sorted(result.pairs, key=_rank) if not p.flagged][:MAX_LOOK_ROWS]
    return report._environment().get_template("similarity.html.j2").render(
        result=result, label=lambda i: names[result.students[i]],
        student=lambda i: result.students[i], ranked=ranked[:MAX_RANKED], shown=shown,
        more=max(0, len(ranked) - MAX_RANKED),
        sources=source_parts, look=look, clusters=clusters(result),
        flagged=sum(p.flagged for p in result.pairs), sim=sim, max_shown=MAX_SHOWN_PAIRS)


def write(out, result):
    """``out/similarity.csv`` and ``out/similarity.html``."""
    out = Path(out)
    secret = _secret(out)
    safeio.write_atomic(out / CSV_NAME, csv_text(result))
    safeio.write_atomic(out / HTML_NAME, html_text(result, secret))


def flagged_rows(folder, limit=200):
    """The flagged rows of ``folder``'s ``similarity.csv`` (at most ``limit``), for the class
    report; None when there is none or it cannot be read."""
    try:
        text = safeio.read_regular(Path(folder) / CSV_NAME, MAX_CSV_READ)
    except (OSError, ValueError):
        return None
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        if row.get("flagged") == "yes":
            rows.append({column: (row.get(column) or "")[:200] for column in COLUMNS})
            if len(rows) >= limit:
                break
    return rows
