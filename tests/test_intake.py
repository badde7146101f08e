"""Finding submissions and their students, on small files made here."""
import json
import zipfile

import pytest

from autograder import intake


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
