"""Every file its own row, always, with the right student (issue 11).

Classes are made here the way they reach a TA: a Blackboard download (files and receipts) in a
folder outside the repository, graded with ``grade.main`` as the ``grade`` verb does.
"""
import dataclasses
import json
import shutil

import nbclient
import nbformat
import pytest

from autograder import paths
from autograder.authoring import samples
from autograder.grading import grade, intake, tamper
from conftest import HOMEWORKS, ROOT

HW = "rnn_attention"


def released(hw=HW):
    return nbformat.read(paths.release_dir(hw) / f"{hw}.ipynb", as_version=4)


def answered(hw=HW):
    """The released notebook with the key's answers written into its answer cells."""
    nb = released(hw)
    key = {c.get("id"): c.source for c in nbformat.read(paths.answer_key(hw), as_version=4).cells}
    for cell in nb.cells:
        if "otter_answer_cell" in cell.metadata.get("tags", []):
            cell.source = key[cell.get("id")]
    return nb


def as_bytes(nb):
    return (nbformat.writes(nb) + "\n").encode()


def blackboard_download(folder, attempts):
    """``attempts``: (username, attempt time, bytes); written as Blackboard names them."""
    folder.mkdir()
    for username, attempt, data in attempts:
        stem = f"Homework 2_{username}_attempt_{attempt}"
        (folder / f"{stem}_{HW}.ipynb").write_bytes(data)
        (folder / f"{stem}.txt").write_text(
            f"Name: A Student ({username})\nAssignment: Homework 2\n\nFiles:\n"
            f"\tOriginal filename: {HW}.ipynb\n\tFilename: {stem}_{HW}.ipynb\n")
    return folder


def outputs(out):
    """Every output file (not the cache) and its bytes."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and ".cache" not in p.relative_to(out).parts}


def rows_as_dicts(rows):
    return [dataclasses.asdict(r) for r in rows]


# --------------------------------------------------------------------------------------------
# byte-identical notebooks, re-run from the cache

@pytest.fixture(scope="module")
def duplicates(tmp_path_factory):
    blank, full = as_bytes(released()), as_bytes(answered())
    folder = blackboard_download(tmp_path_factory.mktemp("class") / "download", [
        ("s01", "2026-10-20-09-00-00", blank), ("s02", "2026-10-20-09-01-00", blank),
        ("s03", "2026-10-20-09-02-00", blank), ("s04", "2026-10-20-09-03-00", full),
        ("s05", "2026-10-20-09-04-00", full), ("s06", "2026-10-20-09-05-00", full),
        ("s06", "2026-10-21-09-05-00", full)])
    out = tmp_path_factory.mktemp("out")
    first = grade.main(HW, [folder], out, timeout=20, progress=False, log=lambda *_: None)
    first_outputs = outputs(out)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(grade, "run_one", _no_sandbox)
        again = grade.main(HW, [folder], out, timeout=20, progress=False, log=lambda *_: None)
    return folder, out, first, first_outputs, again


def _no_sandbox(*args, **kwargs):
    raise AssertionError("a cached submission was run again")


def test_each_student_keeps_their_own_row(duplicates):
    _, _, first, _, _ = duplicates
    assert [(r.student_id, r.status, r.total) for r in first] == [
        ("s01", "ok", 0), ("s02", "ok", 0), ("s03", "ok", 0), ("s04", "ok", 85),
        ("s05", "ok", 85), ("s06", "superseded", 0), ("s06", "ok", 85)]


def test_a_rerun_from_the_cache_reproduces_the_first_runs_rows_exactly(duplicates):
    _, out, first, first_outputs, again = duplicates
    assert rows_as_dicts(again) == rows_as_dicts(first)
    now = outputs(out)
    for name in ("grades.csv", "blackboard.csv"):
        assert now[name] == first_outputs[name], name
    assert sorted(now) == sorted(first_outputs)
    usernames = [line.split(",")[0] for line in now["blackboard.csv"].decode().splitlines()[1:]]
    assert usernames == ['"s01"', '"s02"', '"s03"', '"s04"', '"s05"', '"s06"']


def test_the_cache_is_keyed_by_student_attempt_and_bytes(duplicates):
    folder, out, _, _, _ = duplicates
    found = intake.collect([folder])
    bundle = grade.bundle_mod.load(paths.bundle(HW), HW)
    keys = {grade._cache_path(out, s, bundle) for s in found}
    assert len(keys) == len(found)  # seven files, three distinct contents


def test_outputs_are_replaced_only_when_all_are_written(duplicates, monkeypatch):
    folder, out, _, _, _ = duplicates
    before = outputs(out)
    real = grade.write_outputs

    def fails_half_way(target, *args, **kwargs):
        real(target, *args, **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(grade, "write_outputs", fails_half_way)
    monkeypatch.setattr(grade, "run_one", _no_sandbox)
    with pytest.raises(RuntimeError, match="disk full"):
        grade.main(HW, [folder], out, column_id="_1234_1", progress=False, log=lambda *_: None)
    assert outputs(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".staging")]
    monkeypatch.setattr(grade, "write_outputs", real)
    grade.main(HW, [folder], out, column_id="_1234_1", progress=False, log=lambda *_: None)
    assert b"|_1234_1" in (out / "blackboard.csv").read_bytes()


# --------------------------------------------------------------------------------------------
# failures while reading, running or judging one submission

EXPLODING = {"explodes_recursion.ipynb": RecursionError("maximum recursion depth exceeded"),
             "explodes_memory.ipynb": MemoryError(),
             "explodes_value.ipynb": ValueError("payload\ndoes not decode")}


def replaces_json_dumps():
    nb = answered()
    nb.cells.append(nbformat.v4.new_code_cell(
        "import json\n\n\ndef f(*a, **k):\n    return \"x\"\n\n\njson.dumps = f"))
    return as_bytes(nb)


@pytest.fixture(scope="module")
def failures(tmp_path_factory):
    folder = tmp_path_factory.mktemp("failures") / "class"
    folder.mkdir()
    (folder / "nested.ipynb").write_bytes(b"[" * 200_000)
    (folder / "dumps.ipynb").write_bytes(replaces_json_dumps())
    (folder / "fine.ipynb").write_bytes(as_bytes(answered()))
    with open(folder / "huge.ipynb", "wb") as f:
        f.truncate(101 * 2 ** 20)  # sparse; over the 100 MB cap
    for name in [*EXPLODING, "run_fails.ipynb"]:
        (folder / name).write_bytes(as_bytes(released()))
    real_judge, real_run = grade.judge_one, grade.run_one

    def judge_one(submission, *args):
        for name, exc in EXPLODING.items():
            if submission.label.endswith(name):
                raise exc
        return real_judge(submission, *args)

    def run_one(submission, *args):
        if submission.label.endswith("run_fails.ipynb"):
            raise OSError("no sandbox for you")
        return real_run(submission, *args)

    out = tmp_path_factory.mktemp("out")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(grade, "judge_one", judge_one)
        patch.setattr(grade, "run_one", run_one)
        rows = grade.main(HW, [folder], out, timeout=20, progress=False, log=lambda *_: None)
    return {r.submission.split("/")[-1]: r for r in rows}, out


def test_every_file_gets_a_row_and_the_batch_completes(failures):
    rows, out = failures
    assert sorted(rows) == sorted(["nested.ipynb", "dumps.ipynb", "fine.ipynb", "huge.ipynb",
                                   "run_fails.ipynb", *EXPLODING])
    lines = (out / "grades.csv").read_text().splitlines()
    assert len(lines) == 1 + len(rows)
    assert rows["fine.ipynb"].status == "ok" and rows["fine.ipynb"].total == 85


def test_deeply_nested_json_is_an_invalid_notebook(failures):
    rows, _ = failures
    row = rows["nested.ipynb"]
    assert (row.status, row.total) == ("invalid-notebook", 0)
    assert "nested too deeply" in row.reason


def test_a_notebook_replacing_json_dumps_earns_nothing_it_did_not_answer(failures):
    rows, _ = failures
    row = rows["dumps.ipynb"]
    assert row.total <= 85
    assert row.status == "ok" or row.reason


@pytest.mark.parametrize("name", [*EXPLODING, "run_fails.ipynb"])
def test_a_grader_side_failure_is_that_rows_status(failures, name):
    rows, out = failures
    row = rows[name]
    assert row.status == "grader-error" and row.total == 0
    assert "\n" not in row.reason and len(row.reason) <= 300
    expected = type(EXPLODING[name]).__name__ if name in EXPLODING else "OSError"
    assert row.reason.startswith(expected)
    assert f"grader-error: {row.reason}" in (out / "grades.csv").read_text()


def test_too_large_files_get_a_row_and_are_not_read(failures):
    rows, _ = failures
    row = rows["huge.ipynb"]
    assert row.status == "too-large" and "per file" in row.reason and row.total == 0


# --------------------------------------------------------------------------------------------
# honest notebooks carry no tamper flag

def test_the_samples_are_made_like_students_make_them_and_carry_no_flag():
    for hw in HOMEWORKS:
        release = json.loads((paths.release_dir(hw) / f"{hw}.ipynb").read_text("utf-8"))
        for path in sorted(paths.samples_dir(hw).glob("*.ipynb")):
            try:
                nb = json.loads(path.read_text("utf-8"))
            except ValueError:
                continue  # the truncated sample
            assert tamper.inspect(release, nb)[0] == [], path


def test_the_samples_are_current_and_byte_deterministic(tmp_path):
    for hw in HOMEWORKS:
        for part in ("notebooks", "release", "solutions"):
            source = ROOT / part / hw
            shutil.copytree(source, tmp_path / part / hw,
                            ignore=shutil.ignore_patterns("*.zip", "*.pdf", "tests"))
        samples.main(hw, root=tmp_path, log=lambda *_: None)
        made = sorted(p.name for p in (tmp_path / "samples" / hw).iterdir())
        assert made == sorted(p.name for p in paths.samples_dir(hw).iterdir()), hw
        for name in made:
            assert (tmp_path / "samples" / hw / name).read_bytes() == (
                paths.samples_dir(hw) / name).read_bytes(), (hw, name)
        assert (tmp_path / "samples" / f"{hw}.md").read_bytes() == (
            ROOT / "samples" / f"{hw}.md").read_bytes()


def jupyterlab_save(nb):
    """What JupyterLab 4 adds when a student works in it and saves: trusted, collapsed and
    scrolled outputs, a hidden source, and its JSON layout (indent 1, sorted keys, UTF-8)."""
    for k, cell in enumerate(nb.cells):
        cell.metadata["trusted"] = True
        if cell.cell_type == "code":
            cell.metadata["collapsed"] = k % 3 == 0
            cell.metadata["scrolled"] = "auto" if k % 2 else True
            if k % 5 == 0:
                cell.metadata["jupyter"] = {"source_hidden": True, "outputs_hidden": False}
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def test_a_notebook_filled_run_and_saved_in_jupyterlab_carries_no_flag(tmp_path):
    hw = "mhsa_causal"
    folder = tmp_path / hw
    shutil.copytree(paths.release_dir(hw), folder)
    nb = answered(hw)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "**STUDENT ID:**" in cell.source:
            cell.source = cell.source.replace("**STUDENT ID:**", "**STUDENT ID:** 1234567")
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                            record_timing=True, skip_cells_with_tag="export",
                            resources={"metadata": {"path": str(folder)}}).execute()
    saved = json.loads(jupyterlab_save(nb))
    assert any("execution" in c["metadata"] for c in saved["cells"])  # nbclient's timings
    assert not [o for c in saved["cells"] for o in c.get("outputs", [])
                if o.get("output_type") == "error"]
    release = json.loads((paths.release_dir(hw) / f"{hw}.ipynb").read_text("utf-8"))
    assert tamper.inspect(release, saved)[0] == []


def test_an_output_folder_inside_the_class_folder_is_not_graded_on_a_rerun(tmp_path):
    folder = blackboard_download(tmp_path / "download", [
        ("s01", "2026-10-20-09-00-00", as_bytes(released())),
        ("s02", "2026-10-20-09-01-00", as_bytes(released()))])
    out = folder / "graded"
    first = grade.main(HW, [folder], out, timeout=20, progress=False, log=lambda *_: None)
    again = grade.main(HW, [folder], out, timeout=20, progress=False, log=lambda *_: None)
    assert [r.student_id for r in first] == ["s01", "s02"]
    assert rows_as_dicts(again) == rows_as_dicts(first)


def test_the_printed_table_keeps_long_question_names_apart():
    import types

    bundle = types.SimpleNamespace(autograded=[{"name": q} for q in ("q2_3", "style_1",
                                                                     "style_2")])
    row = grade.Row("a.ipynb", "student01", "ok", scores={"q2_3": 2.0, "style_1": 0.0,
                                                          "style_2": -1.0})
    header, line = grade.summary_table(bundle, [row]).splitlines()[:2]
    assert header.split()[2:] == ["q2_3", "style_1", "style_2", "total"]
    assert line.split()[2:] == ["2", "0", "-1", "1"]
