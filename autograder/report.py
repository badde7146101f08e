"""HTML pages of the batch grader: feedback per student and a report for the class.

Feedback shows points and, for each check, whether it passed and why not, in the words of the
check's message; it never shows the code of a hidden test.
"""
import base64
import collections
import html
import io
import statistics

STYLE = """<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;
text-align:left}th{background:#f3f3f3}.pass{color:#176617}.fail{color:#a31515}
.manual{color:#555}code{background:#f6f6f6;padding:0 .2rem}img{max-width:100%}
</style>"""


def _page(title, body):
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title>{STYLE}</head><body>\n{body}\n</body></html>\n")


def _num(value):
    return f"{value:g}"


def feedback_html(hw, bundle, row):
    e = html.escape
    parts = [f"<h1>{e(hw)}: feedback for {e(row.student_id)}</h1>",
             f"<p>Submission: <code>{e(row.submission)}</code></p>"]
    autograded = sum(q["points"] for q in bundle.autograded)
    if row.status != "ok":
        parts.append(f"<p class=\"fail\">This notebook could not be graded automatically "
                     f"({e(row.status)}): {e(row.reason)}. Its autograded questions score 0.</p>")
    if row.flags:
        items = "".join(f"<li>{e(flag)}</li>" for flag in row.flags)
        parts.append("<p class=\"fail\">Cells that must not be edited were changed; they were "
                     f"graded as released:</p><ul>{items}</ul>")
    parts.append(f"<p>Autograded score: <b>{_num(row.total)} / {_num(autograded)}</b>. "
                 "Written questions are graded by hand.</p>")
    by_question = collections.defaultdict(list)
    for test in row.tests:
        by_question[test["question"]].append(test)
    parts.append("<table><tr><th>question</th><th>points</th><th>checks</th></tr>")
    for question in bundle.questions:
        name = question["name"]
        if question["manual"]:
            parts.append(f"<tr><td>{e(name)}</td><td class=\"manual\">graded by hand "
                         f"(out of {_num(question['points'])})</td><td></td></tr>")
            continue
        checks = []
        for test in by_question.get(name, []):
            label = f"check {test['index'] + 1}" + ("" if test["hidden"] else " (public)")
            if test["passed"]:
                checks.append(f"<li class=\"pass\">{e(label)}: passed</li>")
            else:
                checks.append(f"<li class=\"fail\">{e(label)}: {e(test['message'])}</li>")
        parts.append(f"<tr><td>{e(name)}</td><td>{_num(row.scores.get(name, 0))} / "
                     f"{_num(question['points'])}</td><td><ul>{''.join(checks)}</ul></td></tr>")
    parts.append("</table>")
    if row.cell_errors:
        items = "".join(f"<li>{e(error)}</li>" for error in row.cell_errors[:20])
        parts.append(f"<p>Errors while running your notebook's definitions:</p><ul>{items}</ul>")
    return _page(f"{hw} feedback: {row.student_id}", "\n".join(parts))


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


def report_html(hw, bundle, rows):
    e = html.escape
    graded = [r for r in rows if r.status == "ok"]
    counted = [r for r in rows if r.status != "superseded"]
    autograded = sum(q["points"] for q in bundle.autograded)
    parts = [f"<h1>{e(hw)}: class report</h1>",
             f"<p>{len(rows)} files, {len(counted)} students, {len(graded)} graded, "
             f"{sum(r.status == 'superseded' for r in rows)} earlier attempts superseded, "
             f"{len(counted) - len(graded)} failed.</p>"]
    totals = [r.total for r in counted]
    if totals:
        parts.append(f"<p>Autograded total out of {_num(autograded)}: mean "
                     f"{statistics.mean(totals):.1f}, median {statistics.median(totals):g}.</p>")
        parts.append(f"<img alt=\"distribution of totals\" src=\"data:image/png;base64,"
                     f"{_histogram(totals, autograded, 'autograded total')}\">")
    parts.append("<h2>Per question</h2><table><tr><th>question</th><th>points</th><th>mean</th>"
                 "<th>median</th><th>full marks</th><th>distribution</th></tr>")
    for question in bundle.questions:
        name, points = question["name"], question["points"]
        if question["manual"]:
            parts.append(f"<tr><td>{e(name)}</td><td>{_num(points)}</td><td colspan=\"4\" "
                         "class=\"manual\">graded by hand</td></tr>")
            continue
        values = [r.scores.get(name, 0.0) for r in counted]
        if not values:
            continue
        image = _histogram(values, points, name)
        parts.append(f"<tr><td>{e(name)}</td><td>{_num(points)}</td>"
                     f"<td>{statistics.mean(values):.2f}</td>"
                     f"<td>{statistics.median(values):g}</td>"
                     f"<td>{sum(v == points for v in values)}</td>"
                     f"<td><img alt=\"{e(name)}\" src=\"data:image/png;base64,{image}\"></td></tr>")
    parts.append("</table>")
    failures = collections.Counter()
    for row in graded:
        for test in row.tests:
            if not test["passed"]:
                failures[(test["question"], test["index"] + 1, test["message"].split(":")[0])] += 1
    parts.append("<h2>Most common failed checks</h2><table><tr><th>question</th><th>check</th>"
                 "<th>first words of the message</th><th>submissions</th></tr>")
    for (question, index, words), count in failures.most_common(15):
        parts.append(f"<tr><td>{e(question)}</td><td>{index}</td><td>{e(words)}</td>"
                     f"<td>{count}</td></tr>")
    parts.append("</table><h2>Slowest submissions</h2><table><tr><th>student</th>"
                 "<th>seconds</th><th>status</th></tr>")
    for row in sorted(counted, key=lambda r: -r.seconds)[:10]:
        parts.append(f"<tr><td>{e(row.student_id)}</td><td>{row.seconds:.2f}</td>"
                     f"<td>{e(row.status)}</td></tr>")
    parts.append("</table><h2>Failed submissions</h2><table><tr><th>submission</th>"
                 "<th>student</th><th>status</th><th>reason</th></tr>")
    for row in counted:
        if row.status != "ok":
            parts.append(f"<tr><td>{e(row.submission)}</td><td>{e(row.student_id)}</td>"
                         f"<td>{e(row.status)}</td><td>{e(row.reason)}</td></tr>")
    parts.append("</table>")
    return _page(f"{hw} report", "\n".join(parts))
