"""Command line: ``python -m sectorscope demo [--db PATH] [--seed N]`` and friends.

Exit codes: 0 done, 1 the data was rejected (the report is printed), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sectorscope import config
from sectorscope.validation import ValidationError


def _progress_printer():
    def report(fraction: float, message: str) -> None:
        print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)

    return report


def _demo(args: argparse.Namespace) -> int:
    from sectorscope.builder import build_demo_database

    path = Path(args.db).expanduser().resolve() if args.db else config.database_path()
    started = time.perf_counter()
    result = build_demo_database(path, seed=args.seed, progress=_progress_printer())
    seconds = time.perf_counter() - started
    rows = sum(result.rows.values())
    print(f"Built the synthetic demo database {path} ({rows:,} rows in {len(result.rows)} tables) in {seconds:.1f} s")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m sectorscope``."""
    parser = argparse.ArgumentParser(prog="python -m sectorscope", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="build the synthetic demo database")
    demo.add_argument("--db", help="database file (default: $SECTORSCOPE_DB or data/sectorscope.duckdb)")
    demo.add_argument("--seed", type=int, default=2024, help="random seed (same seed, same database)")
    demo.set_defaults(run=_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        return args.run(args)
    except ValidationError as error:
        print(error, file=sys.stderr)
        return 1
