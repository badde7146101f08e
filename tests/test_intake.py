"""Finding submissions and their students, on small files made here."""
import json
import random
import subprocess
import sys
import zipfile

import pytest

from autograder.grading import intake
from conftest import ROOT


def notebook(student_id=""):
    header = f"**STUDENT ID:** {student_id}\n\n**Name:**" if student_id else "**STUDENT ID:**\n\n**Name:**"
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": header}]}).encode()


def test_blackboard_names_receipts_and_attempts(tmp_path):
    folder = tmp_path / "download"
    folder.mkdir()
    for user, attempt in [("ab12", "2026-10-01-10-00-00"), ("ab12", "2026-10-02-09-00-00"),
                          ("cd34", "2026-10-01-11-30-00")]:
        stem = f"Homework 2_{user}_attempt_{attempt}"
        (folder / f"{stem}_my hw (final).ipynb").write_bytes(notebook("999"))
        (folder / f"{stem}.txt").write_text("receipt")
    found = intake.collect([folder])
    assert len(found) == 3  # receipts are not submissions
    assert {s.student_id for s in found} == {"ab12", "cd34"}
    assert all(s.id_source == "blackboard" and s.original_name == "my hw (final).ipynb"
               for s in found)
    first, second = sorted((s for s in found if s.student_id == "ab12"), key=lambda s: s.attempt)
    assert first.superseded_by == second.label and second.superseded_by == ""


def test_student_id_from_the_notebook_else_the_file_name(tmp_path):
    (tmp_path / "a.ipynb").write_bytes(notebook("1002003"))
    (tmp_path / "b.ipynb").write_bytes(notebook())
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.5")
    found = {s.original_name: s for s in intake.collect([tmp_path])}
    assert (found["a.ipynb"].student_id, found["a.ipynb"].id_source) == ("1002003", "notebook")
    assert (found["b.ipynb"].student_id, found["b.ipynb"].id_source) == ("b", "file name")
    assert found["c.pdf"].student_id == "c"  # every file gets a row, even one that is no notebook


def test_zip_files_are_read_member_by_member(tmp_path):
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("HW_zz99_attempt_2026-10-01-10-00-00_hw.ipynb", notebook())
        zf.writestr("HW_zz99_attempt_2026-10-01-10-00-00.txt", "receipt")
        zf.writestr("__MACOSX/._junk", "x")
    found = intake.collect([archive])
    assert [(s.student_id, s.label) for s in found] == [
        ("zz99", "class.zip:HW_zz99_attempt_2026-10-01-10-00-00_hw.ipynb")]


def test_a_corrupt_zip_is_one_submission_and_a_missing_path_an_error(tmp_path):
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"PK\x03\x04 not really")
    assert [s.original_name for s in intake.collect([bad])] == ["broken.zip"]
    with pytest.raises(intake.IntakeError, match="no such file or folder"):
        intake.collect([tmp_path / "missing"])


# --------------------------------------------------------------------------------------------
# strict Blackboard names (issue 11)

def receipt(username, attempt, *files, assignment="Homework"):
    listed = "".join(f"\tOriginal filename: {f}\n\tFilename: {assignment}_{username}_attempt_"
                     f"{attempt}_{f}\n" for f in files)
    return (f"Name: Some Student ({username})\nAssignment: {assignment}\nDate Submitted: "
            f"Monday, 20 October 2026 09:00:00 o'clock SGT\nCurrent Grade: Needs Grading\n\n"
            f"Submission Field:\nThere is no student submission text data for this assignment."
            f"\n\nComments:\nThere are no student comments for this assignment.\n\nFiles:\n"
            + listed)


def download(folder, attempts, assignment="Homework", receipts=True):
    """A Blackboard download: ``attempts`` are (username, attempt time, original name, bytes)."""
    folder.mkdir()
    for username, attempt, original, data in attempts:
        stem = f"{assignment}_{username}_attempt_{attempt}"
        (folder / f"{stem}_{original}").write_bytes(data)
        if receipts:
            (folder / f"{stem}.txt").write_text(receipt(username, attempt, original,
                                                        assignment=assignment))
    return folder


IMITATION = "Homework_victim_attempt_2099-01-01-00-00-00_hw.ipynb"


@pytest.mark.parametrize("receipts", [True, False])
def test_an_original_name_imitating_another_students_attempt_stays_its_uploaders(tmp_path,
                                                                                 receipts):
    folder = download(tmp_path / "dl", [
        ("victim", "2026-10-20-09-00-00", "hw.ipynb", notebook("1")),
        ("mallory", "2026-10-21-09-00-00", IMITATION, notebook("2")),
        ("other", "2026-10-20-10-00-00", "hw.ipynb", notebook("3"))], receipts=receipts)
    found = {s.student_id: s for s in intake.collect([folder])}
    assert sorted(found) == ["mallory", "other", "victim"]
    assert found["victim"].superseded_by == "" and found["victim"].attempt == "2026-10-20-09-00-00"
    assert (found["mallory"].attempt, found["mallory"].original_name) == (
        "2026-10-21-09-00-00", IMITATION)
    assert any("looks like a Blackboard attempt" in f for f in found["mallory"].flags)
    assert found["victim"].flags == [] and found["other"].flags == []


def test_an_uploaded_file_named_like_a_receipt_is_a_submission(tmp_path):
    folder = download(tmp_path / "dl", [
        ("victim", "2026-10-20-09-00-00", "hw.ipynb", notebook("1")),
        ("mallory", "2026-10-21-09-00-00", "Homework_victim_attempt_2099-01-01-00-00-00.txt",
         b"not a receipt")])
    found = intake.collect([folder])
    assert sorted(s.student_id for s in found) == ["mallory", "victim"]
    assert all(s.superseded_by == "" for s in found)


def test_usernames_with_underscores_are_read_from_the_receipt(tmp_path):
    folder = download(tmp_path / "dl", [
        ("ab_12", "2026-10-20-09-00-00", "my_hw.ipynb", notebook()),
        ("cd_34", "2026-10-20-09-00-00", "hw.ipynb", notebook())], assignment="HW_2")
    found = sorted((s.student_id, s.original_name, s.flags) for s in intake.collect([folder]))
    assert found == [("ab_12", "my_hw.ipynb", []), ("cd_34", "hw.ipynb", [])]


def test_disagreements_with_receipts_are_flags_not_guesses(tmp_path):
    folder = download(tmp_path / "dl", [
        ("ab12", "2026-10-20-09-00-00", "hw.ipynb", notebook()),
        ("cd34", "2026-10-20-09-00-00", "hw.ipynb", notebook())])
    (folder / "Homework_ab12_attempt_2026-10-20-09-00-00_extra.ipynb").write_bytes(notebook())
    (folder / "Homework_ef56_attempt_2026-10-20-09-00-00_hw.ipynb").write_bytes(notebook())
    (folder / "Homework_cd34_attempt_2026-10-20-09-00-00.txt").write_text(
        receipt("cd34", "2026-10-20-09-00-00", "hw.ipynb").replace("(cd34)", "(zz99)"))
    flags = {s.label.split("/")[-1]: s.flags for s in intake.collect([folder])}
    assert flags["Homework_ab12_attempt_2026-10-20-09-00-00_hw.ipynb"] == [
        "intake: attempt 2026-10-20-09-00-00 holds 2 notebooks; 'hw.ipynb' is graded, the "
        "others are listed as superseded"]
    assert flags["Homework_ab12_attempt_2026-10-20-09-00-00_extra.ipynb"] == [
        "intake: the receipt for ab12's attempt 2026-10-20-09-00-00 does not list this file"]
    assert flags["Homework_ef56_attempt_2026-10-20-09-00-00_hw.ipynb"] == [
        "intake: no Blackboard receipt for ef56's attempt 2026-10-20-09-00-00"]
    assert flags["Homework_cd34_attempt_2026-10-20-09-00-00_hw.ipynb"] == [
        "intake: the receipt for cd34's attempt 2026-10-20-09-00-00 names zz99"]


# --------------------------------------------------------------------------------------------
# caps (issue 11)

def test_a_file_over_the_cap_is_a_row_and_is_not_read(tmp_path, monkeypatch):
    big = tmp_path / "big.ipynb"
    with open(big, "wb") as f:
        f.truncate(200 * intake.MB)  # sparse: nothing to read on disk
    (tmp_path / "small.ipynb").write_bytes(notebook("7"))
    read = []
    monkeypatch.setattr(intake, "_read_capped", lambda stream, cap: read.append(stream.name)
                        or stream.read())
    found = {s.original_name: s for s in intake.collect([tmp_path])}
    assert (found["big.ipynb"].status, found["big.ipynb"].data) == ("too-large", b"")
    assert "200.0 MB (at most 100.0 MB per file)" in found["big.ipynb"].reason
    assert found["small.ipynb"].status == "" and read == [str(tmp_path / "small.ipynb")]


def zip_of(path, members):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return path


def test_zip_caps_on_entry_size_ratio_count_and_total(tmp_path):
    caps = intake.Caps(file_bytes=4 * intake.MB, total_bytes=5 * intake.MB, zip_entries=3,
                       ratio=50, ratio_from=intake.MB)
    bomb = zip_of(tmp_path / "bomb.zip", [("zeros.ipynb", bytes(3 * intake.MB)),
                                          ("ok.ipynb", notebook("5"))])
    found = {s.original_name: s for s in intake.collect([bomb], caps)}
    assert found["zeros.ipynb"].status == "too-large" and "at most 50:1" in found[
        "zeros.ipynb"].reason and found["zeros.ipynb"].data == b""
    assert found["ok.ipynb"].status == "" and found["ok.ipynb"].student_id == "5"

    many = zip_of(tmp_path / "many.zip", [(f"{k}.ipynb", notebook()) for k in range(4)])
    [row] = intake.collect([many], caps)
    assert (row.status, row.original_name) == ("too-large", "many.zip")
    assert "a zip of 4 files (at most 3)" in row.reason

    rng = random.Random(0)
    noise = [rng.randbytes(3 * intake.MB) for _ in range(2)]
    big = zip_of(tmp_path / "big.zip", [("a.bin", noise[0]), ("b.bin", noise[1]),
                                        ("c.bin", bytes(5 * intake.MB))])
    rows = {s.original_name: s for s in intake.collect([big], caps)}
    assert rows["a.bin"].status == "" and len(rows["a.bin"].data) == 3 * intake.MB
    assert rows["b.bin"].status == "too-large" and "all submissions together" in rows[
        "b.bin"].reason
    assert rows["c.bin"].status == "too-large" and "per file" in rows["c.bin"].reason


def test_a_zip_that_understates_a_size_is_not_read_past_it(tmp_path):
    """A member whose header claims 1000 bytes but holds 2 MB: the read stops, the row says so."""
    path = zip_of(tmp_path / "liar.zip", [("liar.ipynb", bytes(2 * intake.MB))])
    raw = bytearray(path.read_bytes())
    real = (2 * intake.MB).to_bytes(4, "little")
    for offset in [k for k in range(len(raw) - 3) if raw[k:k + 4] == real]:
        raw[offset:offset + 4] = (1000).to_bytes(4, "little")  # local and central headers
    path.write_bytes(bytes(raw))
    [row] = intake.collect([path])
    assert row.status in ("unreadable", "too-large") and row.data == b"", row


def test_a_zip_bomb_is_refused_without_being_held_in_memory(tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("Homework_x1_attempt_2026-10-20-09-00-00_hw.ipynb", "w",
                     force_zip64=True) as member:
            for _ in range(600):
                member.write(bytes(intake.MB))
    assert bomb.stat().st_size < 2 * intake.MB
    script = ("import sys\nsys.path.insert(0, 'tests')\nfrom memory import peak_mb\n"
              "from autograder.grading import intake\n"
              "before = peak_mb(reset=True)\n"
              f"[s] = intake.collect([{str(bomb)!r}])\n"
              "print(s.status, s.student_id, len(s.data), int(peak_mb() - before))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    status, student, size, grew_mb = done.stdout.split()
    assert (status, student, size) == ("too-large", "x1", "0")
    assert int(grew_mb) < 50, done.stdout  # reading it whole would take 600 MB


def test_a_download_passed_file_by_file_is_read_like_the_folder(tmp_path):
    folder = download(tmp_path / "dl", [
        ("ab_12", "2026-10-20-09-00-00", "hw.ipynb", notebook()),
        ("cd34", "2026-10-20-09-00-00", "hw.ipynb", notebook())], assignment="HW_2")
    (folder / "HW_2_ef_56_attempt_2026-10-20-09-00-00_hw.ipynb").write_bytes(notebook())
    one_by_one = intake.collect(sorted(folder.iterdir()))  # a shell glob: folder/*
    assert sorted((s.student_id, s.flags) for s in one_by_one) == [
        ("ab_12", []), ("cd34", []),
        ("ef_56", ["intake: no Blackboard receipt for ef_56's attempt 2026-10-20-09-00-00"])]


def test_a_file_that_breaks_reading_is_its_own_row(tmp_path, monkeypatch):
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.7 broken")
    (tmp_path / "b.ipynb").write_bytes(notebook("42"))

    def explodes(submission):
        if submission.original_name.endswith(".pdf"):
            raise RecursionError("maximum recursion depth exceeded\nin the PDF")
        return submission

    monkeypatch.setattr(intake.pdfsub, "unwrap", explodes)
    found = {s.original_name: s for s in intake.collect([tmp_path])}
    assert (found["a.pdf"].status, found["a.pdf"].reason) == (
        "unreadable", "RecursionError: maximum recursion depth exceeded in the PDF")
    assert found["b.ipynb"].status == "" and found["b.ipynb"].student_id == "42"


def test_an_attempt_with_several_notebooks_is_flagged_not_silently_resolved(tmp_path):
    folder = download(tmp_path / "dl", [
        ("ab12", "2026-10-20-09-00-00", "a.ipynb", notebook()),
        ("cd34", "2026-10-20-09-00-00", "hw.ipynb", notebook())])
    (folder / "Homework_ab12_attempt_2026-10-20-09-00-00.txt").write_text(
        receipt("ab12", "2026-10-20-09-00-00", "a.ipynb", "b.ipynb"))
    (folder / "Homework_ab12_attempt_2026-10-20-09-00-00_b.ipynb").write_bytes(notebook())
    found = {s.original_name: s for s in intake.collect([folder]) if s.student_id == "ab12"}
    assert found["a.ipynb"].superseded_by == found["b.ipynb"].label
    assert found["b.ipynb"].flags == ["intake: attempt 2026-10-20-09-00-00 holds 2 notebooks; "
                                      "'b.ipynb' is graded, the others are listed as superseded"]


def test_the_graders_own_output_folder_is_not_a_submission(tmp_path):
    folder = tmp_path / "download"
    (folder / "graded" / ".cache").mkdir(parents=True)
    (folder / "a.ipynb").write_bytes(notebook("1"))
    (folder / "graded" / "grades.csv").write_text("submission,student_id\n")
    (folder / "graded" / ".cache" / "x.json").write_text("{}")
    assert [s.original_name for s in intake.collect([folder], skip=[folder / "graded"])] == [
        "a.ipynb"]
    assert len(intake.collect([folder])) == 3


def test_a_students_zip_in_a_download_folder_is_their_submission_not_opened(tmp_path):
    inner = zip_of(tmp_path / "inner.zip", [(IMITATION, notebook("2"))])
    folder = download(tmp_path / "dl", [
        ("victim", "2026-10-20-09-00-00", "hw.ipynb", notebook("1")),
        ("mallory", "2026-10-21-09-00-00", "hw.zip", inner.read_bytes())])
    zip_of(folder / "gradebook_course_Homework_2026-10-22-00-00-00.zip",
           [("Homework_other_attempt_2026-10-20-10-00-00_hw.ipynb", notebook("3"))])
    found = sorted((s.student_id, s.original_name, s.superseded_by) for s in
                   intake.collect([folder]))
    assert found == [("mallory", "hw.zip", ""), ("other", "hw.ipynb", ""),
                     ("victim", "hw.ipynb", "")]
