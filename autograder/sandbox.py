"""Run one submission's code in a fresh, limited process and collect what its answers produce.

The parent (the grader) starts a child from a warm forkserver that has torch, d2l and otter
imported already. The child:

1. lowers its limits (memory, CPU time, processes, file size), moves to its own empty folder,
   and, when started as root, becomes ``nobody``;
2. runs the notebook's definitions (``nbcode.definitions``), each statement on its own;
3. for each autograded question in turn, receives that question's hidden tests and the
   reference code of the questions *before* it (so it can stand in for them), runs the tests in
   recording mode (``hwkit.recording``) and sends back the recorded values.

Only bytes cross back (``wire``: JSON and numeric arrays); the parent never unpickles them, and it
judges the values itself against the reference it computed in its own process (``verdict``). A
question's own reference and expected values never enter the child.
"""
import ast
import builtins
import contextlib
import dataclasses
import json
import linecache
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

from . import hwkit, nbcode, wire

PRELOAD = ["autograder.sandbox", "torch", "d2l.torch", "otter.test_files", "matplotlib.pyplot",
           "pycodestyle",
           # the standard library a notebook may import: as root the child runs as nobody, who
           # may be unable to read the Python installation (for example under /root)
           "abc", "array", "bisect", "collections", "configparser", "contextlib", "copy", "csv",
           "ctypes", "dataclasses", "datetime", "decimal", "enum", "fractions", "functools",
           "glob", "heapq", "inspect", "io", "itertools", "json", "math", "numbers", "operator",
           "pathlib", "pickle", "pprint", "random", "re", "socket", "statistics", "string",
           "struct", "textwrap", "time", "typing", "unittest", "warnings"]
MAX_MESSAGE = 64 * 1024 * 1024
END = b"END"  # after the last test of a question
NOBODY = 65534
MEMORY_SIGNS = ("MemoryError", "can't allocate memory", "DefaultCPUAllocator", "std::bad_alloc")


@dataclasses.dataclass
class Limits:
    timeout: float = 60.0  # wall-clock seconds for the whole submission
    memory_mb: int = 2048  # address space the submission may add to the warm interpreter
    processes: int = 64
    file_mb: int = 16
    hidden: tuple = ()  # folders to hide from the submission (the bundle's)


@dataclasses.dataclass
class Outcome:
    status: str  # ok, timeout, crashed, memory
    reason: str
    results: dict  # question -> [{"records": [...], "error": str or None}]
    cell_errors: list
    seconds: float


_context = None


def context():
    """The forkserver context, started once with torch, d2l and otter preloaded."""
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(PRELOAD)
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

def run(cells, bundle, limits=None, ctx=None):
    """Grade-run ``cells`` (code cell sources) against ``bundle`` in a sandbox; an Outcome."""
    limits = limits or Limits()
    ctx = ctx or context()
    workdir = tempfile.mkdtemp(prefix="hw-sandbox-")
    os.chmod(workdir, 0o777)
    parent, child = ctx.Pipe()
    process = ctx.Process(target=child_main, daemon=True,
                          args=(child, cells, limits, workdir, bundle.notebook_names))
    start = time.monotonic()
    deadline = start + limits.timeout
    results, cell_errors = {}, []
    status, reason = "ok", ""
    try:
        process.start()
        child.close()
        message = _receive(parent, deadline)
        if message is None:
            status, reason = _ended(process, deadline, "while running the notebook's definitions")
        else:
            cell_errors = json.loads(message.decode())
            for question in bundle.autograded:
                name = question["name"]
                payload = {"question": name, "tests": bundle.tests.get(name, ""),
                           "reference": [code for _, code in bundle.reference_before(name)],
                           "later": bundle.names_from(name)}
                try:
                    parent.send(payload)
                except OSError:
                    status, reason = _ended(process, deadline, f"before {name}")
                    break
                results[name] = []
                while (message := _receive(parent, deadline)) not in (None, END):
                    results[name] += wire.decode(message).get(name, [])[:1]
                if message is None:
                    status, reason = _ended(process, deadline, f"while grading {name}")
                    break
            else:
                with contextlib.suppress(OSError):
                    parent.send(None)
    finally:
        process.join(timeout=2)
        _kill(process)
        parent.close()
        shutil.rmtree(workdir, ignore_errors=True)
    if status == "ok":
        memory = _memory_error(results, cell_errors)
        if memory:
            status, reason = "memory", f"ran out of memory: {memory}"
    return Outcome(status, reason, results, cell_errors, time.monotonic() - start)


def _receive(conn, deadline):
    """The child's next message, or None when it died or the deadline passed."""
    try:
        if not conn.poll(max(0.0, deadline - time.monotonic())):
            return None
        return conn.recv_bytes(MAX_MESSAGE)
    except (EOFError, OSError):
        return None


def _kill(process):
    if process.pid is None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # the child leads its own process group
    with contextlib.suppress(ProcessLookupError, PermissionError, ValueError):
        process.kill()
    process.join(timeout=5)


def _ended(process, deadline, when):
    """(status, reason) for a child that stopped answering."""
    process.join(timeout=max(0.0, min(1.0, deadline - time.monotonic())))
    code = process.exitcode
    if code is None:
        _kill(process)
        return "timeout", f"still running after the time limit ({when})"
    if code < 0:
        sig = signal.Signals(-code)
        if sig == signal.SIGXCPU:
            return "timeout", f"used up its CPU time ({when})"
        if sig == signal.SIGKILL:
            return "memory", f"killed, most likely for using too much memory ({when})"
        return "crashed", f"the notebook's code crashed the Python process with {sig.name} ({when})"
    return "crashed", f"the notebook's code ended the process with exit code {code} ({when})"


def _memory_error(results, cell_errors):
    texts = list(cell_errors) + [test.get("error") or "" for tests in results.values()
                                 for test in tests]
    return next((t for t in texts if t and any(sign in t for sign in MEMORY_SIGNS)), None)


# ---------------------------------------------------------------------------------------------
# child side

def child_main(conn, cells, limits, workdir, notebook_names=frozenset()):
    """Entry point of the sandboxed child process."""
    try:
        _confine(limits, workdir)
        env = {"__name__": "__main__", "__builtins__": builtins}
        saved_builtins = dict(vars(builtins))
        errors = _run_definitions(cells, env, saved_builtins, notebook_names)
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


CLONE_NEWNS, CLONE_NEWNET = 0x00020000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REC, MS_PRIVATE = 0x1, 0x2, 0x4, 0x4000, 0x40000
PRIVATE_TMPFS = ("/tmp", "/var/tmp", "/dev/shm")


def _isolate(workdir, hidden):
    """As root: no network (a new, empty network namespace) and fresh private tmpfs mounts on
    the world-writable folders, so that ``nobody`` can write only there. Returns the folder to
    work in; elsewhere (not root) the limits and the parent's temporary folder must do."""
    if os.geteuid() != 0:
        return workdir
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNS | CLONE_NEWNET) != 0:
        return workdir
    libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None)
    for folder in PRIVATE_TMPFS:
        if os.path.isdir(folder):
            libc.mount(b"tmpfs", folder.encode(), b"tmpfs", MS_NOSUID | MS_NODEV,
                       b"size=256m,mode=1777")
    for folder in hidden:  # the bundle's folder: an empty, read-only tmpfs over it
        libc.mount(b"tmpfs", str(folder).encode(), b"tmpfs", MS_NOSUID | MS_NODEV | MS_RDONLY,
                   b"size=1k")
    private = tempfile.mkdtemp(prefix="submission-", dir="/tmp")
    os.chmod(private, 0o777)
    return private


def _restore(saved_builtins):
    """Undo what the notebook's code did to builtins and to the modules the child relies on."""
    namespace = builtins.__dict__
    namespace.update(saved_builtins)  # first, so that the names used below are the real ones
    for name in [name for name in namespace if name not in saved_builtins]:
        del namespace[name]
    sys.modules["_hwkit"] = hwkit
    sys.modules["json"] = json
    sys.modules["numpy"] = _numpy


def _confine(limits, workdir):
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.chdir(_isolate(workdir, limits.hidden))
    sys.path[:] = [p for p in sys.path if p and os.path.abspath(p) != os.getcwd()]
    if os.geteuid() == 0:
        with contextlib.suppress(OSError):
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
    vm = _virtual_memory_bytes()
    cpu = int(limits.timeout) + 5
    for limit, value in ((resource.RLIMIT_AS, vm + limits.memory_mb * 2 ** 20),
                         (resource.RLIMIT_CPU, cpu),
                         (resource.RLIMIT_NPROC, limits.processes),
                         (resource.RLIMIT_FSIZE, limits.file_mb * 2 ** 20),
                         (resource.RLIMIT_CORE, 0)):
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(limit, (value, value))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    import matplotlib
    import torch
    matplotlib.use("Agg")
    torch.set_num_threads(1)
    sys.modules["_hwkit"] = hwkit


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
                errors.append(f"cell {index}, line {node.lineno}: {_one_line(exc)}")
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
            exec(code, reference.__dict__)
    _withhold(reference.__dict__, payload["later"])
    reference.FORBIDDEN = {}
    sys.modules[hwkit.REFERENCE_MODULE] = reference
    sys.modules["_hwkit"] = hwkit
    for test in test_cases(payload["tests"]):
        with hwkit.recording() as records:
            error = None
            try:
                test.call_func(env)
            except BaseException as exc:  # a failing answer may raise anything
                error = _one_line(exc)
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


def _withhold(namespace, later_cells):
    """Replace the references of this and later questions by Withheld placeholders."""
    for code in later_cells:
        for owner, name in nbcode.defined_names(code):
            if owner is None:
                namespace[name] = Withheld()
            elif isinstance(namespace.get(owner), type):
                setattr(namespace[owner], name, Withheld())


def test_cases(source):
    from otter.test_files.exception_test import test_case

    namespace = {}
    exec(compile(source, "<hidden tests>", "exec"), namespace)
    return [value for value in namespace.values() if isinstance(value, test_case)]


def _one_line(exc):
    text = f"{type(exc).__name__}: {exc}".strip()
    text = " ".join(text.split())
    return text[:300] + ("..." if len(text) > 300 else "")

