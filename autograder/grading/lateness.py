"""Deadlines, grace, late penalties, a cutoff and extensions: the course's late policy.

Pure functions of times and points; no LMS is known here (an LMS adapter, ``grading.lms``,
turns its receipts and file names into a naive local time and a zone abbreviation). The rule:
a submission later than its due time (the student's extension, else the course's) plus the
grace loses ``penalty`` percent of the points it earned (autograded plus written) per started
24 hours; later than ``cutoff`` days after due plus grace, it gets 0 points (``too-late``).
A submission of unknown time gets no penalty and a flag.

Trust boundary: the times come from LMS receipts and file names (student-influenced: the
adapter bounds them) and the policy from the TA's options, the source notebook's assignment
config and an extensions CSV (read here with size and line limits; a line that cannot be read
is listed, never fatal). Nothing here raises on a submission's data.
"""
import csv
import dataclasses
import datetime
import io
import math
import zoneinfo

DUE_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")
DAY = 86400
EXTENSIONS_BYTES = 1 << 20  # an extensions CSV larger than this is refused
EXTENSIONS_LINES = 10000
CELL = 200  # characters of an extensions cell kept in a message
# well-known abbreviations -> the UTC offsets (hours) they are used for; the zone given with
# --timezone decides between them (CST: US Central, China, Cuba)
ABBREVIATIONS = {
    "UTC": (0,), "GMT": (0,), "Z": (0,), "SGT": (8,), "MYT": (8,), "HKT": (8,), "AWST": (8,),
    "CST": (-6, 8, -5), "CDT": (-5, -4), "EST": (-5, 10), "EDT": (-4, 11), "MST": (-7,),
    "MDT": (-6,), "PST": (-8, 8), "PDT": (-7,), "AKST": (-9,), "AKDT": (-8,), "HST": (-10,),
    "BST": (1, 6), "IST": (5.5, 1, 2), "CET": (1,), "CEST": (2,), "EET": (2,), "EEST": (3,),
    "WET": (0,), "WEST": (1,), "JST": (9,), "KST": (9,), "AEST": (10,), "AEDT": (11,),
    "ACST": (9.5,), "ACDT": (10.5,), "NZST": (12,), "NZDT": (13,),
}


class PolicyError(ValueError):
    """An option or config value of the late policy cannot be used (a one-line message)."""


# --------------------------------------------------------------------------------------------
# times

def zone(name):
    """The IANA zone ``name`` (``Asia/Singapore``), or a PolicyError."""
    try:
        return zoneinfo.ZoneInfo(str(name))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise PolicyError(f"unknown time zone {str(name)[:CELL]!r} (give an IANA zone such "
                          "as Asia/Singapore or America/Chicago)") from exc


def _exists(naive, tz, fold):
    """Whether ``naive`` with ``fold`` is a real local time of ``tz`` (not in a DST gap)."""
    aware = naive.replace(tzinfo=tz, fold=fold)
    back = aware.astimezone(datetime.timezone.utc).astimezone(tz).replace(tzinfo=None)
    return back == naive


def local_time(text, tz):
    """An aware time from ``YYYY-MM-DD HH:MM[:SS]`` in zone ``tz`` (a due time, an extension).

    A time that does not exist (skipped by a DST change) or happens twice (repeated by one) is
    refused: a deadline must mean one instant."""
    text = str(text).strip()
    for fmt in DUE_FORMATS:
        try:
            naive = datetime.datetime.strptime(text, fmt)
            break
        except ValueError:
            continue
    else:
        raise PolicyError(f"{text[:CELL]!r} is not a time like '2026-10-26 23:59'")
    offsets = {naive.replace(tzinfo=tz, fold=f).utcoffset() for f in (0, 1)
               if _exists(naive, tz, f)}
    if not offsets:
        raise PolicyError(f"{text} does not exist in {tz.key} (skipped by a change of clocks)")
    if len(offsets) > 1:
        raise PolicyError(f"{text} happens twice in {tz.key} (clocks go back): give a time "
                          "outside that hour")
    return naive.replace(tzinfo=tz)


def resolve(naive, tz, abbreviation=""):
    """(aware time, flags) of a local time an LMS wrote with a zone ``abbreviation``, read
    through the course's zone ``tz``. An abbreviation the zone does not use at that time, or a
    time the abbreviation leaves ambiguous or that does not exist, gets a flag."""
    abbreviation = (abbreviation or "").strip().upper()
    candidates = [naive.replace(tzinfo=tz, fold=f) for f in (0, 1) if _exists(naive, tz, f)]
    named = [c for c in candidates if c.tzname().upper() == abbreviation]
    if abbreviation and not named:
        season = _season_offset(naive, tz, abbreviation)
        if season is not None:  # the zone's own name of the other season: its offset, flagged
            return naive.replace(tzinfo=season), [
                f"time: {abbreviation} is {tz.key}'s name outside that date's season; read as "
                f"UTC{_offset(season.utcoffset(None))}"]
        hours = ABBREVIATIONS.get(abbreviation, ())
        named = [c for c in candidates
                 if c.utcoffset() / datetime.timedelta(hours=1) in hours]
    if abbreviation and not named and len(ABBREVIATIONS.get(abbreviation, ())) == 1:
        fixed = datetime.timezone(datetime.timedelta(hours=ABBREVIATIONS[abbreviation][0]))
        return naive.replace(tzinfo=fixed), [
            f"time: zone {abbreviation} is not {tz.key}'s at that time; read as UTC"
            f"{_offset(fixed.utcoffset(None))}"]
    if abbreviation and not named:
        return naive.replace(tzinfo=tz), [
            f"time: zone {abbreviation[:12]!r} is ambiguous or not {tz.key}'s; read as "
            f"{tz.key} time"]
    pool = named or candidates
    if not pool:
        return naive.replace(tzinfo=tz), [f"time: {naive} does not exist in {tz.key}"]
    if len({c.utcoffset() for c in pool}) > 1:
        return pool[0], [f"time: {naive} happens twice in {tz.key}; the earlier is taken"]
    return pool[0], []


def _season_offset(naive, tz, abbreviation):
    """The fixed offset ``tz`` uses under ``abbreviation`` in another season of that year."""
    for month in (1, 4, 7, 10):
        probe = datetime.datetime(naive.year, month, 15, 12, tzinfo=tz)
        if probe.tzname().upper() == abbreviation:
            return datetime.timezone(probe.utcoffset())
    return None


def _offset(delta):
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def iso(moment):
    """ISO 8601 with the UTC offset, to the second: ``2026-10-20T09:15:00+08:00``."""
    return moment.replace(microsecond=0).isoformat() if moment else ""


def parse_iso(text):
    try:
        moment = datetime.datetime.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


# --------------------------------------------------------------------------------------------
# the policy

@dataclasses.dataclass
class Policy:
    """The late policy in force. ``due`` and extensions are aware times (None: no deadline)."""
    due: datetime.datetime = None
    timezone: str = "UTC"
    grace_minutes: float = 0.0
    penalty_pct: float = 0.0
    cutoff_days: float = None
    extensions: dict = dataclasses.field(default_factory=dict)  # student id (lower) -> time
    sources: dict = dataclasses.field(default_factory=dict)  # setting -> option/config
    problems: list = dataclasses.field(default_factory=list)  # extension lines not used

    def due_for(self, student_id):
        return self.extensions.get(str(student_id).lower(), self.due)

    @property
    def grace(self):
        return datetime.timedelta(minutes=self.grace_minutes)

    def to_state(self):
        return {"due": iso(self.due), "timezone": self.timezone, "grace": self.grace_minutes,
                "penalty": self.penalty_pct, "cutoff": self.cutoff_days,
                "extensions": {k: iso(v) for k, v in self.extensions.items()},
                "sources": dict(self.sources), "problems": list(self.problems)}

    @classmethod
    def from_state(cls, state):
        """The policy saved by ``to_state``; an unreadable state is no policy."""
        if not isinstance(state, dict):
            return cls()
        try:
            return cls(parse_iso(state.get("due")), str(state.get("timezone") or "UTC"),
                       float(state.get("grace") or 0), float(state.get("penalty") or 0),
                       None if state.get("cutoff") is None else float(state["cutoff"]),
                       {str(k): parse_iso(v) for k, v in (state.get("extensions") or {}).items()
                        if parse_iso(v)},
                       dict(state.get("sources") or {}), list(state.get("problems") or []))
        except (TypeError, ValueError, AttributeError):
            return cls()

    def rule(self):
        """The rule in words, for feedback and the report."""
        if self.due is None:
            return "no deadline was set"
        tz = zone(self.timezone)
        words = [f"due {self.due.astimezone(tz):%Y-%m-%d %H:%M} {self.timezone}"]
        if self.grace_minutes:
            words.append(f"{self.grace_minutes:g} minutes' grace")
        if self.penalty_pct:
            words.append(f"{self.penalty_pct:g}% of the points earned deducted per started 24 "
                         "hours late")
        else:
            words.append("no penalty for late work (lateness is only reported)")
        if self.cutoff_days is not None:
            words.append(f"0 points when more than {self.cutoff_days:g} days late")
        return "; ".join(words)


SETTINGS = ("due", "timezone", "grace", "penalty", "cutoff")


def _number(name, value, low=0.0, high=None):
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise PolicyError(f"{name} must be a number, not {str(value)[:CELL]!r}") from exc
    if not math.isfinite(number) or number < low or (high is not None and number > high):
        raise PolicyError(f"{name} must be between {low:g} and {high if high else 'any'}")
    return number


def config_settings(config):
    """The late settings of a source notebook's assignment config (``due``, ``timezone``,
    ``grace``, ``late: {penalty, cutoff}``), as option-like values."""
    config = config if isinstance(config, dict) else {}
    late = config.get("late") if isinstance(config.get("late"), dict) else {}
    found = {"due": config.get("due"), "timezone": config.get("timezone"),
             "grace": config.get("grace"), "penalty": late.get("penalty"),
             "cutoff": late.get("cutoff")}
    return {k: v for k, v in found.items() if v is not None}


def policy(options, config=None):
    """The policy from ``grade``'s options (None: not given) over the notebook's config.

    ``sources`` says where each setting came from (``option``, ``config``)."""
    config = config_settings(config)
    chosen, sources = {}, {}
    for name in SETTINGS:
        if options.get(name) is not None:
            chosen[name], sources[name] = options[name], "option"
        elif name in config:
            chosen[name], sources[name] = config[name], "config"
    tz_name = str(chosen.get("timezone") or "UTC")
    tz = zone(tz_name)
    due = chosen.get("due")
    if isinstance(due, datetime.datetime):  # YAML reads an unquoted time as a datetime
        due = due.strftime("%Y-%m-%d %H:%M:%S")
    return Policy(local_time(due, tz) if due else None, tz_name,
                  _number("grace", chosen.get("grace", 0), high=7 * 24 * 60),
                  _number("late penalty", chosen.get("penalty", 0), high=100),
                  None if chosen.get("cutoff") is None
                  else _number("late cutoff", chosen["cutoff"], high=3650),
                  sources=sources)


def read_extensions(data, tz):
    """(``{student id (lower): aware due}``, problems) from an extensions CSV's bytes
    (columns ``student,due``). Lines that cannot be read are problems, never errors; a file
    beyond the limits is refused whole (one problem)."""
    if len(data) > EXTENSIONS_BYTES:
        return {}, [f"extensions: the file has more than {EXTENSIONS_BYTES} bytes; not read"]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return {}, ["extensions: the file is not UTF-8 text; not read"]
    found, problems = {}, []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for number, cells in enumerate(reader, start=1):
            if number > EXTENSIONS_LINES:
                problems.append(f"extensions: lines after {EXTENSIONS_LINES} not read")
                break
            cells = [c.strip() for c in cells]
            if not any(cells) or (number == 1 and [c.lower() for c in cells[:2]]
                                  == ["student", "due"]):
                continue
            shown = ",".join(cells)[:CELL]
            if len(cells) < 2 or not cells[0]:
                problems.append(f"extensions line {number}: {shown!r}: expected student,due")
                continue
            try:
                found[cells[0].lower()] = local_time(cells[1], tz)
            except PolicyError as exc:
                problems.append(f"extensions line {number}: {shown!r}: {exc}")
    except csv.Error as exc:
        problems.append(f"extensions: unreadable CSV ({str(exc)[:CELL]}); the rest not read")
    return found, problems


def add_extensions(policy_, path):
    """Read the extensions CSV at ``path`` (the TA's: a missing file is an error, a bad line a
    problem listed) into ``policy_``."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(EXTENSIONS_BYTES + 1)
    except OSError as exc:
        raise PolicyError(f"cannot read the extensions {path}: {exc.strerror or exc}") from exc
    found, problems = read_extensions(data, zone(policy_.timezone))
    policy_.extensions.update(found)
    policy_.problems += problems
    policy_.sources["extensions"] = "option"
    return policy_


def unmatched(policy_, student_ids):
    """Problems for extensions that match none of ``student_ids``."""
    known = {str(s).lower() for s in student_ids}
    return [f"extensions: {student[:CELL]!r} matches no student of this class"
            for student in sorted(policy_.extensions) if student not in known]


# --------------------------------------------------------------------------------------------
# one submission

@dataclasses.dataclass
class Lateness:
    submitted_at: str  # ISO 8601 with offset, "" unknown
    due: str  # ISO, this student's due time (extension included), "" no deadline
    extended: bool
    hours_late: float  # None: unknown or no deadline; 0 on time
    days: int  # started 24 hours late
    penalty: float  # points deducted
    too_late: bool
    rule: str

    @property
    def late(self):
        return bool(self.hours_late)

    @property
    def unknown(self):
        return not self.submitted_at

    def summary(self):
        """One line for feedback and the LMS's feedback column."""
        if self.unknown:
            return "submission time unknown: no late penalty applied"
        if self.hours_late is None:
            return f"submitted {self.submitted_at}"
        if not self.late:
            return f"submitted {self.submitted_at}, on time (due {self.due})"
        if self.too_late:
            return (f"submitted {self.submitted_at}, {self.hours_late:.2f} hours after due "
                    f"{self.due} plus grace: past the cutoff, 0 points")
        return (f"submitted {self.submitted_at}, {self.hours_late:.2f} hours after due "
                f"{self.due} plus grace ({self.days} started day(s)): -{self.penalty:.2f} points")


def assess(policy_, student_id, submitted_at, earned):
    """The lateness of a submission of ``student_id`` made at ``submitted_at`` (ISO or "")
    that earned ``earned`` points before any penalty."""
    moment = parse_iso(submitted_at)
    due = policy_.due_for(student_id)
    extended = str(student_id).lower() in policy_.extensions
    base = Lateness(iso(moment), iso(due.astimezone(zone(policy_.timezone))) if due else "",
                    extended, None, 0, 0.0, False, policy_.rule())
    if moment is None or due is None:
        return base
    seconds = (moment - (due + policy_.grace)).total_seconds()
    if seconds <= 0:
        base.hours_late = 0.0
        return base
    base.hours_late = round(seconds / 3600, 2) or 0.01  # one second late is late
    base.days = math.ceil(seconds / DAY)
    earned = max(0.0, float(earned))
    if policy_.cutoff_days is not None and seconds > policy_.cutoff_days * DAY:
        base.too_late, base.penalty = True, round(earned, 2)
    else:
        base.penalty = round(min(earned, earned * policy_.penalty_pct / 100 * base.days), 2)
    return base


# --------------------------------------------------------------------------------------------
# what the outputs show

def cells(late, submitted_at=""):
    """grades.csv's ``submitted_at``, ``hours_late`` and ``late_penalty`` cells."""
    if late is None:
        return [submitted_at, "", ""]
    hours = "" if late.hours_late is None else f"{late.hours_late:.2f}"
    return [late.submitted_at, hours, f"{late.penalty:.2f}"]


def as_json(late):
    """The lateness of a results JSON."""
    if late is None:
        return None
    return {"submitted_at": late.submitted_at, "due": late.due, "extended": late.extended,
            "hours_late": late.hours_late, "days_late": late.days, "penalty": late.penalty,
            "too_late": late.too_late, "rule": late.rule}


def earlier_on_time(policy_, student_id, late, earlier_times):
    """A note when the graded (latest) attempt is late and an earlier one was on time."""
    if late is None or not late.late:
        return ""
    on_time = [t for t in earlier_times
               if assess(policy_, student_id, t, 0).hours_late == 0]
    if not on_time:
        return ""
    return (f"late: the graded (latest) attempt is late, an earlier attempt ({max(on_time)}) "
            "was on time")


def applied(policy_):
    """Which settings came from grade's options and which from the notebook's config."""
    if not policy_.sources:
        return "no late policy was given (no --due and none in the notebook's config)"
    by = {}
    for name, source in sorted(policy_.sources.items()):
        by.setdefault(source, []).append(name)
    words = {"option": "grade's options", "config": "the notebook's assignment config"}
    return "; ".join(f"{', '.join(names)} from {words.get(source, source)}"
                     for source, names in sorted(by.items()))
