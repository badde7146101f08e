"""This process's memory high-water mark, for tests that bound what an operation adds to it.

``getrusage``'s ``ru_maxrss`` cannot serve: it never goes down, and Linux carries it over an
exec, so after a large test (or in a program started by a large pytest) any growth below the
earlier peak goes unseen and the bound cannot fail. ``VmHWM`` is the high-water mark of this
process's own memory, and writing 5 to ``/proc/self/clear_refs`` sets it back to what the process
holds now (Linux 4.0 and later).
"""


def peak_mb(reset=False):
    """The high-water mark in MB; with ``reset``, first set it back to the current size (so
    that a later call measures only what came after)."""
    if reset:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024
