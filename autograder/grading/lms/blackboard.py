"""Blackboard Learn (Original): what its download says of when a student submitted, and its
Grade Center upload.

- A receipt ``<Assignment>_<username>_attempt_<time>.txt`` starts with header lines
  (``Name:``, ``Assignment:``, ``Date Submitted:``, ``Current Grade:``) and a blank line; then
  come the student's free text (``Submission Field:``, ``Comments:``) and ``Files:``. Only a
  ``Date Submitted:`` among the header lines counts (the comments may hold look-alikes). Two
  styles are read, whatever this machine's locale: ``Tuesday, 20 October 2026 09:00:00 o'clock
  SGT`` and ``Tuesday, February 20, 2024 12:35:07 AM CST`` (English month names, the weekday
  ignored).
- A file name's ``_attempt_2026-10-20-09-00-00`` is the attempt's local time.
- The Grade Center's offline upload (Work Offline > Upload): a ``Username`` column, the score
  column ``<Name> [Total Pts: N Score] |<column id>`` and, optionally, ``Feedback to Learner``
  with its ``Feedback Format``: the names of a "Selected Column" download with comments
  included (beside ``Grading Notes`` and ``Notes Format``, which are left out so that an upload
  never touches the TAs' notes). The format is ``SMART_TEXT`` (Blackboard renders its HTML and
  line breaks); the text is HTML-escaped, lines joined with ``<br>``.

Trust boundary: receipts and file names are student-influenced (a receipt's text includes the
student's comments): only a bounded head of a receipt is read, each value is cut, and a date
that cannot be read is an unknown time with a flag, never an error. Upload cells pass
``safeio.csv_cell``; feedback text is HTML-escaped and bounded.
"""
import csv
import datetime
import html
import io
import re

from ... import safeio
from .. import lateness

RECEIPT_HEAD = 64 * 1024  # bytes of a receipt read
HEADER_LINES = 12  # lines of a receipt that can be its header
LINE = 300  # characters of a line looked at
DATE_TEXT = 120  # characters of a Date Submitted value kept
FEEDBACK_CHARS = 4000  # characters of a Feedback to Learner cell
AGREE_SECONDS = 120  # receipt and file name times further apart than this get a flag
USERNAME, FEEDBACK, FEEDBACK_FORMAT, FORMAT = ("Username", "Feedback to Learner",
                                               "Feedback Format", "SMART_TEXT")

MONTHS = {name: k for k, names in enumerate(
    ["january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul",
     "august aug", "september sep sept", "october oct", "november nov", "december dec"],
    start=1) for name in names.split()}
for _names in ("janvier février mars avril mai juin juillet août septembre octobre novembre "
               "décembre", "januar februar märz april mai juni juli august september oktober "
               "november dezember", "enero febrero marzo abril mayo junio julio agosto "
               "septiembre octubre noviembre diciembre"):  # language packs' receipts
    MONTHS.update({name: k for k, name in enumerate(_names.split(), start=1)})
_ZONE = r"(?P<zone>[A-Za-z]{1,6})?"
_TIME = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
_CLOCK = r"(?:o'?clock\s*|Uhr\b\s*)?"  # "09:00:00 o'clock SGT", German "09:00:00 Uhr"
DAY_FIRST = re.compile(r"^(?:[^\W\d_]+,?\s+)?(?P<day>\d{1,2})\.?\s+(?P<month>[^\W\d_]+)\.?,?\s+"
                       rf"(?P<year>\d{{4}}),?\s+{_TIME}\s*{_CLOCK}{_ZONE}\s*$", re.I)
MONTH_FIRST = re.compile(r"^(?:[^\W\d_]+,?\s+)?(?P<month>[^\W\d_]+)\.?\s+(?P<day>\d{1,2}),?\s+"
                         rf"(?P<year>\d{{4}}),?\s+{_TIME}\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?\s*"
                         rf"{_ZONE}\s*$", re.I)
ATTEMPT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})$")


def receipt_header(data):
    """The header lines of a receipt: up to its first blank line, within bounded limits."""
    text = bytes(data[:RECEIPT_HEAD]).decode("utf-8-sig", "replace")
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[:HEADER_LINES]:
        if not line.strip():
            break
        lines.append(line[:LINE])
    return lines


def receipt_date_text(data):
    """The receipt header's ``Date Submitted`` value (bounded), or ""."""
    for line in receipt_header(data):
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() == "date submitted":
            return " ".join(value.split())[:DATE_TEXT]
    return ""


def parse_date(text):
    """(naive local time, zone abbreviation) of a ``Date Submitted`` value, or None."""
    text = " ".join(str(text).split())[:DATE_TEXT]
    match = DAY_FIRST.match(text) or MONTH_FIRST.match(text)
    if not match:
        return None
    month = MONTHS.get(match.group("month").lower().rstrip("."))
    hour = int(match.group("hour"))
    ampm = (match.groupdict().get("ampm") or "").replace(".", "").upper()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "PM" else 0)
    try:
        moment = datetime.datetime(int(match.group("year")), month or 0, int(match.group("day")),
                                   hour, int(match.group("minute")),
                                   int(match.group("second") or 0))
    except ValueError:
        return None
    return moment, (match.group("zone") or "")


def attempt_time(attempt):
    """The naive local time of a file name's attempt stamp ``2026-10-20-09-00-00``, or None."""
    match = ATTEMPT.match(str(attempt)[:40])
    if not match:
        return None
    try:
        return datetime.datetime(*map(int, match.groups()))
    except ValueError:
        return None


def submission_time(date_text, attempt, tz_name):
    """(ISO time or "", flags) of one submission: the receipt's ``Date Submitted`` read in
    ``tz_name``, cross-checked with the file name's attempt time; the attempt time alone when
    the receipt has none."""
    tz = lateness.zone(tz_name)
    from_name = attempt_time(attempt) if attempt else None
    named = lateness.resolve(from_name, tz)[0] if from_name else None
    flags = []
    parsed = parse_date(date_text) if date_text else None
    if date_text and parsed is None:
        flags.append(f"time: the receipt's Date Submitted {date_text[:60]!r} cannot be read")
    if parsed is None:
        if named is None:
            return "", flags + ["time: submission time unknown (no Blackboard receipt or "
                                "attempt time): no late penalty applied; check by hand"]
        return lateness.iso(named), flags + ["time: from the file name's attempt time only"]
    moment, resolve_flags = lateness.resolve(parsed[0], tz, parsed[1])
    flags += resolve_flags
    if named is not None and abs((moment - named).total_seconds()) > AGREE_SECONDS:
        flags.append(f"time: the receipt says {lateness.iso(moment)} but the file name's "
                     f"attempt time is {lateness.iso(named)}; the receipt's is used")
    return lateness.iso(moment), flags


# --------------------------------------------------------------------------------------------
# the Grade Center upload

def score_header(name, max_points, column_id=""):
    header = f"{name} [Total Pts: {max_points:g} Score]"
    return header + (f" |{column_id}" if column_id else "")


def feedback_cell(lines, limit=FEEDBACK_CHARS):
    """``Feedback to Learner`` HTML from plain-text lines: each escaped, the whole bounded."""
    kept, size = [], 0
    for line in lines:
        piece = html.escape(safeio.bounded(" ".join(str(line).split()), 400), quote=True)
        if size + len(piece) + 4 > limit - 20:
            kept.append("[more in the feedback page]")
            break
        kept.append(piece)
        size += len(piece) + 4
    return "<br>".join(kept)


def write_upload(path, header, rows, feedback=False):
    """The upload CSV: ``rows`` are (username, score text, feedback lines). All cells quoted
    and through ``safeio.csv_cell``."""
    columns = [USERNAME, header] + ([FEEDBACK, FEEDBACK_FORMAT] if feedback else [])
    f = io.StringIO(newline="")
    writer = csv.writer(f, quoting=csv.QUOTE_ALL)
    writer.writerow(safeio.csv_row(columns))
    for username, score, lines in rows:
        cells = [username, score] + ([feedback_cell(lines), FORMAT] if feedback else [])
        writer.writerow(safeio.csv_row(cells))
    safeio.write_atomic(path, f.getvalue())  # 0600, never through a link
