"""A sandbox per submission: a broken answer costs its own question only, limits hold, and
nothing crosses back but bounded data."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

from autograder import bundle as bundle_mod, nbcode
from autograder.grading import jail, sandbox
from conftest import ROOT

HW = "rnn_attention"
KEY = ROOT / "solutions" / HW / f"{HW}-key.ipynb"
LIMITS = sandbox.Limits(timeout=30, memory_mb=1024, question_floor=3.0, definitions_seconds=5)
CORRECT_STEP = "return torch.tanh(x_t @ W_x + h_prev @ W_h + b)"


@pytest.fixture(scope="module")
def bundle():
    sandbox.warm_up()
    return bundle_mod.load(ROOT / "solutions" / HW / f"{HW}-autograder.zip")


def key_cells(replace=None, extra=()):
    """The answer key's code cells; ``replace`` maps a ``def name(`` prefix to a new cell."""
    cells = nbcode.code_cells(KEY.read_bytes())
    for prefix, source in (replace or {}).items():
        index = next(i for i, c in enumerate(cells) if c.startswith(prefix))
        cells[index] = source
    return cells + list(extra)


def step(body):
    return "def rnn_step(x_t, h_prev, W_x, W_h, b):\n" + "".join(
        f"    {line}\n" for line in body.splitlines())


def errors(outcome, question):
    return [t["error"] for t in outcome.results.get(question, [])]


@pytest.mark.parametrize("body, status, words", [
    ("while True:\n    pass", "timeout", "time budget"),
    ("import os\nos._exit(3)", "crashed", "exit code 3"),
    ("import os\nos._exit(160)", "crashed", "exit code 160"),  # 128 + 32: no signal
    ("import ctypes\nctypes.string_at(0)", "crashed", "SIGSEGV"),
    ("x = bytearray(3 * 2 ** 30)\nreturn x", "memory", "memory"),
    ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\nwhile True:\n    pass",
     "timeout", "time budget"),  # PID 1 of its namespace ignores its own SIGKILL: a hang
])
def test_a_broken_answer_costs_its_own_question_only(bundle, body, status, words):
    outcome = sandbox.run(key_cells({"def rnn_step(": step(body)}), bundle, LIMITS)
    assert outcome.status == "partial", outcome.reason
    assert list(outcome.failed) == ["q1_1"]
    assert outcome.failed["q1_1"]["status"] == status and words in outcome.failed["q1_1"]["reason"]
    others = [q["name"] for q in bundle.autograded if q["name"] != "q1_1"]
    assert all(errors(outcome, q) and not any(errors(outcome, q)) for q in others)


def test_a_hang_costs_seconds_not_the_submission_limit(bundle):
    limits = sandbox.Limits(timeout=60, question_floor=1.0, question_factor=1.0)
    outcome = sandbox.run(key_cells({"def rnn_step(": step("while True:\n    pass")}), bundle,
                          limits)
    assert outcome.failed["q1_1"]["status"] == "timeout"
    assert outcome.seconds < 10


def test_memory_is_bounded_across_processes(bundle):
    """Each process stays within its own limit; together they do not."""
    body = ("import os, time\n"
            "for _ in range(4):\n"
            "    if os.fork() == 0:\n"
            "        block = b'x' * (700 * 2 ** 20)\n"
            "        time.sleep(30)\n"
            "time.sleep(30)")
    limits = sandbox.Limits(timeout=30, memory_mb=1024, question_floor=10)
    outcome = sandbox.run(key_cells({"def rnn_step(": step(body)}), bundle, limits)
    assert outcome.failed["q1_1"]["status"] == "memory", outcome.failed
    assert outcome.seconds < 25 and not any(errors(outcome, "q7_3"))


def test_keyboard_interrupt_and_sys_exit_fail_only_their_tests(bundle):
    for body in ("raise KeyboardInterrupt", "import sys\nsys.exit(0)"):
        outcome = sandbox.run(key_cells({"def rnn_step(": step(body)}), bundle, LIMITS)
        assert outcome.status == "ok"
        hidden = [e for e in errors(outcome, "q1_1") if e is not None]
        assert hidden and all(e.split()[0] in ("KeyboardInterrupt", "SystemExit")
                              for e in hidden)
        assert not any(errors(outcome, "q1_2"))


def test_definitions_that_never_finish_still_end(bundle):
    cells = key_cells(extra=["class Spin:\n    while True:\n        pass\n"])
    outcome = sandbox.run(cells, bundle, LIMITS)
    assert outcome.status == "timeout" and "definitions" in outcome.reason
    assert outcome.seconds < LIMITS.definitions_seconds + 5


def test_top_level_statements_other_than_definitions_do_not_run(bundle):
    cells = key_cells(extra=["while True:\n    pass", "import os\nos._exit(1)",
                             "print('x' * 10 ** 8)"])
    outcome = sandbox.run(cells, bundle, LIMITS)
    assert outcome.status == "ok" and outcome.seconds < 10


def test_a_crashing_public_check_costs_nothing(bundle):
    """q4_2's public check calls the notebook's own masked_softmax; its hidden tests do not."""
    crash = "def masked_softmax(X, valid_lens):\n    import ctypes\n    ctypes.string_at(0)\n"
    outcome = sandbox.run(key_cells({"def masked_softmax(": crash}), bundle, LIMITS)
    assert list(outcome.failed) == ["q3"]
    assert not any(errors(outcome, "q4_2"))


FLOODS = {
    "many_messages": "import sys\n"
                     "def rnn_step(x_t, h_prev, W_x, W_h, b):\n"
                     "    frame = sys._getframe()\n"
                     "    while 'conn' not in frame.f_locals:  # the sandbox's own pipe\n"
                     "        frame = frame.f_back\n"
                     "    for _ in range(40):\n"
                     "        frame.f_locals['conn'].send_bytes(b'x' * 2 ** 19)\n"
                     "    return torch.zeros(3)\n",
    "huge_result": "def rnn_step(x_t, h_prev, W_x, W_h, b):\n"
                   "    return torch.zeros(3_000_000)\n",
}


@pytest.mark.parametrize("name", sorted(FLOODS))
def test_results_are_bounded(bundle, name):
    limits = sandbox.Limits(timeout=30, question_floor=1.0, message_bytes=2 ** 20,
                            total_bytes=8 * 2 ** 20)
    outcome = sandbox.run(key_cells({"def rnn_step(": FLOODS[name]}), bundle, limits)
    assert outcome.failed.get("q1_1", {}).get("status") == "flood", outcome.reason
    assert not any(errors(outcome, "q7_3"))


def test_calibrated_budgets_follow_the_reference(bundle):
    seconds = sandbox.calibrate(bundle, LIMITS)
    assert set(seconds) == {q["name"] for q in bundle.autograded}
    assert all(0 < s < 5 for s in seconds.values())
    limits = sandbox.Limits(question_seconds=seconds, question_floor=0.5, question_factor=10)
    assert limits.budget("q1_1") == max(0.5, 10 * seconds["q1_1"])


PROBE = r'''
import json, os, socket, sys
sys.path.insert(0, {root!r})
from autograder import bundle as bundle_mod, nbcode
from autograder.grading import jail, sandbox

LOOK = """
class Look:  # runs while the definitions run; reports through its definition error
    import json, os, socket
    seen = {{}}
    seen["r"] = sorted(os.listdir("/"))
    seen["p"] = sorted(os.listdir({root!r})) if os.path.isdir({root!r}) else []
    seen["i"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
    seen["u"] = os.getuid()
    try:
        socket.create_connection(("127.0.0.1", 22), timeout=1)
        seen["n"] = "connected"
    except OSError as exc:
        seen["n"] = type(exc).__name__
    seen["w"] = ""
    for path in ("/usr/probe", "/probe", "/tmp/probe"):
        try:
            open(path, "w").write("x")
            seen["w"] += "W"
        except OSError:
            seen["w"] += "R"
    seen["e"] = sorted(os.environ)
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    seen["k"] = []
    for result in (libc.syscall(250, 0, -3, 0), libc.unshare(0x10000000)):
        seen["k"].append([result, ctypes.get_errno()])  # keyctl(the session keyring), userns
    raise RuntimeError(json.dumps(seen, separators=(',', ':')))
"""


def main():
    bundle = bundle_mod.load({bundle!r})
    cells = ["import torch", LOOK]
    outcome = sandbox.run(cells, bundle, sandbox.Limits(timeout=30))
    error = outcome.cell_errors[0]
    print(json.dumps({{"status": outcome.status, "seen": json.loads(error.split(": ", 2)[2]),
                      "host_uid": os.getuid(), "bound": jail.visible_paths({root!r})}}))


if __name__ == "__main__":
    main()
'''


UNPRIVILEGED_PYTHON = f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}"


@pytest.fixture
def open_tmp():
    """A scratch folder an unprivileged uid can read (pytest's own is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="hw-test-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("user", ["root", "unprivileged"])
def test_the_sandbox_sees_only_itself(open_tmp, user):
    """Run as root and as an unprivileged uid (a TA's laptop): a minimal read-only root, no
    project tree, only its own processes, no network, a uid of its own as root."""
    tmp_path = open_tmp
    script = tmp_path / "probe.py"
    bundle_copy = shutil.copy(ROOT / "solutions" / HW / f"{HW}-autograder.zip", tmp_path)
    Path(bundle_copy).chmod(0o644)
    script.write_text(PROBE.format(root=str(ROOT), bundle=str(bundle_copy)))
    script.chmod(0o644)
    command, env = [sys.executable, str(script)], dict(os.environ)
    if user != "root":
        # the uid of a TA without root; the venv's interpreter lives under /root, which that
        # uid cannot enter, so it runs the system's Python 3.11 with the venv's packages
        site = next(p for p in sys.path if p.endswith("site-packages"))
        env["PYTHONPATH"] = site
        command = ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups",
                   UNPRIVILEGED_PYTHON, str(script)]
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    seen = report["seen"]
    assert report["status"] == "ok"
    assert set(seen["p"]) <= {".venv"}  # of the project, the interpreter's environment only
    # the root holds the system's folders and the first part of each interpreter folder the
    # grader binds (wherever the project and its venv live: /root, /home, /check, ...)
    bound = {Path(p).parts[1] for p in report["bound"]}
    assert set(seen["r"]) <= {"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32",
                              "etc", "dev", "proc", "tmp"} | bound
    assert seen["i"] == [1], "the sandbox sees processes other than its own"
    assert seen["n"] != "connected"
    assert seen["w"] == "RRW"  # /usr and / are read-only, /tmp is its own
    assert seen["u"] != 0
    assert set(seen["e"]) <= set(sandbox.SAFE_ENV)
    assert seen["k"] == [[-1, 1], [-1, 1]]  # EPERM: no keyring (the TA's), no user namespace


def test_no_rubric_or_grader_table_reaches_the_sandbox(bundle):
    """The reference cells a sandbox receives hold code, not the grader's tables: the answer
    says what it found through the only channel it has, its values (7: no table, 9: a table)."""
    look = ("def rnn_step(x_t, h_prev, W_x, W_h, b):\n"
            "    import sys\n"
            "    ref = sys.modules['_hw_reference']\n"
            "    found = hasattr(ref, 'QUESTIONS')\n"
            "    return torch.full((W_h.shape[0],), 9.0 if found else 7.0)\n")
    outcome = sandbox.run(key_cells({"def rnn_step(": look}), bundle, LIMITS)
    values = {float(r["actual"].flatten()[0]) for t in outcome.results["q1_1"]
              for r in t["records"] if r["kind"] == "close"}
    assert values == {7.0}


def test_the_student_tools_cell_is_no_definition_error(bundle):
    """Every released notebook ends with ``from hwtools import submit``; grading needs none."""
    outcome = sandbox.run(key_cells(extra=["from hwtools import submit\n\nsubmit()\n"]),
                          bundle, LIMITS)
    assert not any("hwtools" in e for e in outcome.cell_errors), outcome.cell_errors


def test_a_compressed_archive_is_never_inflated():
    """An .npz of 390 KB can hold 400 MB deflated; the grader refuses it unread."""
    import io
    import tracemalloc

    import numpy as np

    from autograder.grading import wire

    header = (b'{"q1_1": [{"records": [{"kind": "close", "what": "x", "actual": '
              b'{"t": "tensor", "key": "a0"}, "options": {}}], "error": null}]}')
    body = io.BytesIO()
    np.savez_compressed(body, a0=np.zeros(50_000_000))
    message = len(header).to_bytes(8, "big") + header + body.getvalue()
    assert len(message) < 2 ** 20
    tracemalloc.start()
    try:
        result = wire.decode(message)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(result, wire.Unreadable)
    assert peak < 20 * 2 ** 20


def test_no_text_of_the_child_crosses_but_an_exception_type(bundle):
    """An answer that raises the tests' own source (reversed, so no filter could match it):
    only the exception's type reaches the grader."""
    leak = ("def rnn_step(x_t, h_prev, W_x, W_h, b):\n"
            "    import sys\n"
            "    frame = sys._getframe()\n"
            "    while 'payload' not in frame.f_locals:\n"
            "        frame = frame.f_back\n"
            "    raise ValueError(frame.f_locals['payload']['tests'][::-1][:250])\n")
    outcome = sandbox.run(key_cells({"def rnn_step(": leak}), bundle, LIMITS)
    shown = [e for e in errors(outcome, "q1_1") if e]
    assert shown and all(e == "ValueError raised by the answer (the message is not shown)"
                         for e in shown), shown


def test_an_exception_type_is_shown_only_from_pythons_own_names():
    assert sandbox.error_kind("NotImplementedError: stub").startswith("NotImplementedError ")
    assert sandbox.error_kind("def_test_x_seed_51: anything").startswith("an exception ")
    assert sandbox.error_kind("RuntimeError: DefaultCPUAllocator: can't allocate memory") == (
        "MemoryError: the answer ran out of memory")


def test_no_memory_that_no_limit_counts(bundle):
    """memfd and SysV shared memory are neither in the address space nor in a process's own
    pages: the sandbox refuses them (the red team filled 2 GB of memfds unnoticed)."""
    probe = ("def rnn_step(x_t, h_prev, W_x, W_h, b):\n"
             "    import ctypes, os\n"
             "    found = 0.0\n"
             "    try:\n"
             "        os.memfd_create('fill')\n"
             "        found += 1\n"
             "    except OSError:\n"
             "        pass\n"
             "    if ctypes.CDLL(None).shmget(0, 2 ** 20, 0o1600) != -1:\n"
             "        found += 2\n"
             "    return torch.full((W_h.shape[0],), found)\n")
    outcome = sandbox.run(key_cells({"def rnn_step(": probe}), bundle, LIMITS)
    values = {float(r["actual"].flatten()[0]) for t in outcome.results["q1_1"]
              for r in t["records"] if r["kind"] == "close"}
    assert values == {0.0}
    assert not any(errors(outcome, "q7_3"))


def run_filter(program, arch, nr, arg0=0, arg1=0):
    """What the classic-BPF ``program`` answers for one syscall (a tiny interpreter of the
    four instructions ``jail.seccomp_program`` uses)."""
    from autograder.grading import jail

    data = {jail.SECCOMP_DATA_ARCH: arch, jail.SECCOMP_DATA_NR: nr, jail.SECCOMP_DATA_ARG0: arg0,
            jail.SECCOMP_DATA_ARG1: arg1}
    index, accumulator = 0, None
    while True:
        code, jt, jf, k = program[index]
        if code == jail.BPF_RET_K:
            return k
        if code == jail.BPF_LD_W_ABS:
            accumulator = data[k]
            index += 1
            continue
        taken = {jail.BPF_JEQ_K: accumulator == k, jail.BPF_JGE_K: accumulator >= k,
                 jail.BPF_JSET_K: bool(accumulator & k)}[code]
        index += 1 + (jt if taken else jf)


def test_the_seccomp_program_answers_each_kind_of_syscall():
    import errno

    from autograder.grading import jail

    arch, numbers, clone, clone3 = jail.DENIED_SYSCALLS["x86_64"]
    program = jail.seccomp_program(arch, sorted(numbers.values()), clone, clone3)
    eperm = jail.SECCOMP_RET_ERRNO | errno.EPERM
    for name, number in numbers.items():
        assert run_filter(program, arch, number) == eperm, name
    for allowed in (0, 1, 9, 59, 231):  # read, write, mmap, execve, exit_group
        assert run_filter(program, arch, allowed) == jail.SECCOMP_RET_ALLOW
    fork_flags = 0x01200011  # CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD
    thread_flags = 0x003D0F00
    assert run_filter(program, arch, clone, fork_flags) == jail.SECCOMP_RET_ALLOW
    assert run_filter(program, arch, clone, thread_flags) == jail.SECCOMP_RET_ALLOW
    for flag in (jail.CLONE_NEWUSER, jail.CLONE_NEWNS, jail.CLONE_NEWPID, jail.CLONE_NEWNET):
        assert run_filter(program, arch, clone, fork_flags | flag) == eperm
    assert run_filter(program, arch, clone3) == jail.SECCOMP_RET_ERRNO | errno.ENOSYS
    assert run_filter(program, arch, 0x40000000 | 1) == eperm  # x32
    assert run_filter(program, 0x40000003, 1) == eperm  # i386


def test_the_seccomp_program_refuses_terminal_ioctls_only():
    """No keystrokes pushed into a terminal, even one that leaked in; other ioctls work."""
    import errno
    import termios

    from autograder.grading import jail

    arch, numbers, clone, clone3 = jail.DENIED_SYSCALLS["x86_64"]
    ioctl = jail.IOCTL_SYSCALL["x86_64"]
    program = jail.seccomp_program(arch, sorted(numbers.values()), clone, clone3, ioctl,
                                   sorted(jail.DENIED_IOCTLS.values()))
    eperm = jail.SECCOMP_RET_ERRNO | errno.EPERM
    for request in (termios.TIOCSTI, termios.TIOCSCTTY, 0x541C):
        assert run_filter(program, arch, ioctl, 1, request) == eperm, hex(request)
    for request in (termios.TCGETS, termios.FIONREAD, termios.TIOCGWINSZ):
        assert run_filter(program, arch, ioctl, 1, request) == jail.SECCOMP_RET_ALLOW
    assert run_filter(program, arch, clone, 0x01200011) == jail.SECCOMP_RET_ALLOW
    assert run_filter(program, arch, clone, jail.CLONE_NEWUSER) == eperm
    assert run_filter(program, arch, 0, 0, termios.TIOCSTI) == jail.SECCOMP_RET_ALLOW  # read


KERNEL_PROBE = """def rnn_step(x_t, h_prev, W_x, W_h, b):
    import ctypes, os, subprocess, threading
    libc = ctypes.CDLL(None, use_errno=True)
    refused = 0.0
    if libc.syscall(250, 0, -3, 0) == -1:  # keyctl(GET_KEYRING_ID, the session keyring)
        refused += 1
    if libc.unshare(0x10000000) == -1:  # a user namespace of its own
        refused += 2
    if libc.syscall(56, 0x10000000 | 17, 0, 0, 0, 0) == -1:  # clone into a new user namespace
        refused += 4
    box = []
    worker = threading.Thread(target=lambda: box.append(1))
    worker.start()
    worker.join()
    works = len(box) == 1 and subprocess.run(["true"]).returncode == 0
    pid = os.fork()
    if pid == 0:
        os._exit(3)
    works = works and os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 3
    import multiprocessing
    with multiprocessing.get_context("fork").Pool(2) as pool:  # an honest answer may use one
        works = works and pool.map(abs, [-1, -2]) == [1, 2]
    return torch.full((W_h.shape[0],), refused + (8 if works else 0))
"""


def test_kernel_surfaces_are_refused_and_threads_fork_and_subprocesses_work(bundle):
    """The keyrings (the TA's, when not root), new namespaces and ``clone`` into one are
    refused inside the sandbox; threads, ``fork``, ``subprocess`` and a multiprocessing pool
    still work."""
    outcome = sandbox.run(key_cells({"def rnn_step(": KERNEL_PROBE}), bundle, LIMITS)
    values = {float(r["actual"].flatten()[0]) for t in outcome.results["q1_1"]
              for r in t["records"] if r["kind"] == "close"}
    assert values == {15.0}


def test_a_child_that_stops_reading_cannot_block_the_grader(bundle, monkeypatch):
    """A child whose definitions broke its own receiving, sent a question larger than the
    pipe's buffer: the send gives up after SEND_SECONDS and the submission ends with a
    status, instead of the grader waiting forever."""
    big = {name: source + "\n# " + "x" * (8 * 2 ** 20)
           for name, source in bundle.sandbox_tests.items()}
    monkeypatch.setattr(type(bundle), "sandbox_tests", property(lambda self: big))
    monkeypatch.setattr(sandbox, "SEND_SECONDS", 2)
    deaf = ("class Deaf:\n"
            "    import time\n"
            "    from multiprocessing import connection\n"
            "    connection.Connection.recv = lambda self: __import__('time').sleep(3600)\n")
    outcome = sandbox.run(key_cells(extra=[deaf]), bundle, sandbox.Limits(timeout=20))
    assert outcome.status == "partial" and outcome.seconds < 30
    assert set(outcome.failed) == {q["name"] for q in bundle.autograded}
    assert all(f["status"] == "timeout" for f in outcome.failed.values())
