"""The Blackboard adapter: when a receipt and a file name say an attempt came, and the Grade
Center upload with its feedback columns."""
import csv
import datetime

from autograder.grading.lms import blackboard

UK_STYLE = "Tuesday, 20 October 2026 09:00:00 o'clock SGT"
US_STYLE = "Tuesday, February 20, 2024 12:35:07 AM CST"


def receipt(date, comments="There are no student comments for this assignment."):
    return (f"Name: Sample Student (stu01)\nAssignment: Homework\nDate Submitted: {date}\n"
            f"Current Grade: Needs Grading\n\nSubmission Field:\nThere is no student submission "
            f"text data for this assignment.\n\nComments:\n{comments}\n\nFiles:\n"
            "\tOriginal filename: hw.ipynb\n"
            "\tFilename: Homework_stu01_attempt_2026-10-20-09-00-00_hw.ipynb\n").encode()


def test_both_receipt_styles():
    assert blackboard.parse_date(UK_STYLE) == (datetime.datetime(2026, 10, 20, 9, 0), "SGT")
    assert blackboard.parse_date(US_STYLE) == (datetime.datetime(2024, 2, 20, 0, 35, 7), "CST")
    assert blackboard.parse_date("Monday, March 4, 2024 12:00:00 PM EST")[0].hour == 12
    assert blackboard.parse_date("Monday, March 4, 2024 1:05:09 PM EST")[0].hour == 13
    assert blackboard.submission_time(US_STYLE, "2024-02-20-00-35-07", "America/Chicago") == (
        "2024-02-20T00:35:07-06:00", [])
    assert blackboard.submission_time(UK_STYLE, "2026-10-20-09-00-00", "Asia/Singapore") == (
        "2026-10-20T09:00:00+08:00", [])


def test_month_names_do_not_depend_on_this_machines_locale():
    """Receipts in English are read under any locale, and a language pack's receipts under
    this machine's C locale (where strptime's %B knows English only)."""
    import locale

    saved = locale.setlocale(locale.LC_TIME)
    try:
        for name in ("de_DE.UTF-8", "fr_FR.UTF-8", "zh_CN.UTF-8"):
            try:
                locale.setlocale(locale.LC_TIME, name)
            except locale.Error:
                continue
            assert blackboard.parse_date(US_STYLE)[0] == datetime.datetime(2024, 2, 20, 0, 35, 7)
            assert blackboard.parse_date(UK_STYLE)[0].month == 10
    finally:
        locale.setlocale(locale.LC_TIME, saved)
    assert blackboard.parse_date("Dienstag, 20. Oktober 2026 09:00:00 Uhr")[0].month == 10
    assert blackboard.parse_date("mardi, 20 février 2026 09:00:00")[0].month == 2
    assert blackboard.parse_date("Tuesday, 31 February 2026 09:00:00 SGT") is None
    assert blackboard.parse_date("Tuesday, February 20, 2024 13:35:07 PM CST") is None


def test_only_the_header_date_counts_not_a_look_alike_in_the_comments():
    text = receipt(UK_STYLE, comments="Date Submitted: Monday, 1 January 2024 00:00:00 SGT")
    assert blackboard.receipt_date_text(text) == UK_STYLE
    forged = receipt("", comments="Date Submitted: Monday, 1 January 2024 00:00:00 SGT")
    forged = forged.replace(b"Date Submitted: \n", b"")
    assert blackboard.receipt_date_text(forged) == ""


def test_receipts_and_values_are_bounded():
    huge = b"Date Submitted: " + b"9" * 10_000_000 + b"\n"
    text = blackboard.receipt_date_text(huge)
    assert len(text) <= blackboard.DATE_TEXT
    assert blackboard.submission_time(text, "", "Asia/Singapore")[0] == ""
    assert blackboard.receipt_date_text(b"\n" * 100 + b"Date Submitted: " + UK_STYLE.encode()) \
        == ""
    assert blackboard.receipt_date_text(b"\xff\xfe\x00garbage") == ""


def test_bad_dates_are_an_unknown_time_with_a_flag_never_an_error():
    when, flags = blackboard.submission_time("yesterday-ish", "", "Asia/Singapore")
    assert when == "" and any("cannot be read" in f for f in flags)
    assert any("unknown" in f for f in flags)
    # the file name's attempt time is used when the receipt has none, with a flag
    when, flags = blackboard.submission_time("", "2026-10-20-09-00-00", "Asia/Singapore")
    assert when == "2026-10-20T09:00:00+08:00" and "file name" in flags[0]
    assert blackboard.attempt_time("2026-13-40-99-00-00") is None


def test_receipt_and_file_name_disagreeing_is_a_flag():
    when, flags = blackboard.submission_time(UK_STYLE, "2026-10-19-09-00-00", "Asia/Singapore")
    assert when == "2026-10-20T09:00:00+08:00"
    assert len(flags) == 1 and "attempt time is 2026-10-19T09:00:00+08:00" in flags[0]
    # within two minutes is agreement (Blackboard stamps the file on upload)
    assert blackboard.submission_time(UK_STYLE, "2026-10-20-08-59-30", "Asia/Singapore")[1] == []


def test_upload_with_feedback_columns(tmp_path):
    path = tmp_path / "blackboard.csv"
    header = blackboard.score_header("rnn_attention", 100, "_2345_1")
    blackboard.write_upload(path, header, [
        ("stu01", "76.5", ["q1: 10 / 10", "  check 2: <script>alert(1)</script>",
                           "Late: -8.50 points"]),
        ("=evil", "0", ["=HYPERLINK(\"http://x\")"] + ["x" * 500] * 40)], feedback=True)
    with open(path, newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    assert table[0] == ["Username", "rnn_attention [Total Pts: 100 Score] |_2345_1",
                        "Feedback to Learner", "Feedback Format"]
    assert table[1][:2] == ["stu01", "76.5"] and table[1][3] == "SMART_TEXT"
    assert "&lt;script&gt;" in table[1][2] and "<script>" not in table[1][2]
    assert table[1][2].count("<br>") == 2
    assert table[2][0] == "'=evil" and table[2][2].startswith("'=HYPERLINK")
    assert len(table[2][2]) <= blackboard.FEEDBACK_CHARS + 2
    assert table[2][2].endswith("[more in the feedback page]")
    plain = tmp_path / "plain.csv"
    blackboard.write_upload(plain, header, [("stu01", "76.5", ["x"])])
    assert plain.read_text().splitlines() == [
        '"Username","rnn_attention [Total Pts: 100 Score] |_2345_1"', '"stu01","76.5"']


def test_the_summary_names_each_failed_message_once():
    """A stub's error, the same for every check of its question, is one line, not one per
    check; different messages keep their own lines."""
    import types

    from autograder.grading import lms

    stub = "NotImplementedError raised by the answer (the message is not shown)"
    tests = [{"question": "q1", "index": i, "passed": False, "message": stub} for i in range(3)]
    tests += [{"question": "q2", "index": 0, "passed": False, "message": "values differ"},
              {"question": "q2", "index": 1, "passed": True, "message": ""},
              {"question": "q2", "index": 2, "passed": False, "message": "values differ"},
              {"question": "q2", "index": 3, "passed": False, "message": "shape differs"}]
    row = types.SimpleNamespace(scores={"q1": 0.0, "q2": 2.0}, tests=tests)
    entry = types.SimpleNamespace(row=row, marks={}, late=None, total=2.0)
    bundle = types.SimpleNamespace(max_points=20, questions=[
        {"name": "q1", "points": 10, "manual": False},
        {"name": "q2", "points": 10, "manual": False}])
    assert lms.summary_lines(entry, bundle) == [
        "q1: 0 / 10", f"  checks 1-3: {stub}", "q2: 2 / 10", "  checks 1, 3: values differ",
        "  check 4: shape differs", "Total: 2 / 20"]
