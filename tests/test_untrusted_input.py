"""Every parser of student input runs with limits (issue 16): a hostile PDF, notebook, zip,
receipt or roster costs its own row (or one error line), never the class or the TA's machine.

The hostile files are made here: PDFs whose name tree, page tree, nesting or FlateDecode stream
explode, one whose forms keep pdftotext busy, garbage and truncated PDFs; notebooks whose JSON
explodes in memory or nests too deeply; zip bombs, a zip of 10^5 members, members named outside
the zip or too long; a 50 MB receipt; rosters with a field over 128 KB, in UTF-16, too large. The
class test grades them beside honest students with ``python -m autograder grade``, as root and
as uid 65534, and measures the grader's own peak memory (getrusage in its own process)."""
import codecs
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import nbformat  # noqa: F401 - imported before any timing, as the grader has it
import psutil
import pypdf  # noqa: F401
import pytest

from autograder.grading import gradebook, intake, pdfsub, untrusted
from autograder.student import pdf as student_pdf
from conftest import ROOT
from memory import peak_mb
import ta_run

HW = "rnn_attention"
SAMPLES = ROOT / "samples" / HW
MB = 2 ** 20


# --------------------------------------------------------------------------------------------
# hostile PDFs, written object by object

def make_pdf(objects, root=1):
    """A PDF of ``objects`` ({number: body}) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += (b"%010d 00000 n \n" % offsets[number] if number in objects
                else b"0000000000 65535 f \n")
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def stream(data, extra=b""):
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


PAGES = {2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
         3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"}


def attached(embedded_file, names=b"[(hw.ipynb) 6 0 R]", kids=None, page=None):
    """A one-page PDF whose EmbeddedFiles name tree holds ``embedded_file`` (object 8)."""
    tree = b"<< /Kids [%s] >>" % kids if kids is not None else b"<< /Names %s >>" % names
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R /Names 4 0 R >>", **PAGES,
               4: b"<< /EmbeddedFiles 5 0 R >>", 5: tree,
               6: b"<< /Type /Filespec /F (hw.ipynb) /EF << /F 8 0 R >> >>", 8: embedded_file}
    objects.update(page or {})
    return make_pdf(objects)


def name_tree_bomb():
    """One name-tree kid listed 100 000 times, each listing 20 000 files: 2e9 attachments."""
    pairs = b" ".join(b"(n%d.ipynb) 6 0 R" % i for i in range(20_000))
    return attached(stream(b"{}", b" /Type /EmbeddedFile"), kids=b"7 0 R " * 100_000,
                    page={7: b"<< /Names [" + pairs + b"] >>"})


def page_tree_bomb(depth=40):
    """Every page-tree node lists its child twice: 2^40 pages."""
    objects = {1: b"<< /Type /Catalog /Pages 10 0 R >>"}
    for level in range(depth):
        objects[10 + level] = b"<< /Type /Pages /Kids [%d 0 R %d 0 R] /Count %d >>" % (
            11 + level, 11 + level, 2 ** (depth - level))
    objects[10 + depth] = b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 9 9] >>" % (9 + depth)
    return make_pdf(objects)


def flate_bomb(mb=400):
    """The attachment is 400 MB of zeros in a FlateDecode stream of 400 KB."""
    deflate = zlib.compressobj(9)
    data = b"".join(deflate.compress(bytes(MB)) for _ in range(mb)) + deflate.flush()
    return attached(stream(data, b" /Type /EmbeddedFile /Filter /FlateDecode"))


def nested_pdf(depth=200_000):
    return make_pdf({1: b"<< /Type /Catalog /Pages 2 0 R /X " + b"[" * depth + b"]" * depth
                        + b" >>", **PAGES})


def lying_length():
    """An attachment stream that declares 10^11 bytes."""
    return attached(b"<< /Length 99999999999 /Type /EmbeddedFile >>\nstream\n{}\nendstream")


def forms_bomb(notebook, depth=32):
    """Forms drawing forms: each draws the next twice, 2^32 drawings for pdftotext; the PDF
    embeds ``notebook`` as the export cell would."""
    page = {3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 9 0 R "
               b"/Resources << /XObject << /F0 20 0 R >> >> >>", 9: stream(b"/F0 Do")}
    for level in range(depth):
        last = level == depth - 1
        resources = b"" if last else b" /Resources << /XObject << /F0 %d 0 R >> >>" % (21 + level)
        page[20 + level] = stream(b"0 0 1 1 re f" if last else b"/F0 Do /F0 Do",
                                  b" /Type /XObject /Subtype /Form /BBox [0 0 200 200]"
                                  + resources)
    page[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    page[2] = PAGES[2]
    return student_pdf.embed(make_pdf(page), notebook, f"{HW}.ipynb")


HOSTILE_PDFS = {
    "garbage": lambda: b"%PDF-1.7\n" + os.urandom(4096),
    "truncated": lambda: flate_bomb(1)[:700],
    "nested": nested_pdf,
    "name-tree": name_tree_bomb,
    "page-tree": page_tree_bomb,
    "flate-bomb": flate_bomb,
    "lying-length": lying_length,
}


def unwrap(data):
    return pdfsub.unwrap(intake.Submission("x.pdf", data, original_name="x.pdf"))


# --------------------------------------------------------------------------------------------
# the mechanism

def _allocate(mb):
    return len(bytearray(mb * MB))


def _spin():
    while True:
        pass


def _sleep_with_child(pid_file):
    child = subprocess.Popen(["sleep", "300"])
    Path(pid_file).write_text(str(child.pid))
    time.sleep(300)


def _fail():
    raise KeyError("a\nmultiline " + "x" * 1000)


def test_a_child_answers_with_json_and_a_failure_is_one_bounded_line():
    assert untrusted.run(sorted, [3, 1, 2]) == [1, 2, 3]
    with pytest.raises(untrusted.Refused) as caught:
        untrusted.run(_fail)
    reason = str(caught.value)
    assert reason.startswith("KeyError:") and "\n" not in reason and len(reason) <= 300


def test_memory_beyond_the_limit_stops_the_child_not_the_grader():
    before = peak_mb(reset=True)
    with pytest.raises(untrusted.Refused, match="more than 64 MB of memory"):
        untrusted.run(_allocate, 2048, limits=untrusted.Limits(memory_mb=64))
    assert untrusted.run(_allocate, 16, limits=untrusted.Limits(memory_mb=64)) == 16 * MB
    assert peak_mb() - before < 50


def test_cpu_and_wall_time_are_bounded():
    started = time.monotonic()
    with pytest.raises(untrusted.Refused, match="more than 1 s of CPU"):
        untrusted.run(_spin, limits=untrusted.Limits(cpu_seconds=1, wall_seconds=60))
    with pytest.raises(untrusted.Refused, match="did not finish within 1 s"):
        untrusted.run(time.sleep, 60, limits=untrusted.Limits(wall_seconds=1))
    assert time.monotonic() - started < 40  # CPU time on a loaded machine takes longer


def test_a_result_beyond_its_bound_is_refused():
    with pytest.raises(untrusted.Refused, match="larger than 1 KB"):
        untrusted.run(str, "x" * 5000, limits=untrusted.Limits(result_bytes=1024))


def test_a_program_the_child_started_dies_with_it(tmp_path):
    pid_file = tmp_path / "pid"
    with pytest.raises(untrusted.Refused):
        untrusted.run(_sleep_with_child, str(pid_file), limits=untrusted.Limits(wall_seconds=2))
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                break
        except psutil.NoSuchProcess:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the program started by the child outlived it")


def test_a_child_that_cannot_start_costs_the_file_its_row(monkeypatch, tmp_path):
    def no_process():
        raise BlockingIOError(11, "Resource temporarily unavailable")
    monkeypatch.setattr(os, "fork", no_process)
    with pytest.raises(untrusted.Refused, match="no reader could be started"):
        untrusted.run(len, "x")
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.7\n")
    (tmp_path / "big.ipynb").write_bytes(b'{"cells": [], "x": "' + b"y" * (3 * MB) + b'"}')
    (tmp_path / "small.ipynb").write_bytes(b'{"cells": []}')
    found = collected(tmp_path)
    assert found["a.pdf"].status == "invalid-pdf" and found["big.ipynb"].status == (
        "invalid-notebook") and found["small.ipynb"].status == ""


def test_a_program_gets_absolute_limits():
    done = subprocess.run([sys.executable, "-c", "bytearray(1 << 30)"], capture_output=True,
                          preexec_fn=untrusted.program_limits(untrusted.Limits(memory_mb=256)),
                          check=False)
    assert done.returncode != 0 and b"MemoryError" in done.stderr


def test_the_fixed_cost_of_a_child_is_small():
    untrusted.run(len, "warm")
    count, started, cpu = 20, time.perf_counter(), time.process_time()
    for _ in range(count):
        untrusted.run(len, "x")
    wall = (time.perf_counter() - started) / count
    print(f"untrusted.run: {wall * 1000:.1f} ms wall, "
          f"{(time.process_time() - cpu) / count * 1000:.1f} ms grader CPU per call")
    assert wall < 0.25  # a fork of the grader: a few ms idle, more on a loaded machine


# --------------------------------------------------------------------------------------------
# PDFs

@pytest.mark.parametrize("kind", sorted(HOSTILE_PDFS))
def test_a_hostile_pdf_is_one_invalid_pdf_row_in_bounded_time_and_memory(kind):
    data = HOSTILE_PDFS[kind]()
    before, started = peak_mb(reset=True), time.monotonic()
    submission = unwrap(data)
    took = time.monotonic() - started
    assert submission.status == "invalid-pdf", (kind, submission.status, submission.reason)
    assert submission.reason and "\n" not in submission.reason and len(submission.reason) < 300
    assert took < pdfsub.PDF_LIMITS.wall_seconds + 5, took
    assert peak_mb() - before < 100  # the grader's own process: the child's memory is not it


def test_a_pdf_that_keeps_pdftotext_busy_costs_seconds_and_its_own_flag():
    notebook = next(SAMPLES.glob("*student01*.ipynb")).read_bytes()
    data = forms_bomb(notebook)
    started = time.monotonic()
    submission = unwrap(data)
    took = time.monotonic() - started
    assert submission.status == "" and submission.data == notebook
    assert any("cannot be read" in flag for flag in submission.flags), submission.flags
    assert took < pdfsub.PDF_LIMITS.wall_seconds + 5, took
    assert not [p for p in psutil.process_iter(["name"]) if p.info["name"] == "pdftotext"
                and p.status() != psutil.STATUS_ZOMBIE]


def test_an_honest_pdf_reads_as_before_and_its_added_cost_is_measured():
    notebook = next(SAMPLES.glob("*student01*.ipynb")).read_bytes()
    writer_pdf = make_pdf({1: b"<< /Type /Catalog /Pages 2 0 R >>", **PAGES})
    data = student_pdf.embed(writer_pdf, notebook, f"{HW}.ipynb")
    unwrap(data)  # imports
    started = time.perf_counter()
    submission = unwrap(data)
    limited = time.perf_counter() - started
    started = time.perf_counter()
    _, inline, stated = student_pdf.attachment(data)
    flags = pdfsub.pdf_flags(data, inline, stated)
    direct = time.perf_counter() - started
    print(f"honest PDF: {limited * 1000:.0f} ms in a child, {direct * 1000:.0f} ms in process")
    assert submission.status == "" and submission.data == notebook == inline
    assert submission.flags == flags


# --------------------------------------------------------------------------------------------
# notebooks, zips, receipts (through intake.collect, as the grader reads them)

def collected(*paths, caps=intake.Caps()):
    return {s.label.split("/")[-1]: s for s in intake.collect(paths, caps)}


def test_notebook_json_that_explodes_or_nests_is_refused_by_a_limited_child(tmp_path):
    (tmp_path / "boxes.ipynb").write_bytes(b'{"cells": [], "x": [' + b"{}," * 4_000_000
                                           + b"{}]}")
    (tmp_path / "deep.ipynb").write_bytes(b"[" * 3_000_000 + b"]" * 3_000_000)
    honest = next(SAMPLES.glob("*student01*.ipynb")).read_text("utf-8")
    big = honest.replace('"cells": [', '"cells": [{"cell_type": "raw", "metadata": {}, '
                         '"source": "' + "y" * 5_000_000 + '"},', 1)
    (tmp_path / "big-honest.ipynb").write_text(big, "utf-8")
    before = peak_mb(reset=True)
    found = collected(tmp_path)
    assert found["boxes.ipynb"].status == "invalid-notebook"
    assert "memory" in found["boxes.ipynb"].reason, found["boxes.ipynb"].reason
    assert found["deep.ipynb"].status == "invalid-notebook"
    assert "nested too deeply" in found["deep.ipynb"].reason
    assert found["big-honest.ipynb"].status == ""  # an honest large notebook is read
    assert peak_mb() - before < 150  # the 12 MB of boxes alone would take over 250 MB here


def test_a_500_mb_notebook_is_never_read(tmp_path):
    with open(tmp_path / "huge.ipynb", "wb") as handle:
        handle.truncate(500 * MB)  # sparse: claims 500 MB
    before = peak_mb(reset=True)
    found = collected(tmp_path)
    assert found["huge.ipynb"].status == "too-large" and peak_mb() - before < 20


def raw_zip(members):
    """A zip written by hand: (name, data as stored, method, crc, declared size) members, so
    that a bomb's members can share one compressed stream and a directory can be huge fast."""
    out, directory = bytearray(), bytearray()
    for name, data, method, crc, size in members:
        name = name.encode("utf-8")
        header = struct.pack("<HHHHHIIIHH", 20, 0, method, 0, 0, crc, len(data), size,
                             len(name), 0)
        directory += b"PK\x01\x02" + struct.pack("<H", 20) + header + struct.pack(
            "<HHHII", 0, 0, 0, 0, len(out)) + name
        out += b"PK\x03\x04" + header + name + data
    count = min(len(members), 0xFFFF)  # more: zipfile reads the directory to its end anyway
    end = struct.pack("<HHHHIIH", 0, 0, count, count, len(directory), len(out), 0)
    return bytes(out + directory + b"PK\x05\x06" + end)


def stored(name, data):
    return name, data, 0, zlib.crc32(data), len(data)


def test_zip_bombs_are_a_row_per_member_and_a_zip_of_100000_members_one_row(tmp_path):
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = b"".join(deflate.compress(bytes(MB)) for _ in range(99)) + deflate.flush()
    crc = zlib.crc32(bytes(99 * MB))
    (tmp_path / "bomb.zip").write_bytes(raw_zip([(f"m{i}.ipynb", zeros, 8, crc, 99 * MB)
                                                 for i in range(12)]))
    lying = [(f"l{i}.ipynb", zeros, 8, crc, 100) for i in range(30)]
    (tmp_path / "liar.zip").write_bytes(raw_zip(lying))
    (tmp_path / "many.zip").write_bytes(raw_zip([stored(f"n{i}.ipynb", b"{}")
                                                 for i in range(100_000)]))
    before, started = peak_mb(reset=True), time.monotonic()
    bomb = intake.collect([tmp_path / "bomb.zip"])  # 1.2 GB: a row per member, none inflated
    assert sorted((s.original_name, s.status) for s in bomb) == sorted(
        (f"m{i}.ipynb", "too-large") for i in range(12))
    assert all("compressed" in s.reason and s.data == b"" for s in bomb)
    [many] = intake.collect([tmp_path / "many.zip"])
    assert many.status == "too-large" and "a zip of 100000 files" in many.reason
    liar = intake.collect([tmp_path / "liar.zip"])  # zipfile inflates only the stated size
    assert len(liar) == 30 and {s.status for s in liar} == {"unreadable"}
    assert all("CRC" in s.reason for s in liar)
    assert time.monotonic() - started < 60 and peak_mb() - before < 400


def test_zip_members_named_outside_or_too_long_or_nested_are_their_own_rows(tmp_path):
    notebook = next(SAMPLES.glob("*student01*.ipynb")).read_bytes()
    inner = raw_zip([stored("inner.ipynb", notebook)])
    (tmp_path / "download.zip").write_bytes(raw_zip([
        stored("good.ipynb", notebook), stored("../../escape.ipynb", notebook),
        stored("/etc/abs.ipynb", notebook), stored("x" * 600 + ".ipynb", notebook),
        stored("nested.zip", inner)]))
    found = intake.collect([tmp_path / "download.zip"])
    by_name = {s.original_name: s for s in found}
    assert len(found) == 5
    assert by_name["good.ipynb"].status == "" and by_name["good.ipynb"].data == notebook
    assert by_name["escape.ipynb"].status == "unreadable" == by_name["abs.ipynb"].status
    assert "leaves the zip" in by_name["escape.ipynb"].reason
    long_row = next(s for s in found if s.status == "too-large")
    assert "600" not in long_row.label and len(long_row.label) < 200
    assert by_name["nested.zip"].status == "" and by_name["nested.zip"].data == inner
    assert not (tmp_path.parent / "escape.ipynb").exists()


def test_a_zip_directory_beyond_the_child_limits_is_one_row(tmp_path, monkeypatch):
    (tmp_path / "dir.zip").write_bytes(raw_zip([stored(f"n{i:06d}.ipynb" + "y" * 200, b"{}")
                                                for i in range(200_000)]))
    monkeypatch.setattr(intake, "ZIP_LIMITS", untrusted.Limits(memory_mb=32, result_bytes=1024))
    found = intake.collect([tmp_path / "dir.zip"])
    assert [s.status for s in found] == ["too-large"]
    assert "within limits" in found[0].reason and "memory" in found[0].reason


def test_a_50_mb_receipt_is_not_read_and_the_notebook_is_graded(tmp_path):
    stem = "Homework 2_ab12_attempt_2026-10-01-10-00-00"
    notebook = next(SAMPLES.glob("*student01*.ipynb")).read_bytes()
    (tmp_path / f"{stem}_hw.ipynb").write_bytes(notebook)
    (tmp_path / f"{stem}.txt").write_bytes(b"Name: A (ab12)\n" + b"\n" * (25 * MB)
                                           + b" Filename: \t" * (2 * MB))
    started = time.monotonic()
    found = intake.collect([tmp_path])
    assert time.monotonic() - started < 10
    assert len(found) == 1 and found[0].status == "" and found[0].student_id == "ab12"
    assert any("larger than 64 KB" in flag for flag in found[0].flags), found[0].flags


def test_receipt_patterns_take_linear_time():
    for text in (b"\n" * 60_000, b"Filename:a" + b" " * 60_000 + b"b\n",
                 b"Name: (" + b"a" * 60_000 + b"\n", b"Name: x (a)" + b" " * 60_000 + b"x\n"):
        started = time.monotonic()
        intake.receipt_files(text), intake.receipt_username(text)
        assert time.monotonic() - started < 0.5
    assert intake.receipt_files(b"Name: A (ab12)\n  Filename:  x y.ipynb \r\n") == ["x y.ipynb"]


# --------------------------------------------------------------------------------------------
# rosters

def test_a_roster_with_a_field_over_128_kb_is_one_clear_error_line(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("Username,Student ID,First Name\nab12,1," + "x" * 129 * 1024 + "\n",
                      "utf-8")
    with pytest.raises(ValueError, match="field larger than field limit") as caught:
        gradebook.read_roster(roster)
    assert "\n" not in str(caught.value)
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", HW, str(tmp_path),
                           "--roster", str(roster), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "roster" in done.stderr


def test_rosters_in_utf16_read_and_broken_ones_are_one_line(tmp_path):
    text = "Username\tStudent ID\tFirst Name\tLast Name\nab12\t42\tA\tB\n"
    (tmp_path / "utf16.csv").write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert gradebook.read_roster(tmp_path / "utf16.csv") == [
        {"username": "ab12", "student_id": "42", "name": "A B"}]
    broken = {"no-bom.csv": text.encode("utf-16-le"),
              "odd.csv": codecs.BOM_UTF16_LE + text.encode("utf-16-le") + b"\x00",
              "huge.csv": b"Username\n" + b"a\n" * (9 * MB),
              "rows.csv": b"Username\n" + b"a\n" * 100_001}
    for name, data in broken.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(ValueError) as caught:
            gradebook.read_roster(tmp_path / name)
        assert "\n" not in str(caught.value) and name in str(caught.value), name


# --------------------------------------------------------------------------------------------
# a hostile class, graded by `python -m autograder grade`, as root and as uid 65534

# The grader's own peak is its memory's high-water mark (VmHWM), not getrusage's ru_maxrss: Linux
# carries the maximum over an exec, so ru_maxrss would report pytest's own peak (the process
# that started the grader), which grows with the rest of the suite (1.45 GB in a full run)
PEAK = ("import runpy, sys\n"
        "sys.argv = ['autograder'] + sys.argv[1:]\n"
        "try:\n"
        "    runpy.run_module('autograder', run_name='__main__')\n"
        "finally:\n"
        "    hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')]\n"
        "    print('peak-kb', hwm[0].split()[1], file=sys.stderr)\n")
GRADER_PEAK_MB = 1200  # the grader's own peak: 0.9 GB on the two honest students alone (torch)


def hostile_class(folder):
    """Two honest students from the sample class and one Blackboard attempt per attack."""
    folder.mkdir(parents=True)
    for student in ("student01", "student04"):
        for path in SAMPLES.glob(f"*_{student}_*"):
            shutil.copy(path, folder / path.name)
    honest = next(SAMPLES.glob("*student01*.ipynb")).read_bytes()
    attacks = {"evil1": ("hw.pdf", name_tree_bomb()), "evil2": ("hw.pdf", flate_bomb()),
               "evil3": ("hw.pdf", b"%PDF-1.4\n" + os.urandom(2000)),
               "evil4": ("hw.pdf", forms_bomb(honest)),
               "evil5": ("hw.ipynb", b'{"cells": [], "x": [' + b"{}," * 4_000_000 + b"{}]}"),
               "evil6": ("hw.ipynb", b"[" * 500_000 + b"]" * 500_000),
               "evil7": ("hw.ipynb", honest)}
    for user, (name, data) in attacks.items():
        stem = f"Homework_{user}_attempt_2026-10-20-10-00-00"
        (folder / f"{stem}_{name}").write_bytes(data)
        receipt = f"Name: Evil ({user})\nFilename: {stem}_{name}\n".encode()
        if user == "evil7":
            receipt += b"\n" * (50 * MB)
        (folder / f"{stem}.txt").write_bytes(receipt)


def grade_class(user, workdir):
    hostile_class(workdir / "class")
    command, env = ta_run.grade_command(user, workdir, HW, entry=("-c", PEAK))
    command += ["grade", HW, "class", "--out", "out", "--quiet", "--timeout", "60"]
    started = time.monotonic()
    done = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True,
                          timeout=1200, check=False)
    return done, time.monotonic() - started


@pytest.fixture(params=["root", "unprivileged"], scope="module")
def graded_class(request):
    if request.param == "unprivileged" and os.geteuid() != 0:
        pytest.skip("needs root to switch to uid 65534")
    workdir = Path(tempfile.mkdtemp(prefix="hw-untrusted-"))
    workdir.chmod(0o755)
    done, took = grade_class(request.param, workdir)
    import csv
    with open(workdir / "out" / "grades.csv", newline="", encoding="utf-8") as handle:
        rows = {r["student_id"]: r for r in csv.DictReader(handle)}
    yield request.param, done, took, rows
    shutil.rmtree(workdir, ignore_errors=True)


def test_a_hostile_class_finishes_with_one_row_each_and_a_bounded_grader(graded_class):
    user, done, took, rows = graded_class
    assert done.returncode == 0, done.stderr[-3000:]
    peak = int(done.stderr.split("peak-kb")[-1].split()[0]) / 1024
    print(f"{user}: graded in {took:.0f} s, the grader's own peak {peak:.0f} MB")
    assert peak < GRADER_PEAK_MB
    assert set(rows) == {"student01", "student04"} | {f"evil{i}" for i in range(1, 8)}
    status = {who: row["status"].split(":")[0] for who, row in rows.items()}
    assert status["student01"] == "ok" and float(rows["student01"]["total"]) == 85
    assert status["student04"] in ("ok", "partial") and 0 < float(rows["student04"]["total"]) < 85
    for evil in ("evil1", "evil2", "evil3"):
        assert status[evil] == "invalid-pdf", rows[evil]
    assert status["evil5"] == status["evil6"] == "invalid-notebook"
    assert "memory" in rows["evil5"]["status"] and "nested" in rows["evil6"]["status"]
    assert status["evil4"] == status["evil7"] == "ok"  # their own notebooks, flagged
    assert "cannot be read" in rows["evil4"]["flags"] and "64 KB" in rows["evil7"]["flags"]
