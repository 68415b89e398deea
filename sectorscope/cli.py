"""Command line: ``python -m sectorscope COMMAND ...``.

Exit codes: 0 done, 1 the data was rejected (the report is printed), 2 usage error, 3 a fault in Sectorscope
(nothing was written; the traceback is printed for a bug report).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback

from sectorscope import config
from sectorscope.commands import (
    data,
    demo,
    export,
    industry,
    qcew,
    qwi,
    rejection_exit,
    release,
    upgrade,
    wages,
)
from sectorscope.commands.common import UsageError, print_rejection
from sectorscope.ingest.validation import FAULT_MESSAGE, NOTHING_WRITTEN, ValidationError

USAGE_EXIT = 2
FAULT_EXIT = 3

# each adds its sub-command with register(subparsers)
COMMANDS = (demo, data, wages, qwi, qcew, industry, export, release, upgrade)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m sectorscope``."""
    parser = argparse.ArgumentParser(prog="python -m sectorscope", description="Sectorscope command line.")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    for problem in config.setting_problems():  # a mistyped setting is said, never silently replaced
        print(problem, file=sys.stderr)
    try:
        return args.run(args)
    except UsageError as error:  # how the command was called, said in one line as argparse says its own
        print(f"{parser.prog} {args.command}: error: {error}", file=sys.stderr)
        return USAGE_EXIT
    except ValidationError as error:  # every line and every row counted, as the loading commands print them
        print_rejection(error.problems)
        return rejection_exit(error)
    except BrokenPipeError:  # the reader of the output left (`... | head`): not a fault, nothing more to write
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # the interpreter's last flush is silent
        return 0
    except Exception:  # a fault of ours, not of the data: a scheduled job must tell it from a rejected file
        traceback.print_exc()
        written = NOTHING_WRITTEN if args.command in ("load", "validate") else ""  # the loader's promise only
        print(f"\n{FAULT_MESSAGE}{written} Please report it with the traceback above.", file=sys.stderr)
        return FAULT_EXIT
