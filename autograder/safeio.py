"""Making student-controlled strings safe where they leave the grader: CSV cells, file names, text.

Trust boundary: every function here takes a value a student may control (an identity, a file
name, a message, an answer) and returns one that is bounded and cannot act where it lands:

- ``csv_cell``: a spreadsheet cell that is never read as a formula (OWASP's rule: a value
  starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``);
  numbers, and text that is only a number such as ``-1.5``, pass as they are.
- ``file_name``: a bounded name of safe characters for a file inside an output folder, unique
  among the names already ``taken`` (a short digest of the original keeps two students apart).
- ``identity``: a student identity (from a file name or a STUDENT ID cell) of at most 64
  printable characters, distinct identities staying distinct.
- ``bounded``: text cut to a length, with a note that it was cut.
- ``terminal`` and ``TerminalStream``: text for the TA's terminal, where a control character
  (an escape sequence in a file name clears the screen, retitles the window or rewrites the
  warnings) or a bidirectional override is shown as its ``\\x..`` escape instead of acting.

- ``real_folder``, ``write_atomic``, ``read_regular``: the grader's output folder is its own: it
  never writes or reads through a symbolic link it did not create there.

Every CSV the project writes goes through ``csv_cell``; every file named after a student goes
through ``file_name``.
"""
import contextlib
import hashlib
import numbers
import os
import re
import stat
import tempfile
import unicodedata
from pathlib import Path

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_NAME = 64
MAX_ID = 64
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")  # "-1.5" is data, not a formula
UNSAFE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def csv_cell(value):
    """``value`` as a CSV cell that no spreadsheet reads as a formula."""
    if value is None:
        return ""
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return value
    text = str(value)
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_row(values):
    return [csv_cell(value) for value in values]


def identity(text, limit=MAX_ID):
    """A student's identity from a string they control (a file name, a STUDENT ID cell): one
    line of printable characters, at most ``limit`` long. A longer one keeps a digest of the
    whole, so that two identities never become one by being cut."""
    text = "".join(ch for ch in " ".join(str(text).split()) if ch.isprintable())
    if len(text) > limit:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        text = f"{text[:limit - 11]}-{digest}"
    return text or "unnamed"


def bounded(text, limit, note=" [cut]"):
    """``text`` at most ``limit`` characters long (the note included when it is cut)."""
    text = str(text)
    if len(text) <= limit:
        return text
    return text[:max(0, limit - len(note))] + note


ACTING = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")  # categories shown as escapes on a terminal


def _inert(ch):
    return ch in "\n\t" or unicodedata.category(ch) not in ACTING


def terminal(text):
    """``text`` with every control, format (bidirectional overrides), unassigned or
    line-separator character but a line break and a tab shown as its escape."""
    text = str(text)
    if all(_inert(ch) for ch in text):
        return text
    return "".join(ch if _inert(ch) else ascii(ch)[1:-1] for ch in text)


class TerminalStream:
    """A text stream (``sys.stdout``, ``sys.stderr``) that writes ``terminal(text)``; a
    carriage return at the start of one write (a progress bar redrawing its line) is kept."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        head = "\r" if text.startswith("\r") else ""
        return self._stream.write(head + terminal(text[len(head):]))

    def __getattr__(self, name):
        return getattr(self._stream, name)


def file_name(identity, taken=(), limit=MAX_NAME):
    """A file name (no extension) for ``identity``: safe characters only, at most ``limit``
    characters, not in ``taken`` whatever the case (``Student01`` and ``student01`` would be
    one file on a case-insensitive file system, where feedback folders are often unzipped).
    Names that had to change carry a digest of the original, so that two identities never
    share a name however alike they are once cleaned."""
    text = str(identity)
    base = UNSAFE_CHARS.sub("_", text).strip("._-") or "submission"
    if base != text or len(base) > limit:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        base = f"{base[:limit - 11]}-{digest}"
    name, k = base, 2
    taken = {str(other).casefold() for other in taken}
    while name.casefold() in taken:
        suffix = f"-{k}"
        name, k = base[:limit - len(suffix)] + suffix, k + 1
    return name


# --------------------------------------------------------------------------------------------
# files inside the grader's own output folder: a link there is not the grader's, never followed

def real_folder(path):
    """``path`` as a real folder (created when missing): a symbolic link found there, which
    the grader never makes, is removed rather than followed; anything else that is not a
    folder is an error."""
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        path.mkdir(parents=True, exist_ok=True)
        return path
    if stat.S_ISLNK(info.st_mode):
        path.unlink()
        path.mkdir()
    elif not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(f"{path} is not a folder")
    return path


def write_atomic(path, text):
    """Write ``text`` to ``path`` through a fresh temporary file in the same folder (created
    with O_EXCL and mode 0600, so never an existing file or link, and readable by the grader's
    user only) renamed over ``path`` (which replaces a link there instead of writing through
    it)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read_regular(path, limit):
    """The text of ``path`` if it is a regular file (not a link) of at most ``limit`` bytes;
    OSError or ValueError otherwise."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"{path} is not a regular file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"{path} is larger than {limit} bytes")
    return data.decode("utf-8")
