"""The one server start the benchmarks share: ``streamlit run`` on a free local port, ready when healthy.

Imported by the benchmark scripts (which put the project root on ``sys.path`` first); the wait for health is the
browser tests' own (``tests/browser_support.wait_until_healthy``).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tests.browser_support import free_port, wait_until_healthy

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 180


@contextlib.contextmanager
def streamlit_server(script: Path, env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen, float]]:
    """``streamlit run script`` headless on a free local port, with ``env`` added to this process's environment
    (usage statistics off); yields (base URL, process, ``time.perf_counter()`` at launch) once the server answers
    its health check, and stops it afterwards."""
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true", "--server.port",
         str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT, env=dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", **env),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        if not wait_until_healthy(base, process, START_TIMEOUT_S):
            raise RuntimeError(f"streamlit run {script.name} did not start (exit code {process.poll()})")
        yield base, process, started
    finally:
        process.terminate()
        process.wait(15)


def busy_fraction(window_s: float = 1.0) -> float:
    """The share of all cores' time spent working (not idle or waiting on the disk) over the next ``window_s``
    seconds, from ``/proc/stat``."""
    def times() -> tuple[int, int]:
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + fields[4]  # idle + iowait
        return idle, sum(fields)

    idle_before, total_before = times()
    time.sleep(window_s)
    idle_after, total_after = times()
    return 1 - (idle_after - idle_before) / max(total_after - total_before, 1)


def wait_until_idle(busy_below: float = 0.1, timeout_s: float = 60.0) -> float:
    """Wait until the machine is idle (under ``busy_below`` of its cores busy over one second), at most
    ``timeout_s``: the previous run's server and browser processes take a while to finish and their work would be
    counted against the next launch. Returns the last busy share measured."""
    deadline = time.monotonic() + timeout_s
    busy = busy_fraction()
    while busy >= busy_below and time.monotonic() < deadline:
        busy = busy_fraction()
    return busy
