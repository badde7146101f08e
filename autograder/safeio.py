"""Making student-controlled strings safe where they leave the grader: CSV cells, file names, text.

Trust boundary: every function here takes a value a student may control (an identity, a file
name, a message, an answer) and returns one that is bounded and cannot act where it lands:

- ``csv_cell``: a spreadsheet cell that is never read as a formula (OWASP's rule: a value
  starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``);
  numbers the grader computed pass as they are.
- ``file_name``: a bounded name of safe characters for a file inside an output folder, unique
  among the names already ``taken`` (a short digest of the original keeps two students apart).
- ``bounded``: text cut to a length, with a note that it was cut.

Every CSV the project writes goes through ``csv_cell``; every file named after a student goes
through ``file_name``.
"""
import hashlib
import numbers
import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_NAME = 64
UNSAFE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def csv_cell(value):
    """``value`` as a CSV cell that no spreadsheet reads as a formula."""
    if value is None:
        return ""
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return value
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def csv_row(values):
    return [csv_cell(value) for value in values]


def bounded(text, limit, note=" [cut]"):
    """``text`` at most ``limit`` characters long (the note included when it is cut)."""
    text = str(text)
    if len(text) <= limit:
        return text
    return text[:max(0, limit - len(note))] + note


def file_name(identity, taken=(), limit=MAX_NAME):
    """A file name (no extension) for ``identity``: safe characters only, at most ``limit``
    characters, not in ``taken``. Names that had to change carry a digest of the original, so
    that two identities never share a name however alike they are once cleaned."""
    text = str(identity)
    base = UNSAFE_CHARS.sub("_", text).strip("._-") or "submission"
    if base != text or len(base) > limit:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        base = f"{base[:limit - 11]}-{digest}"
    name, k = base, 2
    while name in taken:
        suffix = f"-{k}"
        name, k = base[:limit - len(suffix)] + suffix, k + 1
    return name
