"""A hostile class, graded the way a TA grades it (the CLI, from a folder outside the project),
as root and as an unprivileged user: each attack ends fairly.

The class holds honest answer keys (the victims) beside submissions that try to read the project
tree, read another submission, signal other sandboxes, outlive the batch and rewrite its output,
and flood the grader. Every test asserts the fair outcome: the attackers gain nothing, every
victim keeps full marks, every file gets its row, no process is left, the outputs are the
grader's own.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil
import pytest

import ta_run
from conftest import ROOT

HW = "rnn_attention"
KEY = ROOT / "solutions" / HW / f"{HW}-key.ipynb"
RELEASE = ROOT / "release" / HW / f"{HW}.ipynb"
ASSIGNMENT = "Homework 2"

# Each attack is a class cell: its body runs while the notebook's definitions run. Those that
# find a notebook run its code cells (RUN_CELLS, indented into place) to take its answers.
RUN_CELLS = """for _cell in json.load(open(_path))["cells"]:
    if _cell["cell_type"] == "code":
        try:
            exec("".join(_cell["source"]), globals())
        except BaseException:
            pass"""
STEAL_SOURCE = '''
class Steal:
    import glob, json, os
    for _path in glob.glob("/**/notebooks/*/*.ipynb", recursive=True) + glob.glob(
            "/**/solutions/*/*-key.ipynb", recursive=True) + glob.glob(
            os.path.join(os.path.dirname(os.path.dirname(
                __import__("autograder").__file__ or "/")), "solutions", "*", "*-key.ipynb")):
        RUN_CELLS
'''.replace("RUN_CELLS", RUN_CELLS.replace("\n", "\n" + " " * 8))

STEAL_CLASSMATE = '''
class Copy:
    import glob, json, os
    for _pid in os.listdir("/proc"):
        try:
            _args = open(f"/proc/{_pid}/cmdline").read().split("\\0")
        except OSError:
            continue
        for _arg in _args:
            for _path in glob.glob(os.path.join(_arg, "**", "*victim*.ipynb"), recursive=True):
                RUN_CELLS
'''.replace("RUN_CELLS", RUN_CELLS.replace("\n", "\n" + " " * 16))

KILL_OTHERS = '''
class Kill:
    import os, signal, time
    if os.fork() == 0:
        os.setsid()
        __import__("ctypes").CDLL(None).prctl(15, b"hw-atk-kill")  # PR_SET_NAME
        _end = time.time() + 20
        while time.time() < _end:
            for _pid in os.listdir("/proc"):
                if _pid.isdigit() and int(_pid) != os.getpid():
                    try:
                        os.kill(int(_pid), signal.SIGKILL)
                    except OSError:
                        pass
            try:
                os.kill(-1, signal.SIGKILL)
            except OSError:
                pass
            time.sleep(0.05)
        os._exit(0)
'''

OUTLIVE_AND_REWRITE = '''
class Linger:
    import os, time
    _outs = []
    for _pid in os.listdir("/proc"):
        try:
            _args = open(f"/proc/{_pid}/cmdline").read().split("\\0")
        except OSError:
            continue
        _outs += [_args[i + 1] for i, a in enumerate(_args[:-1]) if a == "--out"]
    for _out in _outs + ["OUT_DIR"]:
        try:
            open(os.path.join(_out, "grades.csv"), "w").write("forged")
        except OSError:
            pass
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            __import__("ctypes").CDLL(None).prctl(15, b"hw-atk-linger")  # PR_SET_NAME
            _end = time.time() + 60
            while time.time() < _end:
                for _out in _outs + ["OUT_DIR"]:
                    for _name in ("grades.csv", "blackboard.csv"):
                        try:
                            open(os.path.join(_out, _name), "w").write("forged")
                        except OSError:
                            pass
                time.sleep(0.2)
        os._exit(0)
'''

FLOOD = '''
import sys
def rnn_step(x_t, h_prev, W_x, W_h, b):
    frame = sys._getframe()
    while "conn" not in frame.f_locals:  # the sandbox's own pipe, up the stack
        frame = frame.f_back
    conn = frame.f_locals["conn"]
    for _ in range(40):
        conn.send_bytes(b"x" * (48 * 2 ** 20))
    return torch.tanh(x_t @ W_x + h_prev @ W_h + b)
'''

ATTACKS = {"steal_source": STEAL_SOURCE, "steal_classmate": STEAL_CLASSMATE,
           "kill_others": KILL_OTHERS, "outlive_and_rewrite": OUTLIVE_AND_REWRITE}


def blank_with(extra):
    nb = nbformat.read(RELEASE, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(extra))
    return nbformat.writes(nb)


def key_with(replace_prefix, source):
    nb = nbformat.read(KEY, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith(replace_prefix):
            cell.source = source
    return nbformat.writes(nb)


def make_class(folder, out):
    """Blackboard-style files: victims (answer keys) and attackers (blank + attack cell)."""
    folder.mkdir(parents=True)
    files = {}
    key = KEY.read_text("utf-8")
    for k in range(3):
        files[f"victim{k}"] = key
    for name, attack in ATTACKS.items():
        files[name.replace("_", "")] = blank_with(attack.replace("OUT_DIR", str(out)))
    files["flooder"] = key_with("def rnn_step(", FLOOD)
    for user, text in files.items():
        stem = f"{ASSIGNMENT}_{user}_attempt_2026-10-01-10-00-00"
        (folder / f"{stem}_{user}_victim.ipynb" if user.startswith("victim") else
         folder / f"{stem}_hw.ipynb").write_text(text, "utf-8")
        (folder / f"{stem}.txt").write_text(f"Name: {user}\nAssignment: {ASSIGNMENT}\n", "utf-8")
    return files


def grade_as(user, workdir):
    """Run `python -m autograder grade` from ``workdir``, outside the project, as ``user``."""
    out = workdir / "out"
    files = make_class(workdir / "class", out)
    command, env = ta_run.grade_command(user, workdir, HW)
    started = time.time()
    with subprocess.Popen(command + ["grade", HW, "class", "--out", "out", "--quiet",
                                     "--timeout", "30"],
                          cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as process:
        peak = _peak_rss_mb(process)
        stdout, stderr = process.communicate(timeout=900)
    done = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    done.peak_rss_mb = peak
    return files, out, done, started


def _peak_rss_mb(process, every=0.1):
    """The grader's own resident memory at its highest while it runs (sampled)."""
    peak = 0
    try:
        grader = psutil.Process(process.pid)
        while process.poll() is None:
            peak = max(peak, grader.memory_info().rss)
            time.sleep(every)
    except psutil.Error:
        pass
    return peak / 2 ** 20


def attack_leftovers():
    """The attack daemons still running (they name themselves hw-atk-...)."""
    left = []
    for proc in psutil.process_iter(["pid", "name"]):
        if (proc.info["name"] or "").startswith("hw-atk"):
            left.append(proc.info)
    return left


@pytest.fixture(params=["root", "unprivileged"], scope="module")
def graded(request):
    workdir = Path(tempfile.mkdtemp(prefix="hw-attack-"))
    workdir.chmod(0o755)
    files, out, done, started = grade_as(request.param, workdir)
    time.sleep(3)  # a lingering process would rewrite the outputs by now
    yield request.param, files, out, done, started
    shutil.rmtree(workdir, ignore_errors=True)


def rows(out):
    import csv
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        return {r["student_id"]: r for r in csv.DictReader(f)}


def test_the_batch_completes_with_a_row_for_every_file(graded):
    user, files, out, done, _ = graded
    assert done.returncode == 0, done.stderr[-3000:]
    assert set(rows(out)) == set(files)


def test_victims_keep_full_marks(graded):
    _, files, out, _, _ = graded
    table = rows(out)
    for user in files:
        if user.startswith("victim"):
            assert table[user]["status"] == "ok" and float(table[user]["total"]) == 85, table[user]


def test_attackers_gain_nothing(graded):
    _, files, out, _, _ = graded
    table = rows(out)
    for user in files:
        if not user.startswith("victim") and user != "flooder":
            assert float(table[user]["total"]) == 0, (user, table[user])


def test_a_flood_costs_the_flooder_its_question_only(graded):
    _, _, out, _, _ = graded
    row = rows(out)["flooder"]
    assert row["status"].startswith("partial") and "flood" in row["status"]
    assert float(row["q1_1"]) == 0 and float(row["total"]) == 80


def test_the_grader_memory_stays_bounded_under_a_flood(graded):
    """The flooder sends forty 48 MB messages for one test; the grader never reads them."""
    _, _, _, done, _ = graded
    assert 0 < done.peak_rss_mb < 2500, done.peak_rss_mb


def test_nothing_outlives_the_batch(graded):
    assert attack_leftovers() == []


def test_the_attack_daemons_did_start():
    """The check above can fail: the same daemon outside a sandbox is still running after the
    batch would have ended."""
    code = OUTLIVE_AND_REWRITE.replace("OUT_DIR", tempfile.mkdtemp()).replace("60", "5")
    subprocess.run([sys.executable, "-c", code], timeout=60, check=True)
    started = time.time()
    while not (left := attack_leftovers()) and time.time() - started < 3:
        time.sleep(0.05)  # the grandchild names itself just after its parent has gone
    for proc in left:
        psutil.Process(proc["pid"]).kill()
    assert [p["name"] for p in left] == ["hw-atk-linger"]


def test_only_the_grader_writes_the_outputs(graded):
    _, _, out, _, _ = graded
    for name in ("grades.csv", "blackboard.csv"):
        assert "forged" not in (out / name).read_text("utf-8")
    results = json.loads((out / "results" / "victim0.json").read_text("utf-8"))
    assert results["score"] == 85


SLEEPER = '''
class Sleep:
    import ctypes, time
    ctypes.CDLL(None).prctl(15, b"hw-atk-sleep")  # PR_SET_NAME
    time.sleep(3600)
'''


def test_nothing_outlives_a_killed_grader(tmp_path):
    """Even when the grader itself is killed (-9) mid-batch, its sandboxes end on their own
    by the time limit plus a margin."""
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / f"{ASSIGNMENT}_sleeper_attempt_2026-10-01-10-00-00_hw.ipynb").write_text(
        blank_with(SLEEPER), "utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["PYTHONPATH"] = str(ROOT)
    grader = subprocess.Popen([sys.executable, "-m", "autograder", "grade", HW, "class",
                               "--out", "out", "--quiet", "--timeout", "5"],
                              cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 300
        while not [p for p in attack_leftovers() if p["name"] == "hw-atk-sleep"]:
            assert time.time() < deadline and grader.poll() is None, "the sleeper never ran"
            time.sleep(0.2)
    finally:
        grader.kill()
        grader.wait()
    killed = time.time()
    while [p for p in attack_leftovers() if p["name"] == "hw-atk-sleep"]:
        assert time.time() - killed < 5 + 15 + 10, "a sandbox outlived its killed grader"
        time.sleep(0.5)
