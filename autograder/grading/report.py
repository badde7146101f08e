"""HTML pages of the batch grader: feedback per student and a report for the class.

Rendered from Jinja2 templates (``marking/templates``) with autoescaping: student ids, file
names, check messages and TA comments are untrusted text and only ever appear escaped. Feedback
shows points and, for each check, whether it passed and why not, in the words of the check's
message; it never shows the code of a hidden test. Pages take ``gradebook.Entry`` objects (a
grading row with its written marks).
"""
import base64
import collections
import functools
import dataclasses
import io
import statistics
from pathlib import Path

import jinja2

TEMPLATES = Path(__file__).resolve().parent.parent / "marking" / "templates"


def _num(value):
    return f"{value:g}"


@functools.lru_cache(maxsize=1)
def _environment():
    """One environment for the whole batch, so that each template is compiled once."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.globals.update(num=_num, mean=statistics.mean, median=statistics.median)
    return env


def _render(name, **context):
    return _environment().get_template(name).render(**context)


def feedback_html(hw, bundle, entry):
    row = entry.row
    checks = collections.defaultdict(list)
    for test in row.tests:
        checks[test["question"]].append(test)
    locked = [flag for flag in row.flags if "locked cell" in flag]
    return _render("feedback.html.j2", hw=hw, bundle=bundle, entry=entry, row=row,
                   locked_flags=locked, other_flags=[f for f in row.flags if f not in locked],
                   ran=entry.gradable, checks=checks,
                   autograded=sum(q["points"] for q in bundle.autograded),
                   written_max=sum(q["points"] for q in bundle.questions if q["manual"]))


def _histogram(values, maximum, title):
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(3.2, 2.2))
    # one bar per whole point, centred on it (up to 20 bars)
    bins = min(20, int(maximum) + 1)
    ax.hist(values, bins=bins, range=(-0.5, bins - 0.5) if bins == int(maximum) + 1
            else (0, maximum), color="#4c72b0", edgecolor="white")
    ax.set_title(title, fontsize=9)
    ax.set_xlabel("points", fontsize=8)
    ax.set_ylabel("submissions", fontsize=8)
    ax.tick_params(labelsize=7)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, metadata={"Software": None})
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


@dataclasses.dataclass
class QuestionStat:
    name: str
    points: float
    manual: bool
    values: list

    @property
    def count(self):
        return len(self.values)

    @property
    def mean(self):
        return statistics.mean(self.values)

    @property
    def median(self):
        return statistics.median(self.values)

    @property
    def full(self):
        return sum(v == self.points for v in self.values)

    @property
    def image(self):
        return _histogram(self.values, self.points, self.name)


def per_question(bundle, counted):
    stats = []
    for q in bundle.questions:
        if q["manual"]:
            values = [e.marks[q["name"]].points for e in counted if q["name"] in e.marks]
        else:
            values = [e.row.scores.get(q["name"], 0.0) for e in counted]
        stats.append(QuestionStat(q["name"], q["points"], q["manual"], values))
    return stats


def common_failures(graded, limit=15):
    """``[((question, first words), students)]``: each student counts once per question and
    kind of failure, so an unanswered question is one failure, not one per check."""
    counts = collections.Counter()
    for entry in graded:
        kinds = {(t["question"], t["message"].split(":")[0]) for t in entry.row.tests
                 if not t["passed"]}
        counts.update(kinds)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]


def flags(entry):
    found = list(entry.row.flags)
    if entry.counted and entry.unmarked:
        found.append(f"written not marked: {' '.join(entry.unmarked)}")
    if entry.counted and entry.unmapped:
        found.append(f"not in blackboard.csv: {entry.unmapped}")
    return found


def late_lists(counted):
    """(late, too late, unknown time, late with an earlier attempt on time) entries."""
    assessed = [e for e in counted if e.late is not None]
    return ([e for e in assessed if e.late.late and not e.late.too_late],
            [e for e in assessed if e.late.too_late], [e for e in assessed if e.late.unknown],
            [e for e in assessed if any(p.startswith(EARLIER) for p in e.problems)])


EARLIER = "late: the graded (latest) attempt is late"


def report_html(hw, bundle, entries, warnings=(), policy=None, similar=None):
    """The class report. ``similar``: the flagged rows of ``similarity.csv``
    (``similarity_report.flagged_rows``), listed with a link to ``similarity.html``."""
    counted = [e for e in entries if e.counted]
    graded = [e for e in counted if e.row.status in ("ok", "partial")]
    manual = [q["name"] for q in bundle.questions if q["manual"]]
    totals = [e.total for e in counted]
    return _render(
        "report.html.j2", hw=hw, bundle=bundle, rows=entries, entries=entries,
        counted=counted, graded=graded, failed=[e for e in counted if e not in graded],
        partial=[e for e in counted if e.row.status == "partial"],
        problems=[e for e in counted if e.row.status != "ok"],
        superseded=len(entries) - len(counted), warnings=list(warnings), totals=totals,
        total_histogram=_histogram(totals, bundle.max_points, "total") if totals else "",
        marked=sum(len(e.marks) for e in counted), markable=len(manual) * len(counted),
        unmarked_students=sum(bool(e.unmarked) for e in counted),
        per_question=per_question(bundle, counted), common_failures=common_failures(graded),
        slowest=sorted(counted, key=lambda e: -e.row.seconds)[:10], flags=flags,
        policy=policy, late_lists=late_lists(counted), applied=_applied(policy),
        similar=similar)


def _applied(policy):
    from . import lateness

    return lateness.applied(policy) if policy is not None else ""
