"""Operating-system isolation for one submission: Linux namespaces, a minimal read-only root.

Trust boundary: everything here runs in the sandbox child *before* any student code, so it is
still trusted. ``enter`` turns the calling process (a fresh fork of the grader's warm
forkserver, single-threaded) into the parent of a new world and returns only in that world's
PID 1, which then runs the student's code:

- **user namespace** (when not root): unprivileged user namespaces give the other namespaces
  without root; the process keeps the caller's uid outside and drops every capability before
  student code runs;
- **PID namespace**: the submission sees and can signal only its own processes; when its PID 1
  dies (killed by the grader, or through ``PR_SET_PDEATHSIG`` when the waiting parent is
  killed), the kernel kills everything it started, ``setsid`` or not;
- **a session of its own**: the waiting half and PID 1 each lead a new session and process
  group (``setsid``) before any student code, so that ``kill(0)``, ``killpg(0)`` and
  ``kill(getppid())`` (0 inside) reach only the sandbox's own processes, never the grader's
  group (which a sandbox mapped to the TA's uid could otherwise signal), and no controlling
  terminal is inherited (nor, in ``/dev``, any terminal to open); ``sandbox`` then replaces
  fds 0-2 by ``/dev/null`` and closes every other inherited fd but its pipe;
- **mount namespace**: a tmpfs root holding read-only binds of the interpreter and its
  libraries (``/usr``, the Python prefixes and site-packages), a few device nodes, a private
  ``/proc``, and a small private writable ``/tmp``; nothing of the project tree, the
  submissions, the grading output or anyone's home;
- **network, IPC and UTS namespaces**: no network at all (not even loopback), no shared memory
  or abstract sockets with anyone else;
- as root, the submission runs as a uid of its own (no two sandboxes share one), with
  ``no_new_privs`` set and no capabilities;
- a seccomp filter (``DENIED_SYSCALLS``, ``DENIED_IOCTLS``): no memory that no limit counts,
  no keyrings, no new namespaces, no eBPF, userfaultfd, perf events or io_uring, no
  keystrokes pushed into a terminal.

Signals: whatever uid the grader runs as, a process in the sandbox names other processes only
by numbers of its own PID namespace (``kill``, ``tgkill``, ``pidfd_open``, ``F_SETOWN``), its
group and session are its own, and it holds no fd of anything outside (no pidfd, no terminal):
nothing outside the sandbox can be signalled from it (``tests/test_signals.py``).

``problem()`` says, in one line, why this isolation cannot be had on this machine (or None).
"""
import ctypes
import errno
import os
import platform
import signal
import sys

CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS = 0x00020000, 0x02000000, 0x04000000
CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = (0x08000000, 0x10000000, 0x20000000,
                                                          0x40000000)
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x1, 0x2, 0x4, 0x8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 0x20, 0x1000, 0x4000, 0x40000
MS_NOATIME, MS_NODIRATIME, MS_RELATIME = 0x400, 0x800, 0x200000
MNT_DETACH = 2
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38
SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}.get(platform.machine())
CAPABILITY_VERSION_3 = 0x20080522
SANDBOX_UID_BASE = 1_000_000  # as root: the submission's uid is this plus its parent's pid
DEVICES = ("null", "zero", "full", "random", "urandom")
ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "fonts", "alternatives")
TOP_LEVEL_LINKS = ("bin", "sbin", "lib", "lib32", "lib64", "libx32")


class Unavailable(RuntimeError):
    """The isolation cannot be had here; the message says why, in one line."""


_libc = None


def _c():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    return _libc


def _check(result, what):
    if result != 0:
        code = ctypes.get_errno()
        name = errno.errorcode.get(code, code)
        raise Unavailable(f"{what} failed: {os.strerror(code)} ({name})")


def _mount(source, target, fstype, flags, data=None):
    enc = (lambda s: s.encode() if isinstance(s, str) else s)
    _check(_c().mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)),
           f"mount {target}")


def _write(path, text):
    with open(path, "w") as f:
        f.write(text)


# ---------------------------------------------------------------------------------------------
# what the sandbox may read

def visible_paths(project_root):
    """The folders bound read-only into the sandbox: the interpreter's prefixes (a virtual
    environment's too, even inside the project) and the site-packages folders on ``sys.path``.
    Never the project tree itself, the working folder, or a folder that holds either."""
    project_root = os.path.realpath(project_root)
    prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix,
                                              sys.base_exec_prefix)}
    candidates = set(prefixes)
    for entry in sys.path:
        real = os.path.realpath(entry) if entry else ""
        if real and os.path.isdir(real) and os.path.basename(real) in ("site-packages",
                                                                      "dist-packages"):
            candidates.add(real)
    allowed = set()
    for path in candidates:
        if path == "/" or path.startswith("/usr/") or path == "/usr":
            continue  # /usr is bound as a whole
        if any(held != path and _within(held, path) for held in (project_root, os.getcwd())):
            continue  # a folder that holds the project or the working folder
        if _within(path, project_root) and not _in_environment(path):
            continue
        allowed.add(path)
    return sorted(p for p in allowed
                  if not any(p != q and p.startswith(q + os.sep) for q in allowed))


def _within(path, folder):
    """Whether ``path`` is ``folder`` or lies below it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _in_environment(path):
    """Whether ``path`` is a virtual environment or lies inside one."""
    while True:
        if os.path.isfile(os.path.join(path, "pyvenv.cfg")):
            return True
        parent = os.path.dirname(path)
        if parent == path:
            return False
        path = parent


# ---------------------------------------------------------------------------------------------
# building the new root (in the child, before any student code)

def _statvfs_flags(path):
    flags = os.statvfs(path).f_flag
    out = 0
    for st, ms in ((os.ST_NOEXEC, MS_NOEXEC), (os.ST_NOATIME, MS_NOATIME),
                   (os.ST_NODIRATIME, MS_NODIRATIME), (getattr(os, "ST_RELATIME", 4096),
                                                       MS_RELATIME)):
        if flags & st:
            out |= ms
    return out


def _bind(source, target, read_only=True, devices=False):
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if not os.path.exists(target):
            open(target, "w").close()
    _mount(source, target, None, MS_BIND | MS_REC)
    flags = MS_BIND | MS_REMOUNT | MS_NOSUID | _statvfs_flags(source)
    if read_only:
        flags |= MS_RDONLY
    if not devices:
        flags |= MS_NODEV
    _mount(None, target, None, flags)


def _build_root(new_root, visible, tmp_mb):
    _mount("tmpfs", new_root, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755")
    top = lambda path: os.path.join(new_root, path.lstrip("/"))  # noqa: E731
    _bind("/usr", top("/usr"))
    for name in TOP_LEVEL_LINKS:
        path = "/" + name
        if os.path.islink(path):
            os.symlink(os.readlink(path), top(path))
        elif os.path.isdir(path):
            _bind(path, top(path))
    for path in visible:
        _bind(path, top(path))
    os.makedirs(top("/etc"))
    for name in ETC_FILES:
        if os.path.exists("/etc/" + name):
            _bind("/etc/" + name, top("/etc/" + name))
    os.makedirs(top("/dev"))
    _mount("tmpfs", top("/dev"), "tmpfs", MS_NOSUID | MS_NOEXEC, "size=64k,mode=0755")
    for name in DEVICES:
        _bind("/dev/" + name, top("/dev/" + name), read_only=False, devices=True)
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                         ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")):
        os.symlink(target, top("/dev/" + name))
    for path, size in (("/dev/shm", 16), ("/tmp", tmp_mb)):
        os.makedirs(top(path), exist_ok=True)
        _mount("tmpfs", top(path), "tmpfs", MS_NOSUID | MS_NODEV,
               f"size={size}m,mode=1777,nr_inodes=4096")
    os.makedirs(top("/proc"))
    os.makedirs(top("/.old-root"))


def _switch_root(new_root):
    """Make ``new_root`` the root and detach the old one entirely."""
    os.chdir(new_root)
    if SYS_PIVOT_ROOT is not None:
        _check(_c().syscall(SYS_PIVOT_ROOT, b".", b".old-root"), "pivot_root")
        os.chdir("/")
        _check(_c().umount2(b"/.old-root", MNT_DETACH), "umount of the old root")
        os.rmdir("/.old-root")
    else:  # the classic switch_root: move the new root over / and chroot into it
        _mount(".", "/", None, 0x2000)  # MS_MOVE
        os.chroot(".")
        os.chdir("/")
    _mount(None, "/", None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def _drop_privileges(outer_uid, waiting_pid):
    """No capabilities, ``no_new_privs``; as root, a uid of this sandbox's own (from the pid of
    its waiting half, which no other sandbox has while this one lives)."""
    libc = _c()
    if outer_uid == 0:  # real root: become a uid of our own; this clears every capability
        uid = SANDBOX_UID_BASE + (waiting_pid % 1_000_000)
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
    else:  # in our own user namespace: keep the uid, give up the namespace's capabilities
        header = _CapHeader(CAPABILITY_VERSION_3, 0)
        data = (_CapData * 2)()
        _check(libc.capset(ctypes.byref(header), data), "dropping capabilities")
    _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")


# The syscalls the sandbox refuses, by architecture: (audit arch, {name: number}, clone, clone3).
# - memory no limit counts: an unmapped memfd or SysV segment is neither in the address space
#   RLIMIT_AS bounds nor in a process's private pages the grader watches (everything else the
#   sandbox can fill is bounded: its tmpfs mounts have sizes, POSIX message queues have
#   RLIMIT_MSGQUEUE);
# - kernel surfaces no answer needs: the keyrings (as the TA's uid, a sandbox could otherwise
#   reach the TA's session and user keys), new or other namespaces (``unshare``, ``setns``:
#   inside a user namespace of its own a process gets capabilities again), eBPF, userfaultfd,
#   perf events, io_uring;
# - ``clone`` with a namespace flag; ``clone3``, whose flags live in memory a filter cannot
#   read, answers ENOSYS, and the C library then falls back to ``clone`` (threads, fork and
#   subprocesses keep working).
DENIED_SYSCALLS = {
    "x86_64": (0xC000003E, {"memfd_create": 319, "memfd_secret": 447, "shmget": 29,
                            "msgget": 68, "keyctl": 250, "add_key": 248, "request_key": 249,
                            "unshare": 272, "setns": 308, "bpf": 321, "userfaultfd": 323,
                            "perf_event_open": 298, "io_uring_setup": 425}, 56, 435),
    "aarch64": (0xC00000B7, {"memfd_create": 279, "memfd_secret": 447, "shmget": 194,
                             "msgget": 186, "keyctl": 219, "add_key": 217, "request_key": 218,
                             "unshare": 97, "setns": 268, "bpf": 280, "userfaultfd": 282,
                             "perf_event_open": 241, "io_uring_setup": 425}, 220, 435),
}
NAMESPACE_FLAGS = (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER
                   | CLONE_NEWPID | CLONE_NEWNET)
X32_SYSCALL_BIT = 0x40000000
PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2
SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO = 0x7FFF0000, 0x00050000
BPF_LD_W_ABS, BPF_JEQ_K, BPF_JGE_K, BPF_JSET_K, BPF_RET_K = 0x20, 0x15, 0x35, 0x45, 0x06
SECCOMP_DATA_NR, SECCOMP_DATA_ARCH, SECCOMP_DATA_ARG0 = 0, 4, 16  # arg0's low word (LE)
SECCOMP_DATA_ARG1 = 24  # arg1's low word: an ioctl's request (the kernel reads 32 bits of it)
# ``ioctl`` requests the sandbox refuses, on any fd: pushing input into a terminal (TIOCSTI),
# taking a terminal as its own (TIOCSCTTY), the console's selection paste (TIOCLINUX). The
# sandbox holds no terminal; this stays true if one ever leaks to it.
IOCTL_SYSCALL = {"x86_64": 16, "aarch64": 29}
DENIED_IOCTLS = {"TIOCSTI": 0x5412, "TIOCSCTTY": 0x540E, "TIOCLINUX": 0x541C}


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8),
                ("k", ctypes.c_uint32)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(_SockFilter))]


def seccomp_program(arch, numbers, clone=None, clone3=None, ioctl=None, requests=()):
    """A classic-BPF seccomp filter, as (code, jt, jf, k) tuples: EPERM for ``numbers``, for
    any other ABI than ``arch`` (x32 numbers, 32-bit calls), for ``clone`` with a namespace
    flag and for ``ioctl`` with one of ``requests``; ENOSYS for ``clone3``; every other
    syscall allowed."""
    rows = [(BPF_LD_W_ABS, 0, 0, SECCOMP_DATA_ARCH),
            (BPF_JEQ_K, 1, 0, arch),
            (BPF_RET_K, 0, 0, "deny"),
            (BPF_LD_W_ABS, 0, 0, SECCOMP_DATA_NR),
            (BPF_JGE_K, "deny", 0, X32_SYSCALL_BIT)]
    rows += [(BPF_JEQ_K, "deny", 0, number) for number in numbers]
    if clone3 is not None:
        rows.append((BPF_JEQ_K, "absent", 0, clone3))
    if clone is not None:
        rows.append((BPF_JEQ_K, "clone", 0, clone))
    if ioctl is not None and requests:
        rows.append((BPF_JEQ_K, "ioctl", 0, ioctl))
    rows.append((BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW))
    labels = {"clone": len(rows)}
    rows += [(BPF_LD_W_ABS, 0, 0, SECCOMP_DATA_ARG0),
             (BPF_JSET_K, "deny", 0, NAMESPACE_FLAGS),
             (BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW)]
    labels["ioctl"] = len(rows)
    rows.append((BPF_LD_W_ABS, 0, 0, SECCOMP_DATA_ARG1))
    rows += [(BPF_JEQ_K, "deny", 0, request) for request in requests]
    rows.append((BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW))
    labels["absent"] = len(rows)
    rows.append((BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | errno.ENOSYS))
    labels["deny"] = len(rows)
    rows.append((BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | errno.EPERM))

    def offset(index, target):  # a jump is relative to the next instruction
        return labels[target] - index - 1 if isinstance(target, str) else target

    return [(code, offset(i, jt), offset(i, jf),
             SECCOMP_RET_ERRNO | errno.EPERM if k == "deny" else k)
            for i, (code, jt, jf, k) in enumerate(rows)]


def _install_seccomp_filter():
    machine = DENIED_SYSCALLS.get(platform.machine())
    if machine is None:
        raise Unavailable(f"no seccomp filter for this architecture ({platform.machine()})")
    arch, numbers, clone, clone3 = machine
    program = seccomp_program(arch, sorted(numbers.values()), clone, clone3,
                              IOCTL_SYSCALL[platform.machine()], sorted(DENIED_IOCTLS.values()))
    filters = (_SockFilter * len(program))(*[_SockFilter(*row) for row in program])
    fprog = _SockFprog(len(program), ctypes.cast(filters, ctypes.POINTER(_SockFilter)))
    _check(_c().prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0),
           "seccomp filter")


def enter(workdir, project_root, tmp_mb=64, keep_fds=(), lifetime=None):
    """Isolate the calling process (see the module docstring); return in the new PID 1.

    ``workdir`` is an empty folder to build the new root on. The caller's parent half waits
    here for PID 1 and exits with its status (128 + signal number when it was killed), so the
    grader sees one process whose exit code tells what happened. That half dies with the
    grader's forkserver, and by itself after ``lifetime`` seconds: PID 1, and so everything in
    the namespace, dies with it, even when the grader itself was killed. Raises ``Unavailable``
    before anything is changed for good when the kernel refuses.
    """
    outer_uid, outer_gid = os.getuid(), os.getgid()
    os.setsid()  # out of the grader's process group and session, and off its terminal
    flags = (CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
             | CLONE_NEWCGROUP)
    if outer_uid != 0:
        flags |= CLONE_NEWUSER
    visible = visible_paths(project_root)
    _check(_c().unshare(flags), "unshare (new namespaces)")
    if outer_uid != 0:
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{outer_uid} {outer_uid} 1")
        _write("/proc/self/gid_map", f"{outer_gid} {outer_gid} 1")
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    _build_root(workdir, visible, tmp_mb)
    waiting_pid = os.getpid()
    _c().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # dies with the forkserver
    pid = os.fork()
    if pid:
        _wait_for(pid, keep_fds, lifetime)
    _c().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    os.setsid()  # a group of the namespace's processes only (not the waiting half outside)
    _mount("proc", os.path.join(workdir, "proc"), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    _switch_root(workdir)
    _c().sethostname(b"sandbox", 7)
    _drop_privileges(outer_uid, waiting_pid)
    _install_seccomp_filter()
    _c().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # credentials changed: set again
    os.chdir("/tmp")


def _wait_for(pid, keep_fds, lifetime):
    """The parent half: close what PID 1 uses, wait for it, exit with its status; at the end
    of ``lifetime`` seconds SIGALRM ends this half, and PID 1 with it (PR_SET_PDEATHSIG)."""
    for fd in keep_fds:  # so that the grader sees the end of the pipe when PID 1 dies
        os.close(fd)
    if lifetime:
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.alarm(max(1, int(lifetime)))
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except InterruptedError:
            continue
        except ChildProcessError:
            os._exit(70)
    code = os.waitstatus_to_exitcode(status)
    os._exit(code if code >= 0 else 128 - code)


# (sysctl file, the value that disables what ``enter`` needs, what to tell the TA)
USERNS_SWITCHES = (
    ("/proc/sys/kernel/unprivileged_userns_clone", "0",
     "unprivileged user namespaces are disabled on this machine (sysctl "
     "kernel.unprivileged_userns_clone=0); enable them or grade as root"),
    ("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "1",
     "AppArmor keeps unprivileged user namespaces without capabilities on this machine "
     "(Ubuntu 23.10 and later); run `sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0` "
     "or grade as root"),
    ("/proc/sys/user/max_user_namespaces", "0",
     "user namespaces are disabled on this machine (sysctl user.max_user_namespaces=0); enable "
     "them or grade as root"),
)


def problem(project_root):
    """None when ``enter`` is expected to work here; else one line that says why not and what
    to do. (The sandbox's first start is the final word: see ``sandbox.isolation_problem``.)"""
    if not sys.platform.startswith("linux"):
        return (f"this system ({platform.system()}) has no Linux namespaces to isolate "
                "submissions in; grade on Linux")
    if os.getuid() == 0:
        return None
    for path, disabled, message in USERNS_SWITCHES:
        try:
            with open(path) as f:
                if f.read().strip() == disabled:
                    return message
        except OSError:
            continue
    return None
