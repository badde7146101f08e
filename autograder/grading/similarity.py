"""``python -m autograder similarity HW SUBMISSIONS... --out DIR``: which students' answers are
too alike, question by question (also run by ``grade``, unless ``--no-similarity``).

Writes ``DIR/similarity.csv`` (``question,student_a,student_b,score,flagged,kind,shared,note``:
every flagged pair and the pairs worth a look) and ``DIR/similarity.html`` (``similarity_report``).

How (one engine, our own, offline): each student's answer to each question is a unit
(``similarity_units``), normalised into tokens (``similarity_tokens``: syntax-tree labels for
code, content-word stems for written answers). Each unit is fingerprinted by **winnowing**
(Schleimer, Wilkerson and Aiken, "Winnowing: local algorithms for document fingerprinting",
SIGMOD 2003, as in MOSS, Dolos and copydetect): hashes of every k-gram of tokens, and in each
window of w consecutive hashes the smallest (rightmost on ties) is kept; any copied run of at
least k + w - 1 tokens shares a fingerprint, none shorter than k does. Code: k = ``CODE_K``,
w = ``CODE_W``; written answers: k = ``TEXT_K`` content words, w = ``TEXT_W``. Then:

- the released notebook's starter (its answer statements, the written question's prompt) is
  removed first, statement by statement and fingerprint by fingerprint;
- a fingerprint in more than ``COMMON_SHARE`` of the class's answers to a question or in more
  than ``COMMON_MAX`` of them (MOSS's ``-m 10``; Dolos's maximum fingerprint percentage), and
  in at least ``COMMON_MIN``, counts for nothing: code much of the class writes alike is not
  evidence (a larger group sharing one text is found with ``--similar-to`` its source);
- an answer with fewer than ``MIN_TOKENS`` tokens is "too short to judge" (a one-line
  ``rnn_step`` is written alike by necessity), one with fewer than ``MIN_FINGERPRINTS`` of its
  own after the two rules above has "too little of its own": neither is ever flagged, and
  the report shows the reason instead of a score;
- a pair's score is the Dice coefficient of its fingerprint sets, 2|A ∩ B| / (|A| + |B|)
  (JPlag's and Dolos's average similarity), flagged at ``FLAG_SCORE`` with at least
  ``MIN_SHARED`` shared fingerprints, listed from ``LOOK_SCORE``.

Pairs are counted through an inverted index (fingerprint -> answers), one answer at a time, so
memory grows with the class, not with its square; each answer keeps its ``KEEP_PER_ANSWER``
best pairs worth a look and ``KEEP_FLAGGED`` flagged ones.

Why not copydetect (PyPI, read for this): it compares files, not an answer per question; its
tokens are Pygments' (names replaced, but no statement order, folding or inlining); it keeps an
n x n matrix of the class; it hashes with Python's ``hash`` of text, which changes every run;
and it does not tokenise prose. Winnowing itself is twenty lines (``winnow``).

Trust boundary: submissions and known sources are untrusted (``similarity_units`` bounds and
parses them, never runs them); identities come from ``intake``; a failure in one answer makes
that answer unreadable, never the run. ``grade`` runs this after its own outputs are in place:
a failure here is one warning line and costs the grading nothing.
"""
import collections
import dataclasses
import hashlib
from pathlib import Path

from .. import bundle as bundle_mod, paths
from . import intake, similarity_units as units_mod

CODE_K, CODE_W = 10, 5
TEXT_K, TEXT_W = 3, 1
COMMON_SHARE, COMMON_MIN, COMMON_MAX = 0.5, 3, 10
MIN_TOKENS = {"code": 40, "written": 12}
MIN_FINGERPRINTS = 4
MIN_SHARED = 4
FLAG_SCORE = 0.6
LOOK_SCORE = 0.35
KEEP_PER_ANSWER = 3
KEEP_FLAGGED = 20
TOO_SHORT = "too short to judge"
SHARED = "too little of its own: starter or what much of the class wrote"
SOURCE_PREFIX = "source:"


@dataclasses.dataclass
class Pair:
    question: str
    a: int  # index of a student
    b: int  # index of a student, or of a known source when ``source``
    score: float
    shared: int
    flagged: bool
    source: bool = False


@dataclasses.dataclass
class Result:
    hw: str
    questions: list  # similarity_units.Question
    students: list  # identities (grades.csv's student_id)
    sources: list  # labels of known sources
    units: dict  # (question, "s" or "k", index) -> Unit
    prints: dict  # same keys -> {hash: [token positions]} without starter and common hashes
    notes: dict  # same keys -> "too short to judge" / problem
    pairs: list
    counts: dict  # question -> {"answers", "short", "common"}

    def unit(self, question, index, source=False):
        return self.units.get((question, "k" if source else "s", index))

    def name(self, index, source=False):
        return SOURCE_PREFIX + self.sources[index] if source else self.students[index]


# ----------------------------------------------------------------------------------------------
# winnowing

_IDS = {}


def _token_id(label):
    found = _IDS.get(label)
    if found is None:
        if len(_IDS) > 200_000:
            _IDS.clear()
        found = int.from_bytes(hashlib.blake2b(label.encode("utf-8", "replace"),
                                               digest_size=8).digest(), "big")
        _IDS[label] = found
    return found


def kgram_hashes(tokens, k):
    """A deterministic hash of every k-gram of ``tokens`` ((label, line) pairs)."""
    ids = [_token_id(label) for label, _ in tokens]
    return [hash(tuple(ids[i:i + k])) for i in range(len(ids) - k + 1)]


def winnow(hashes, w):
    """[(hash, position)]: in every window of ``w`` hashes the smallest, the rightmost on ties
    (robust winnowing), each selection once."""
    if w <= 1:
        return list(zip(hashes, range(len(hashes))))
    chosen, last = [], -1
    for start in range(max(1, len(hashes) - w + 1)):
        window = hashes[start:start + w]
        if not window:
            break
        low = min(window)
        position = start + max(i for i, h in enumerate(window) if h == low)
        if position != last:
            chosen.append((low, position))
            last = position
    return chosen


def fingerprints(tokens, kind):
    k, w = (CODE_K, CODE_W) if kind == "code" else (TEXT_K, TEXT_W)
    found = {}
    for value, position in winnow(kgram_hashes(tokens, k), w):
        found.setdefault(value, []).append(position)
    return found


# ----------------------------------------------------------------------------------------------
# comparing

def compare(hw, bundle, students, sources=(), log=print):
    """The ``Result`` for ``students`` ([(identity, notebook bytes)]) and known ``sources``
    ([(label, bytes, "ipynb" / "py" / "text")])."""
    questions = units_mod.plan(bundle)
    units = {}
    for index, (_, data) in enumerate(students):
        for name, unit in units_mod.units(data, questions, bundle).items():
            units[(name, "s", index)] = unit
    for index, (_, data, kind) in enumerate(sources):
        for name, unit in units_mod.units(data, questions, bundle, kind).items():
            units[(name, "k", index)] = unit
    result = Result(hw, questions, [s for s, _ in students], [label for label, _, _ in sources],
                    units, {}, {}, [], {})
    for question in questions:
        _compare_question(result, question)
    return result


def _compare_question(result, question):
    name, kind = question.name, question.kind
    starter = set(fingerprints(question.starter_tokens, kind)) if question.starter_tokens \
        else set()
    keys = [key for key in result.units if key[0] == name]
    prints, too_short = {}, set()
    for key in keys:
        unit = result.units[key]
        if unit.problem:
            result.notes[key] = unit.problem
            continue
        prints[key] = {h: p for h, p in fingerprints(unit.tokens, kind).items()
                       if h not in starter}
        if len(unit.tokens) < MIN_TOKENS[kind]:
            too_short.add(key)
    students = [key for key in prints if key[1] == "s"]
    frequency = collections.Counter(h for key in students for h in prints[key])
    limit = max(COMMON_MIN - 1, min(COMMON_SHARE * len(students), COMMON_MAX))
    common = {h for h, count in frequency.items() if count > limit}
    for key in prints:
        prints[key] = {h: p for h, p in prints[key].items() if h not in common}
        if len(prints[key]) < MIN_FINGERPRINTS and key not in too_short:
            result.notes[key] = SHARED
            too_short.add(key)
        result.prints[key] = prints[key]
    for key in too_short:
        result.notes.setdefault(key, TOO_SHORT)
    result.counts[name] = {"answers": len(students), "common": len(common),
                           "short": sum(1 for key in too_short if key[1] == "s")}
    eligible = [key for key in prints if key not in too_short]
    postings = collections.defaultdict(list)
    for key in eligible:
        for h in prints[key]:
            postings[h].append(key)
    for key in sorted(k for k in eligible if k[1] == "s"):
        counts = collections.Counter()
        for h in prints[key]:
            for other in postings[h]:
                if other[1] == "k" or other[2] > key[2]:
                    counts[other] += 1
        _keep_pairs(result, question, key, counts, prints)


def _keep_pairs(result, question, key, counts, prints):
    size, found = len(prints[key]), []
    for other, shared in counts.items():
        if other[1] == "s" and result.students[other[2]] == result.students[key[2]]:
            continue  # two files of one student
        score = 2 * shared / (size + len(prints[other]))
        if score >= LOOK_SCORE:
            found.append(Pair(question.name, key[2], other[2], round(score, 3), shared,
                              score >= FLAG_SCORE and shared >= MIN_SHARED, other[1] == "k"))
    found.sort(key=lambda p: (-p.score, p.source, p.b))
    flagged = [p for p in found if p.flagged][:KEEP_FLAGGED]
    result.pairs += flagged + [p for p in found if not p.flagged][:KEEP_PER_ANSWER]


def pair_score(result, question, a, b, source=False):
    """(score, shared fingerprints) of two answers to ``question``, or None when either is
    missing or too short to judge (its note is then ``note_of``)."""
    one, two = (question, "s", a), (question, "k" if source else "s", b)
    if one not in result.prints or two not in result.prints or \
            result.notes.get(one) or result.notes.get(two):
        return None
    shared = result.prints[one].keys() & result.prints[two].keys()
    size = len(result.prints[one]) + len(result.prints[two])
    return (round(2 * len(shared) / size, 3) if size else 0.0), shared


def note_of(result, question, a, b, source=False):
    """Why a pair of answers has no score: "", "too short to judge", "no answer"..."""
    one, two = (question, "s", a), (question, "k" if source else "s", b)
    if one not in result.units or two not in result.units:
        return "no answer"
    return result.notes.get(one) or result.notes.get(two) or ""


# ----------------------------------------------------------------------------------------------
# the verb and the hook in grade

def _sources(folders, caps):
    """Known sources under ``folders``: [(label, bytes, kind)], read with intake's caps."""
    found = []
    for submission in intake.collect(folders, caps) if folders else []:
        if submission.status:
            continue
        name = submission.original_name.lower() or submission.label.lower()
        kind = ("py" if name.endswith(".py") else "text" if name.endswith((".md", ".txt"))
                else "ipynb" if name.endswith(".ipynb") else None)
        if kind:
            found.append((submission.label, submission.data, kind))
    return found


def students_of(found):
    """[(identity, bytes)] of the submissions that are graded (not superseded, readable)."""
    return [(s.student_id, s.data) for s in found if not s.superseded_by and not s.status]


def write(out, hw, bundle, found, similar_to=(), caps=intake.Caps(), log=print):
    """Compare the graded submissions among ``found`` (intake's) and write the outputs into
    ``out``; returns the ``Result``."""
    from . import similarity_report

    result = compare(hw, bundle, students_of(found), _sources(similar_to, caps), log)
    similarity_report.write(Path(out), result)
    flagged = sum(p.flagged for p in result.pairs)
    log(f"wrote {Path(out) / 'similarity.csv'} and {Path(out) / 'similarity.html'} "
        f"({flagged} flagged pairs of answers)")
    return result


def after_grading(out, hw, bundle, found, similar_to=(), log=print):
    """``write`` for ``grade``: any failure is one warning line, never the grading's."""
    try:
        return write(out, hw, bundle, found, similar_to, log=log)
    except Exception as exc:  # noqa: BLE001 - the grading outputs are already in place
        text = " ".join(str(exc).split())[:200]
        log(f"WARNING: similarity review not written: {type(exc).__name__}: {text}")
        return None


def main(hw, submissions, out, similar_to=(), bundle_path=None, caps=intake.Caps(), log=print):
    out = Path(out)
    bundle_path = Path(bundle_path or paths.bundle(hw))
    if not bundle_path.is_file():
        raise FileNotFoundError(f"no autograder bundle {bundle_path}: run `make release` first")
    bundle = bundle_mod.load(bundle_path, hw)
    found = intake.collect(submissions, caps, skip=[out])
    if not found:
        raise ValueError("no submission files found in " + " ".join(map(str, submissions)))
    out.mkdir(parents=True, exist_ok=True)
    return write(out, hw, bundle, found, similar_to, caps, log)
