"""Run a parser of student-controlled bytes in a child process that limits can stop.

Trust boundary: the bytes a parser reads here (a PDF, a notebook's JSON, a zip's directory) come
from a student, and the libraries that read them (pypdf, pdftotext, ``json``) were not written to
bound their own cost: a 5 KB PDF can make pypdf allocate gigabytes, pdftotext can stay busy for
minutes, 12 MB of ``[{},{},...]`` take 0.8 GB of dictionaries. ``run(function, *args)`` forks a
child that runs ``function(*args)`` under the limits below and sends back only its JSON-able
result, so whatever the input does, the grader's own process pays at most the result and a
fork, and the input costs one row (``Refused`` with a one-line reason), never the class.

The limits (``Limits``), and why:

- ``memory_mb`` (RLIMIT_AS, soft and hard): the address space the child may add to the one it
  inherits from the grader at fork time (read from ``/proc/self/statm``: a fork shares the
  grader's pages, so an absolute limit would be wrong by however large the grader is). Beyond it
  an allocation fails, Python raises MemoryError and the child reports it (or dies, which reads
  the same). Bounds a decompression bomb, an exploding name tree or object graph, a JSON of
  millions of tiny containers.
- ``cpu_seconds`` (RLIMIT_CPU; SIGXCPU at the soft limit, SIGKILL one second later): bounds a
  parser that loops (a page tree or a form that draws itself), whatever the machine's load.
- ``wall_seconds``: the parent kills the child's whole process group (the child is the leader
  of its own, so a program it starts, such as pdftotext, dies with it) when it has not answered
  by then: bounds a child that sleeps, blocks or is starved of CPU, and so the cost of a class
  (at most ``wall_seconds`` per parsed file, files being parsed one after another).
- ``result_bytes``: the most the parent reads back (JSON); a child that would send more is
  killed. The parent never holds more than this of a child's making.
- JSON (``json_refused``): up to ``IN_PROCESS_JSON`` (2 MB) a notebook's JSON is parsed in
  the grader's process, its cost bounded by its size (at most ~25 times it); a larger one is
  first parsed in a child with 64 MB plus 4 times its size (an honest notebook needs about 3
  times), so the grader's own later parses of an admitted notebook stay as small.
- programs a child starts get ``program_limits`` (``preexec_fn``): the same CPU limit and an
  absolute address-space limit of ``memory_mb`` (an exec'd program starts small, so the child's
  inherited limit would be far too loose), with a timeout of half ``wall_seconds``.

Nothing here needs privileges: lowering one's own rlimits and forking work as root and as any
user. The fixed cost is one ``fork`` of the grader and a pipe: measured on the 2-core test
machine, about 7 ms of the grader's CPU and 15-30 ms of wall time for the grader as it is at
intake (torch imported: 0.55 GB resident, 3.2 GB of address space), 2 ms and 20 ms from a
smaller process (``tests/test_untrusted_input.py`` prints it). Only PDFs, zips and notebooks
over 2 MB pay it; an honest notebook (~60 KB) is not parsed in a child at all. The child inherits the grader's
memory copy-on-write and never returns into the grader's code: it leaves with ``os._exit``
(no atexit handlers, no flushing of the grader's buffers). A fork copies only the calling
thread: ``run`` is meant for intake, before the grader starts its worker threads (a lock held
by another thread at fork time could only make the child miss its wall time, never the grader).
"""
import dataclasses
import json
import os
import resource
import select
import signal
import time

MB = 2 ** 20
READ_CHUNK = 64 * 1024
IN_PROCESS_JSON = 2 * MB  # JSON up to this size is parsed in the grader's own process
# a larger JSON's child: 64 MB + 8 times its size (a notebook holding one 50 MB image needs about
# 5 times: the text decoded, its BOM stripped, the image's string grown while it is scanned)
JSON_BASE_MB, JSON_PER_BYTE = 64, 8
MEMORY_EXIT = 86  # the child's exit status when even reporting MemoryError failed


@dataclasses.dataclass(frozen=True)
class Limits:
    cpu_seconds: int = 4
    wall_seconds: float = 8.0
    memory_mb: int = 512
    result_bytes: int = 1 * MB


class Refused(Exception):
    """The parser failed or was stopped by a limit; ``str()`` is a one-line reason."""


def run(function, *args, limits=Limits()):
    """``function(*args)`` computed in a limited child; its result (JSON-able) or ``Refused``.

    An exception the function raises comes back as ``Refused("<Type>: <message>")``; a child
    that cannot be started (no process or file descriptor left) is ``Refused`` too, so that it
    costs the file being read its row, never the class."""
    read_end, write_end = _pipe()
    try:
        pid = os.fork()
    except OSError as exc:  # no process left for this user (EAGAIN), or no memory
        os.close(read_end)
        os.close(write_end)
        raise Refused(f"no reader could be started ({exc.strerror or exc})") from exc
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(write_end, function, args, limits)
    os.close(write_end)
    try:
        try:
            os.setpgid(pid, pid)  # also done by the child: whichever runs first
        except OSError:
            pass
        payload, stopped = _collect(read_end, limits)
    finally:
        os.close(read_end)
        _kill_group(pid)
        _, status = os.waitpid(pid, 0)
    return _outcome(payload, stopped, status, limits)


def json_refused(data, limits=None):
    """Why the JSON in ``data`` (bytes) must not be parsed in the grader's process, or "".

    Up to ``IN_PROCESS_JSON`` bytes it is not even parsed here: ``json`` needs at most ~25 times
    the text's size (``[{},{},...]``: a 64-byte dict per 3 bytes), so 2 MB cost the grader at
    most ~50 MB and a fraction of a second, and nesting stops at Python's recursion limit
    (RecursionError, which the readers catch). Larger JSON is parsed once in a child that may
    use ``JSON_BASE_MB`` plus ``JSON_PER_BYTE`` times its size (an honest notebook needs up to
    five times its size: the text, its decoded ``str`` and the strings parsed from it). Text
    that is not JSON is not refused here: the readers report it as they always did."""
    if len(data) <= IN_PROCESS_JSON:
        return ""
    limits = limits or Limits(memory_mb=JSON_BASE_MB + JSON_PER_BYTE * len(data) // MB,
                              result_bytes=1024)
    try:
        run(_parses, data, limits=limits)
    except Refused as exc:
        return f"its JSON cannot be read within limits: {exc}"
    return ""


def _parses(data):
    try:
        json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return False
    return True


def _pipe():
    try:
        return os.pipe()
    except OSError as exc:  # no file descriptor left
        raise Refused(f"no reader could be started ({exc.strerror or exc})") from exc


def program_limits(limits=Limits()):
    """A ``preexec_fn`` for a program a child runs: CPU and absolute address-space limits."""
    def limit():
        memory = limits.memory_mb * MB
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    return limit


def program_timeout(limits=Limits()):
    """The timeout for a program a child runs: half the child's wall time, so that the child
    still has time to report it."""
    return limits.wall_seconds / 2


# --------------------------------------------------------------------------------------------
# the child

def _child(write_end, function, args, limits):
    code = 0
    try:
        os.setpgid(0, 0)
        _quiet()
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # the grader's handlers are not ours
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        _limit_self(limits)
        try:
            payload = json.dumps({"result": function(*args)})
        except MemoryError:
            payload = json.dumps({"error": "memory"})
        except RecursionError:
            payload = json.dumps({"error": "nested too deeply to read"})
        except Exception as exc:  # noqa: BLE001 - any failure of the parser is the input's
            payload = json.dumps({"error": _one_line(exc)})
        _write_all(write_end, payload.encode("utf-8"), limits.result_bytes + 1)
    except MemoryError:
        code = MEMORY_EXIT
    except BaseException:  # noqa: BLE001 - the child reports by its exit status, whatever
        code = 1
    finally:
        os._exit(code)


def _quiet():
    """No input, and no output to the TA's terminal: a parser's warnings about a student's file
    (pypdf logs them) would be theirs to fill it with; the child reports through its pipe."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def _limit_self(limits):
    page = os.sysconf("SC_PAGE_SIZE")
    with open("/proc/self/statm", "rb") as statm:
        size = int(statm.read().split()[0]) * page
    memory = size + limits.memory_mb * MB
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        memory = min(memory, hard)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = (limits.cpu_seconds, limits.cpu_seconds + 1)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        cpu = (min(cpu[0], hard), hard)
    resource.setrlimit(resource.RLIMIT_CPU, cpu)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # SIGXCPU would dump the grader's memory


def _write_all(fd, data, most):
    view = memoryview(data)[:most]
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _one_line(exc):
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text[:297] + "..." if len(text) > 300 else text


# --------------------------------------------------------------------------------------------
# the parent

def _collect(fd, limits):
    """(bytes the child sent, why it was stopped or "")."""
    deadline = time.monotonic() + limits.wall_seconds
    chunks, size = [], 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return b"", f"did not finish within {limits.wall_seconds:g} s"
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, READ_CHUNK)
        if not chunk:
            return b"".join(chunks), ""
        chunks.append(chunk)
        size += len(chunk)
        if size > limits.result_bytes:
            return b"", f"its result is larger than {limits.result_bytes // 1024} KB"


def _kill_group(pid):
    """Kill the child and whatever it started (its process group); it is not reaped yet, so
    the group cannot belong to anyone else."""
    for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            target()
        except (ProcessLookupError, PermissionError):
            pass


def _outcome(payload, stopped, status, limits):
    if stopped:
        raise Refused(stopped)
    if payload:
        try:
            answer = json.loads(payload.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            answer = None
        if isinstance(answer, dict) and "result" in answer:
            return answer["result"]
        if isinstance(answer, dict) and answer.get("error") == "memory":
            raise Refused(f"needs more than {limits.memory_mb} MB of memory to read")
        if isinstance(answer, dict) and isinstance(answer.get("error"), str):
            raise Refused(answer["error"])
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU:
        raise Refused(f"needs more than {limits.cpu_seconds} s of CPU to read")
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == MEMORY_EXIT:
        raise Refused(f"needs more than {limits.memory_mb} MB of memory to read")
    if os.WIFSIGNALED(status):
        raise Refused(f"the reader crashed (signal {signal.Signals(os.WTERMSIG(status)).name})")
    raise Refused("the reader stopped without an answer")
