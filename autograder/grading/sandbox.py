"""Run one submission's code in isolated, limited processes and collect what its answers produce.

Trust boundaries, drawn here once:

- **runs student code**: the sandbox child. The grader starts it from a warm forkserver that has
  torch, d2l and otter imported already; before any student code runs, the child isolates itself
  (``jail.enter``: its own user, PID, mount, network and IPC namespaces, a read-only minimal
  root, no capabilities) and lowers its limits. It then runs the notebook's definitions
  (``nbcode.definitions``) and, question by question, that question's hidden tests in recording
  mode, with the references of earlier questions standing in for the answers they build on.
- **judges it**: the grader's own process (``verdict``), against the reference it runs itself.
  Nothing the child computes is trusted beyond being the answer's value.
- **what crosses**: bytes only, through one pipe: a ready mark, a JSON list of definition errors,
  and per test one ``wire`` message (JSON and numeric arrays, never unpickled). Every message is
  bounded in size, every question in count, every submission in total; a child that sends more
  loses that question (status ``flood``).

A hang, a crash, ``os._exit`` or a memory blow-up inside one answer costs that question only:
the grader, the only timekeeper, kills the whole sandbox (its PID 1 takes every process it
started along) and starts a fresh one for the remaining questions. Each question's time budget
is calibrated from the reference's own time on this machine, with a floor.
"""
import ast
import builtins
import contextlib
import dataclasses
import gc
import json
import linecache
import marshal
import multiprocessing
import os
import resource
import shutil
import signal
import sys
import tempfile
import time
import types

import numpy as _numpy

from .. import hwkit, nbcode, paths
from ..authoring import source as source_mod
from . import jail, standins, wire

PRELOAD = ["autograder.grading.sandbox", "torch", "d2l.torch", "otter.test_files",
           "matplotlib.pyplot", "pycodestyle",
           # the standard library a notebook may import: the sandbox may be unable to read the
           # Python installation (for example under /root, as root)
           "abc", "array", "bisect", "collections", "configparser", "contextlib", "copy", "csv",
           "ctypes", "dataclasses", "datetime", "decimal", "enum", "fractions", "functools",
           "glob", "heapq", "inspect", "io", "itertools", "json", "math", "numbers", "operator",
           "pathlib", "pickle", "pprint", "random", "re", "socket", "statistics", "string",
           "struct", "textwrap", "time", "typing", "unittest", "warnings"]
READY = b"R"
END = b"END"  # after the last test of a question
UNAVAILABLE = b"!"  # the isolation failed; the rest of the message says why
NOBODY = 65534
MEMORY_SIGNS = ("MemoryError", "can't allocate memory", "DefaultCPUAllocator", "std::bad_alloc")
MAX_CELL_ERRORS = 50
LIFETIME_MARGIN = 15  # seconds a sandbox may outlive its submission's time limit, at most
SEND_SECONDS = 10  # a child that does not read what the grader sends for this long has ended
SAFE_ENV = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "TMPDIR": "/tmp", "LANG": "C.UTF-8",
            "MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


@dataclasses.dataclass
class Limits:
    timeout: float = 60.0  # wall-clock seconds for the whole submission, restarts included
    memory_mb: int = 2048  # address space a process may add to the warm interpreter
    processes: int = 8  # tasks (processes and threads) the submission may run at once
    file_mb: int = 16  # largest file it may write
    tmp_mb: int = 64  # its private /tmp
    definitions_seconds: float = 15.0  # for running the notebook's definitions
    question_floor: float = 2.0  # a question's time budget: at least this many seconds,
    question_factor: float = 20.0  # ... or this many times the reference's own time
    question_seconds: dict = dataclasses.field(default_factory=dict)  # calibrated reference
    message_bytes: int = 4 * 2 ** 20  # largest message the child may send
    total_bytes: int = 32 * 2 ** 20  # all its messages together
    isolate: bool = True  # False only when the TA accepted grading without isolation

    def budget(self, question):
        return max(self.question_floor,
                   self.question_factor * self.question_seconds.get(question, 0.0))

    @property
    def tree_memory_mb(self):
        """What a sandbox's processes may make their own together (RLIMIT_AS holds each one
        process to ``memory_mb``; this catches several)."""
        return 1.5 * self.memory_mb


@dataclasses.dataclass
class Outcome:
    status: str  # ok, partial (some questions not graded), or for the whole submission:
    # timeout, crashed, memory (its definitions), grader-error
    reason: str
    results: dict  # question -> [{"records": [...], "error": str or None}]
    cell_errors: list
    seconds: float
    failed: dict = dataclasses.field(default_factory=dict)  # question -> {"status", "reason"}


class SandboxUnavailable(RuntimeError):
    """The isolation cannot be had on this machine; the message says why, in one line."""


_context = None


def context():
    """The forkserver context, started once with torch, d2l and otter preloaded.

    The forkserver starts with a clean environment, so that no variable of the TA's session
    (tokens, paths) is in the memory that every sandbox inherits."""
    global _context
    if _context is None:
        from multiprocessing import forkserver

        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        saved = dict(os.environ)
        keep = {k: v for k, v in saved.items() if k in ("PATH", "LANG", "LC_ALL", "TZ",
                                                         "VIRTUAL_ENV", "PYTHONPATH")}
        os.environ.clear()
        os.environ.update({**SAFE_ENV, **keep})
        try:
            forkserver.ensure_running()
        finally:
            os.environ.clear()
            os.environ.update(saved)
        _context = ctx
    return _context


# ---------------------------------------------------------------------------------------------
# parent side

def _idle():
    pass


def warm_up(ctx=None):
    """Start the forkserver and let it import torch and d2l, before any time limit runs."""
    process = (ctx or context()).Process(target=_idle)
    process.start()
    process.join()


def isolation_problem(ctx=None):
    """None when submissions can be isolated here; else one line that says why not."""
    reason = jail.problem(paths.ROOT)
    if reason:
        return reason
    session = _Session(["pass"], None, Limits(timeout=30), ctx or context(), time.monotonic() + 30)
    try:
        ready = session.ready()
        return None if ready is True else (ready or "the sandbox did not start")
    finally:
        session.close()


def calibrate(bundle, limits, ctx=None, runs=3):
    """Seconds per question of the reference answers graded in this sandbox on this machine
    (the median of ``runs`` runs, so that one slow start does not set the budgets)."""
    cells = [code for _, code in bundle.reference_cells]
    generous = dataclasses.replace(limits, question_seconds={}, question_floor=limits.timeout)
    samples = {}
    for _ in range(runs):
        seconds = {}
        outcome = run(cells, bundle, generous, ctx, timings=seconds)
        if outcome.status != "ok":
            raise RuntimeError(f"the reference answers do not run in the sandbox: "
                               f"{outcome.status}: {outcome.reason}")
        for name, value in seconds.items():
            samples.setdefault(name, []).append(value)
    return {name: sorted(values)[len(values) // 2] for name, values in samples.items()}


def run(cells, bundle, limits=None, ctx=None, timings=None):
    """Grade-run ``cells`` (code cell sources) against ``bundle`` in sandboxes; an Outcome.

    ``timings``, when given, collects each question's time (for ``calibrate``)."""
    limits = limits or Limits()
    ctx = ctx or context()
    if bundle is not None:
        bundle.sandbox_payloads  # noqa: B018  the grader's own work, built before any clock
    start = time.monotonic()
    deadline = start + limits.timeout
    pending = [q["name"] for q in bundle.autograded]
    results, failed, cell_errors, first = {}, {}, [], True
    out_of_time = {"status": "timeout", "reason": "the submission used up its time limit "
                   f"({limits.timeout:g} s) before this question"}
    while pending:
        if time.monotonic() >= deadline:  # no fresh sandbox once the time is up
            failed.update({q: out_of_time for q in pending})
            break
        session = _Session(cells, bundle, limits, ctx, deadline)
        try:
            ready = session.ready()
            if ready is not True and first:
                return _whole("grader-error", f"the sandbox could not be set up: {ready}", start)
            errors, status, reason = (session.definitions() if ready is True
                                      else (None, "grader-error", f"no fresh sandbox: {ready}"))
            if errors is None and first:
                return _whole(status, reason, start)
            if errors is None:  # a restart that fails: the remaining questions cannot be graded
                failed.update({q: {"status": status, "reason": reason} for q in pending})
                break
            if first:
                cell_errors, first = errors, False
            while pending:
                name = pending.pop(0)
                if time.monotonic() >= deadline:
                    failed[name] = out_of_time
                    continue
                began = time.monotonic()
                got, status, reason = session.question(name, min(deadline,
                                                                  began + limits.budget(name)))
                if status == "ok":
                    results[name] = got
                    if timings is not None:
                        timings[name] = time.monotonic() - began
                    if any(test["error"] == OUT_OF_MEMORY for test in got):
                        failed[name] = {"status": "memory", "reason": OUT_OF_MEMORY}
                    continue
                failed[name] = {"status": status, "reason": reason}
                break  # the sandbox is gone: a fresh one grades the remaining questions
            else:
                session.finish()
        finally:
            session.close()
    status = "partial" if failed else "ok"
    reason = "; ".join(f"{q}: {f['status']} ({f['reason']})" for q, f in failed.items())
    return Outcome(status, reason, results, cell_errors, time.monotonic() - start, failed)


def _whole(status, reason, start):
    return Outcome(status, reason, {}, [], time.monotonic() - start, {})


class Flood(Exception):
    """The child sent more than it may."""


class _Session:
    """One sandbox process and the pipe to it; the grader's side of the protocol."""

    def __init__(self, cells, bundle, limits, ctx, deadline):
        self.bundle, self.limits, self.deadline = bundle, limits, deadline
        self.received, self.out_of_memory = 0, False
        self.workdir = tempfile.mkdtemp(prefix="hw-sandbox-")
        os.chmod(self.workdir, 0o755)
        config = {"isolate": limits.isolate, "workdir": self.workdir,
                  "project_root": str(paths.ROOT), "limits": dataclasses.asdict(limits),
                  "notebook_names": bundle.notebook_names if bundle else frozenset()}
        self.conn, child = ctx.Pipe()
        _send_timeout(self.conn, SEND_SECONDS)
        self.process = ctx.Process(target=child_main, daemon=True, args=(child, cells, config))
        try:
            self.process.start()
        finally:
            child.close()

    def ready(self):
        """True once the child is isolated; else the reason it could not be."""
        try:
            message = self._receive(min(self.deadline, time.monotonic() + 30))
        except Flood:
            return "the sandbox sent an unexpected first message"
        if message == READY:
            return True
        if message and message.startswith(UNAVAILABLE):
            return message[1:].decode("utf-8", "replace")[:300]
        return self._ended("while starting")[1]

    def definitions(self):
        """(errors, status, reason): errors is None when the definitions did not finish."""
        until = min(self.deadline, time.monotonic() + self.limits.definitions_seconds)
        try:
            message = self._receive(until)
        except Flood as exc:
            return None, "flood", str(exc)
        if message is None:
            status, reason = self._ended("while running the notebook's definitions")
            return None, status, reason
        return _cell_errors(message), "ok", ""

    def question(self, name, until):
        """(test results, status, reason) for one question."""
        bundle = self.bundle
        try:
            self.conn.send_bytes(bundle.sandbox_payloads[name])  # what conn.send would send
        except OSError:
            return None, *self._ended(f"before {name}")
        expected_count = bundle.test_counts.get(name, 0)
        got = []
        while True:
            try:
                message = self._receive(until)
            except Flood as exc:
                return None, "flood", str(exc)
            if message is None:
                if time.monotonic() >= until and until < self.deadline:
                    _kill_tree(self.process)
                    return None, "timeout", (f"still running after its time budget of "
                                             f"{self.limits.budget(name):.1f} s ({name})")
                return None, *self._ended(f"while grading {name}")
            if message == END:
                return got, "ok", ""
            if len(got) >= expected_count:
                return None, "flood", f"sent more results than {name} has tests"
            got.append(_decoded(message, name))

    def finish(self):
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(timeout=2)

    def close(self):
        if self.process.exitcode is None:  # once PID 1 has ended, its namespace is gone too
            _kill_tree(self.process)
        self.conn.close()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def _receive(self, until):
        """The child's next message, or None when it died, ran out of time or memory."""
        checked = time.monotonic()
        while True:
            now = time.monotonic()
            if now >= until:
                return None
            try:
                if self.conn.poll(min(0.25, until - now)):
                    message = self.conn.recv_bytes(self.limits.message_bytes)
                    self.received += len(message)
                    if self.received > self.limits.total_bytes:
                        raise Flood(f"sent more than {self.limits.total_bytes // 2 ** 20} MB "
                                    "of results")
                    return message
            except (EOFError, ConnectionError):
                return None
            except OSError as exc:  # "bad message length": over the size limit
                raise Flood(f"sent a message over {self.limits.message_bytes // 2 ** 20} MB "
                            f"({exc})") from None
            if time.monotonic() - checked >= 0.25:
                checked = time.monotonic()
                if _tree_memory_mb(self.process.pid) > self.limits.tree_memory_mb:
                    self.out_of_memory = True
                    _kill_tree(self.process)

    def _ended(self, when):
        """(status, reason) for a child that stopped answering."""
        process = self.process
        process.join(timeout=max(0.0, min(1.0, self.deadline - time.monotonic())))
        code = process.exitcode
        if self.out_of_memory:
            return "memory", (f"its processes used more than "
                              f"{self.limits.tree_memory_mb:g} MB together ({when})")
        if code is None:
            _kill_tree(process)
            return "timeout", f"still running after the time limit ({when})"
        signum = -code if code < 0 else (code - 128 if code > 128 else 0)
        sig = next((s for s in signal.Signals if s == signum), None)  # not os._exit(160)
        if sig is not None:
            if sig == signal.SIGXCPU:
                return "timeout", f"used up its CPU time ({when})"
            if sig == signal.SIGKILL:
                return "memory", f"killed, most likely for using too much memory ({when})"
            return "crashed", (f"the notebook's code crashed the Python process with "
                               f"{sig.name} ({when})")
        return "crashed", f"the notebook's code ended the process with exit code {code} ({when})"


GRADER_TABLES = tuple(f"{name} = " for name in (source_mod.FORBIDDEN_NAME,
                                               source_mod.QUESTIONS_NAME))


def _for_sandbox(code):
    """A reference cell without the grader's own tables (forbidden shortcuts; questions with
    their points and rubrics): the sandbox needs neither."""
    return "".join(line for line in code.splitlines(True) if not line.startswith(GRADER_TABLES))


def question_payload(bundle, name):
    """What a sandbox receives to grade question ``name``, pickled as ``Connection.send``
    pickles: the question's sliced hidden tests and the reference cells before it, compiled
    here (``marshal``: the sandbox runs this same interpreter), and the names it must withhold.
    ``Bundle.sandbox_payloads`` builds each once per run, not once per submission."""
    from multiprocessing.reduction import ForkingPickler

    reference = [marshal.dumps(compile(_for_sandbox(code), "<reference>", "exec"))
                 for _, code in bundle.reference_before(name)]
    tests = marshal.dumps(compile(bundle.sandbox_tests.get(name, ""), "<hidden tests>", "exec"))
    withheld = sorted({pair for code in bundle.names_from(name)
                       for pair in nbcode.defined_names(code)}, key=repr)
    # the modules its tests build of withheld reference classes: their state only (standins)
    states = standins.record(bundle, name)
    return bytes(ForkingPickler.dumps({"question": name, "tests": tests, "reference": reference,
                                       "withheld": withheld, "states": states}))


def _send_timeout(conn, seconds):
    """A send to a child that stops reading fails after ``seconds`` instead of blocking."""
    import socket
    import struct

    with socket.socket(fileno=os.dup(conn.fileno())) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO,
                        struct.pack("ll", int(seconds), 0))


def _descendants(pid):
    """The processes below ``pid`` (as psutil objects; none when it is gone)."""
    import psutil

    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def _kill_tree(process):
    """Kill the child and everything below it (its PID 1 takes its whole namespace along)."""
    if process.pid is None:
        return
    import psutil

    for child in _descendants(process.pid):
        with contextlib.suppress(psutil.Error):
            child.kill()
    with contextlib.suppress(ProcessLookupError, PermissionError, ValueError, AttributeError):
        process.kill()
    process.join(timeout=5)


def _tree_memory_mb(pid):
    """Memory (MB) that a process and its descendants made their own: private dirty pages,
    not the pages they still share with the forkserver (which every sandbox inherits)."""
    total = 0
    for each in [pid, *(child.pid for child in _descendants(pid))]:
        try:
            with open(f"/proc/{each}/smaps_rollup") as rollup:
                total += sum(int(line.split()[1]) for line in rollup
                             if line.startswith("Private_Dirty:"))
        except (OSError, ValueError):
            continue
    return total / 1024


def _cell_errors(message):
    """The definitions' errors as a bounded list of one-line strings (whatever was sent)."""
    try:
        errors = json.loads(message.decode("utf-8"))
    except (ValueError, RecursionError):
        return ["the sandbox sent unreadable definition errors"]
    if not isinstance(errors, list):
        return ["the sandbox sent unreadable definition errors"]
    return [str(e)[:300] for e in errors[:MAX_CELL_ERRORS] if isinstance(e, str)]


def _decoded(message, name):
    """One test's result from a child's message; an unreadable one is a failed test.

    Of an error, only the exception's type crosses, and only a name from a fixed set: once a
    question's tests and the earlier references are in the child, any text it makes could carry
    them out, encoded past any filter."""
    try:
        result = wire.decode(message).get(name, [])[0]
        if not isinstance(result, dict) or not isinstance(result.get("records"), list):
            raise ValueError("not a test result")
        error = result.get("error")
        return {"records": result["records"],
                "error": None if error is None else error_kind(str(error))}
    except Exception:  # anything the child made up: the test fails, the grader goes on
        return {"records": [], "error": "the sandbox sent an unreadable result"}


EXCEPTION_NAMES = frozenset(name for name, value in vars(builtins).items()
                            if isinstance(value, type) and issubclass(value, BaseException))


OUT_OF_MEMORY = "MemoryError: the answer ran out of memory"


def error_kind(text):
    """What the grader shows of an answer's error: its exception type (from Python's own set)
    and whether it ran out of memory; never the child's message."""
    if any(sign in text for sign in MEMORY_SIGNS):
        return OUT_OF_MEMORY
    kind = text.split(":", 1)[0].strip()
    kind = kind if kind in EXCEPTION_NAMES else "an exception"
    return f"{kind} raised by the answer (the message is not shown)"


# ---------------------------------------------------------------------------------------------
# child side

def child_main(conn, cells, config):
    """Entry point of the sandboxed child process."""
    gc.freeze()  # what the forkserver made is never collected here: its pages stay shared
    # started as a daemon (so that the grader never waits for it), which multiprocessing takes
    # to forbid children: an answer may use a Pool (its PID namespace still ends them all)
    multiprocessing.current_process().daemon = False
    try:
        limits = Limits(**config["limits"])
        try:
            if limits.isolate:
                jail.enter(config["workdir"], config["project_root"], limits.tmp_mb,
                           keep_fds=(conn.fileno(),), lifetime=limits.timeout + LIFETIME_MARGIN)
            else:
                _confine_without_isolation(limits, config["workdir"])
            _limit(limits, conn.fileno())
        except (jail.Unavailable, OSError) as exc:
            conn.send_bytes(UNAVAILABLE + f"{type(exc).__name__}: {exc}".encode()[:300])
            return
        conn.send_bytes(READY)
        env = {"__name__": "__main__", "__builtins__": builtins}
        saved_builtins = dict(vars(builtins))
        errors = _run_definitions(cells, env, saved_builtins, config["notebook_names"])
        conn.send_bytes(json.dumps(errors).encode())
        while True:
            payload = conn.recv()
            if payload is None:
                break
            for result in _run_question(payload, env):
                _restore(saved_builtins)
                conn.send_bytes(wire.encode({payload["question"]: [result]}))
            conn.send_bytes(END)
    except BaseException:  # the child reports nothing more; the parent sees it end
        pass
    finally:
        os._exit(0)


# The notebooks' last cell imports the student tools (check, PDF export), which grading does not
# need: a stand-in whose every function does nothing.
STUDENT_TOOLS = types.ModuleType("hwtools")
STUDENT_TOOLS.submit = STUDENT_TOOLS.check = STUDENT_TOOLS.export = lambda *args, **kwargs: None


def _confine_without_isolation(limits, workdir):
    """Best effort where namespaces cannot be had (the TA accepted the risk): own session, an
    empty working folder, ``nobody`` as root."""
    os.setsid()
    os.chdir(workdir)
    if os.geteuid() == 0:
        with contextlib.suppress(OSError):
            os.chmod(workdir, 0o777)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)


def _limit(limits, keep_fd):
    """Limits, a clean environment and no inherited files, before any student code."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd > 2 and fd != keep_fd:
            with contextlib.suppress(OSError):
                os.close(fd)
    os.environ.clear()
    os.environ.update(SAFE_ENV)
    sys.path[:] = [p for p in sys.path if p and os.path.abspath(p) != os.getcwd()]
    vm = _virtual_memory_bytes()
    cpu = int(limits.timeout) + 5
    for limit, value in ((resource.RLIMIT_AS, vm + limits.memory_mb * 2 ** 20),
                         (resource.RLIMIT_CPU, cpu),
                         (resource.RLIMIT_NPROC, limits.processes),
                         (resource.RLIMIT_FSIZE, limits.file_mb * 2 ** 20),
                         (resource.RLIMIT_NOFILE, 256),
                         (resource.RLIMIT_CORE, 0)):
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(limit, (value, value))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    import matplotlib
    import torch
    matplotlib.use("Agg")
    torch.set_num_threads(1)
    sys.modules["_hwkit"] = hwkit
    sys.modules[STUDENT_TOOLS.__name__] = STUDENT_TOOLS


def _restore(saved_builtins):
    """Undo what the notebook's code did to builtins and to the modules the child relies on."""
    namespace = builtins.__dict__
    namespace.update(saved_builtins)  # first, so that the names used below are the real ones
    for name in [name for name in namespace if name not in saved_builtins]:
        del namespace[name]
    sys.modules["_hwkit"] = hwkit
    sys.modules[STUDENT_TOOLS.__name__] = STUDENT_TOOLS
    sys.modules["json"] = json
    sys.modules["numpy"] = _numpy


def _virtual_memory_bytes():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _run_definitions(cells, env, saved_builtins, notebook_names=frozenset()):
    """Run each kept statement of each cell on its own; return the errors, one line each.

    Builtins are put back after each statement, so that code that replaces them (``isinstance``,
    ``open``...) cannot break the sandbox's own work."""
    errors = []
    for index, source in enumerate(cells):
        filename = f"<cell {index}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        for node in nbcode.definitions(source, notebook_names):
            try:
                code = compile(ast.Module(body=[node], type_ignores=[]), filename, "exec")
                exec(code, env)
            except BaseException as exc:  # student code may raise anything, SystemExit included
                _restore(saved_builtins)
                errors.append(f"cell {index}, line {node.lineno}: {one_line(exc)}")
            _restore(saved_builtins)
    return errors


def _run_question(payload, env):
    """Run one question's tests, yielding each result as soon as it is known.

    Each result leaves the child before the next test runs, so a later test (which may hand
    the answer a correct part, to grade another part alone) cannot change an earlier result.
    """
    reference = types.ModuleType(hwkit.REFERENCE_MODULE)
    for code in payload["reference"]:
        with contextlib.suppress(Exception):
            exec(marshal.loads(code), reference.__dict__)
    _withhold(reference.__dict__, payload["withheld"])
    start_test = standins.install(reference.__dict__, payload.get("states", {}))
    reference.FORBIDDEN = {}
    sys.modules[hwkit.REFERENCE_MODULE] = reference
    sys.modules["_hwkit"] = hwkit
    for test in test_cases(marshal.loads(payload["tests"])):
        if not test.hidden:  # a public check: no points, and it must not cost any
            yield {"records": [], "error": None}
            continue
        start_test(standins.test_name(test))
        with hwkit.recording() as records:
            error = None
            try:
                test.call_func(env)
            except BaseException as exc:  # a failing answer may raise anything
                error = one_line(exc)
        yield {"records": list(records), "error": error}


class Withheld:
    """Stands for a reference this sandbox must not have (this or a later question's).

    Tests use such references only to compute expected values, which recording mode ignores, so
    every operation on it just gives another Withheld.
    """

    def __getattr__(self, name):
        return self

    def __call__(self, *args, **kwargs):
        return self

    def __getitem__(self, key):
        return self

    def __iter__(self):
        return iter(())


def _withhold(namespace, withheld):
    """Replace the references of this and later questions, ``(owner class or None, name)``
    pairs (``nbcode.defined_names``), by Withheld placeholders."""
    for owner, name in withheld:
        if owner is None:
            namespace[name] = Withheld()
        elif isinstance(namespace.get(owner), type):
            setattr(namespace[owner], name, Withheld())


def test_cases(source):
    """The otter test cases that ``source`` (text, or code compiled from it) defines."""
    from otter.test_files.exception_test import test_case

    namespace = {}
    code = source if isinstance(source, types.CodeType) else compile(source, "<hidden tests>",
                                                                       "exec")
    exec(code, namespace)
    return [value for value in namespace.values() if isinstance(value, test_case)]


def one_line(exc):
    """``Type: message`` of an exception on one line, at most 300 characters (``Type`` alone
    when it has no message)."""
    message = " ".join(str(exc).split())
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."

