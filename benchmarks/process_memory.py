"""The peak resident memory of the running process, for benchmarks that measure a load in a child process."""

from __future__ import annotations


def own_peak_mb() -> float:
    """This process's peak resident memory (MB) since it started its program: ``VmHWM`` from /proc. Not the child's
    ``ru_maxrss`` as its parent reads it (``os.wait4``): that counts the memory of the process it was forked from, so
    a benchmark holding its generated files in memory reported about 1,450 MB for a load of 10M wage records
    whatever the load used."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    raise RuntimeError("no VmHWM in /proc/self/status")
