"""Running the command line in tests.

``run_cli`` runs ``python -m sectorscope ARGS`` in this process through ``cli.main(argv)``, with stdout and stderr
captured, so a CLI test costs the command and not a new Python's imports (about 4 s each here). ``run_cli_process``
starts the real ``python -m sectorscope`` process, for the few tests that check the entry point itself and for
tests that need a second process (concurrent loads, a load killed half-way).
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from dataclasses import dataclass

from sectorscope import cli
from sectorscope.config import PROJECT_ROOT


@dataclass(frozen=True)
class Ran:
    """What a command left: its exit code and everything it printed (like ``subprocess.CompletedProcess``)."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> Ran:
    """``python -m sectorscope ARGS`` run in this process; an unexpected exception fails the test at once."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(args))
    return Ran(code, out.getvalue(), err.getvalue())


def run_cli_process(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``python -m sectorscope ARGS`` as a new process from the project folder, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "sectorscope", *args], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, env=env, timeout=300)
