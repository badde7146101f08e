"""Learning-management systems: each adapter (``blackboard``) knows its download's file names
and receipts (who submitted, and when) and its grade upload format; nothing else in the grader
does. ``summary_lines`` is the per-student summary any adapter may upload as feedback.

Trust boundary: the lines hold student-influenced text (check messages, ids); an adapter
escapes and bounds them for its format.
"""

MESSAGE = 160  # characters of a failed check's message in a summary


def _num(value):
    return f"{value:g}"


def summary_lines(entry, bundle):
    """Plain-text lines: points per question, failed checks' messages, written marks' rubric
    comments, the late penalty and the total (``gradebook.Entry``)."""
    row, lines = entry.row, []
    for question in bundle.questions:
        name = question["name"]
        if question["manual"]:
            mark = entry.marks.get(name)
            if mark is None:
                lines.append(f"{name} (written): not marked yet / {_num(question['points'])}")
                continue
            lines.append(f"{name} (written): {_num(mark.points)} / {_num(question['points'])}")
            lines += [f"  {_num(points)}: {text}" for points, text in mark.items]
            if mark.comment:
                lines.append(f"  {mark.comment}")
            continue
        lines.append(f"{name}: {_num(row.scores.get(name, 0.0))} / {_num(question['points'])}")
        lines += _failed_checks([t for t in row.tests
                                 if t["question"] == name and not t["passed"]])
    if entry.late is not None and entry.late.due and (entry.late.late or entry.late.unknown):
        lines.append(f"Late: {entry.late.summary()}")
    lines.append(f"Total: {_num(entry.total)} / {_num(bundle.max_points)}")
    return lines


def _failed_checks(tests):
    """A line per distinct message of a question's failed checks, naming the checks that gave
    it ("checks 1-3: ..."), so that one stub's error is not repeated for every check."""
    by_message = {}
    for test in tests:
        by_message.setdefault(str(test["message"])[:MESSAGE], []).append(test["index"] + 1)
    return [f"  {_checks(numbers)}: {message}" for message, numbers in by_message.items()]


def _checks(numbers):
    if len(numbers) == 1:
        return f"check {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"checks {numbers[0]}-{numbers[-1]}"
    return "checks " + ", ".join(map(str, numbers))
