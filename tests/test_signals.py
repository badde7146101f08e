"""A sandbox cannot signal anything outside itself, as root and as an unprivileged TA.

A class of honest answer keys beside notebooks whose class bodies (run while the notebook's
definitions run, before any test) try every way a process has to signal another: its process
group (``kill(0)``, ``killpg(0)``), every process it may (``kill(-1)``), its parent
(``getppid()`` is 0 in its namespace, which is its group again), every pid and process group
number on the machine by number (``kill``, ``killpg``, ``tgkill``, ``pidfd_send_signal``),
keystrokes into an inherited terminal (``TIOCSTI``, ``TIOCSCTTY``), and a death signal armed
with ``PR_SET_PDEATHSIG``. The grader runs in a terminal of its own (a pty as its controlling
terminal and stdin). It finishes, every file gets its row, every honest student keeps full
marks, and nothing was typed into the grader's terminal.
"""
import fcntl
import os
import pty
import select
import subprocess
import termios
from pathlib import Path

import pytest

import ta_run
from conftest import ROOT
from test_attacks import ASSIGNMENT, HW, KEY, attack_leftovers, blank_with, rows

PID_MAX = int(Path("/proc/sys/kernel/pid_max").read_text())
# every number a pid or a process group can have on this machine (the grader's among them)
EVERY_PID = f"range(2, {PID_MAX})"
ATTACKS = {
    "group": "os.kill(0, signal.SIGKILL)",
    "stopgroup": "os.killpg(0, signal.SIGSTOP)",
    "everyone": "os.kill(-1, signal.SIGKILL)",
    "parent": "os.kill(os.getppid(), signal.SIGINT)\n"
              "os.kill(os.getppid(), signal.SIGKILL)",
    "bypid": f"for _n in {EVERY_PID}:\n"
             "    for _target in (_n, -_n):\n"
             "        try:\n"
             "            os.kill(_target, signal.SIGKILL)\n"
             "        except OSError:\n"
             "            pass",
    "tgkill": "_libc = ctypes.CDLL(None)\n"
              "_nr = {'x86_64': 234, 'aarch64': 131}[__import__('platform').machine()]\n"
              f"for _n in {EVERY_PID}:\n"
              "    _libc.syscall(_nr, _n, _n, 9)",
    "pidfd": f"for _n in {EVERY_PID}:\n"
             "    try:\n"
             "        _fd = os.pidfd_open(_n)\n"
             "    except OSError:\n"
             "        continue\n"
             "    try:\n"
             "        signal.pidfd_send_signal(_fd, signal.SIGKILL)\n"
             "    except OSError:\n"
             "        pass",
    "tty": "import fcntl, termios\n"
           "_fds = list(range(0, 64))\n"
           "for _path in ('/dev/tty', '/dev/console', '/dev/pts/0', '/dev/ptmx'):\n"
           "    try:\n"
           "        _fds.append(os.open(_path, os.O_RDWR))\n"
           "    except OSError:\n"
           "        pass\n"
           "for _fd in _fds:\n"
           "    try:\n"
           "        fcntl.ioctl(_fd, termios.TIOCSCTTY, 1)\n"
           "    except OSError:\n"
           "        pass\n"
           "    for _ch in b'PWNED\\n':\n"
           "        try:\n"
           "            fcntl.ioctl(_fd, termios.TIOCSTI, bytes([_ch]))\n"
           "        except OSError:\n"
           "            pass",
    "deathsig": "ctypes.CDLL(None).prctl(1, 9, 0, 0, 0)  # PR_SET_PDEATHSIG, SIGKILL\n"
                "if os.fork() == 0:\n"
                "    ctypes.CDLL(None).prctl(1, 9, 0, 0, 0)\n"
                "    os.kill(0, signal.SIGTERM)\n"
                "    os._exit(0)\n"
                "os.kill(-1, signal.SIGHUP)",
}


def attack_cell(body):
    return "class Signal:\n    import ctypes, os, signal\n" + "".join(
        f"    {line}\n" for line in body.splitlines())


def make_class(folder):
    folder.mkdir(parents=True)
    files = {f"victim{k}": KEY.read_text("utf-8") for k in range(2)}
    files.update({name: blank_with(attack_cell(body)) for name, body in ATTACKS.items()})
    for user, text in files.items():
        stem = f"{ASSIGNMENT}_{user}_attempt_2026-10-01-10-00-00"
        (folder / f"{stem}_hw.ipynb").write_text(text, "utf-8")
        (folder / f"{stem}.txt").write_text(f"Name: {user}\nAssignment: {ASSIGNMENT}\n", "utf-8")
    return files


def _controlling_terminal():
    """In the grader's child, before it runs: a session of its own whose controlling terminal
    is its stdin (the pty)."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def grade_in_terminal(user, workdir):
    """``python -m autograder grade`` from ``workdir`` as ``user``, in a pty of its own;
    (files, out, completed process, what was typed into the pty)."""
    files = make_class(workdir / "class")
    command, env = ta_run.grade_command(user, workdir, HW)
    controller, terminal = pty.openpty()
    os.fchmod(terminal, 0o666)  # the unprivileged grader's own terminal
    try:
        with subprocess.Popen(command + ["grade", HW, "class", "--out", "out", "--quiet",
                                         "--timeout", "30"],
                              cwd=workdir, env=env, stdin=terminal, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True,
                              preexec_fn=_controlling_terminal) as process:
            try:
                stdout, stderr = process.communicate(timeout=600)
            except subprocess.TimeoutExpired:  # a stopped grader: end it, then fail
                os.killpg(process.pid, 9)
                stdout, stderr = process.communicate()
                stderr += "\n(the grader did not finish in 600 s)"
        typed = b""
        while select.select([terminal], [], [], 0)[0]:  # what anyone pushed into its input
            typed += os.read(terminal, 4096)
    finally:
        os.close(controller)
        os.close(terminal)
    done = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    return files, workdir / "out", done, typed


@pytest.fixture(params=["root", "unprivileged"], scope="module")
def graded(request):
    with ta_run.workdir("hw-signals-") as workdir:
        yield (request.param, *grade_in_terminal(request.param, workdir))


def test_the_grader_finishes_with_a_row_for_every_file(graded):
    _, files, out, done, _ = graded
    assert done.returncode == 0, (done.returncode, done.stderr[-3000:])
    assert set(rows(out)) == set(files)


def test_every_honest_student_keeps_full_marks(graded):
    _, files, out, _, _ = graded
    table = rows(out)
    for user in files:
        if user.startswith("victim"):
            assert table[user]["status"] == "ok" and float(table[user]["total"]) == 85, table[user]
        else:
            assert float(table[user]["total"]) == 0, (user, table[user])


def test_nothing_is_typed_into_the_graders_terminal(graded):
    _, _, _, _, typed = graded
    assert b"PWNED" not in typed and typed == b"", typed


def test_no_attack_process_is_left():
    assert attack_leftovers() == []


def test_the_sandbox_is_a_session_of_its_own_without_a_terminal():
    """What the attacks above rely on: inside, the sandbox leads its own session and process
    group, has no controlling terminal, and its parent is outside its namespace."""
    from autograder import bundle as bundle_mod
    from autograder.grading import sandbox

    look = ("def rnn_step(x_t, h_prev, W_x, W_h, b):\n"
            "    import os\n"
            "    try:\n"
            "        os.open('/dev/tty', os.O_RDWR)\n"
            "        tty = 1.0\n"
            "    except OSError:\n"
            "        tty = 0.0\n"
            "    own = os.getsid(0) == os.getpid() == os.getpgrp()\n"
            "    return torch.full((W_h.shape[0],), (4.0 if own else 0.0)\n"
            "                      + (2.0 if os.getppid() == 0 else 0.0) + tty)\n")
    sandbox.warm_up()
    bundle = bundle_mod.load(ROOT / "solutions" / HW / f"{HW}-autograder.zip")
    cells = [look if cell.startswith("def rnn_step(") else cell
             for cell in __import__("autograder").nbcode.code_cells(KEY.read_bytes())]
    outcome = sandbox.run(cells, bundle, sandbox.Limits(timeout=60, question_floor=20.0))
    values = {float(r["actual"].flatten()[0]) for t in outcome.results["q1_1"]
              for r in t["records"] if r["kind"] == "close"}
    assert values == {6.0}
