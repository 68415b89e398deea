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
