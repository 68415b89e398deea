"""``python -m sectorscope demo [--db PATH] [--seed N] [--scale N]``: build the synthetic demo database."""

from __future__ import annotations

import argparse
import time

from sectorscope.commands.common import add_db_option, database_from, print_progress


def register(subparsers) -> None:
    """Add the ``demo`` command."""
    parser = subparsers.add_parser("demo", help="build the synthetic demo database")
    add_db_option(parser)
    parser.add_argument("--seed", type=int, default=2024, help="random seed (same seed, same database)")
    parser.add_argument("--scale", type=int, default=1,
                        help="multiply the participants and their wage records (for benchmarks; default 1)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Build the demo database and say where, how big and how long it took."""
    from sectorscope.sources.builder import build_demo_database

    path = database_from(args)
    started = time.perf_counter()
    result = build_demo_database(path, seed=args.seed, progress=print_progress, scale=args.scale)
    seconds = time.perf_counter() - started
    rows = sum(result.rows.values())
    print(f"Built the synthetic demo database {path} ({rows:,} rows in {len(result.rows)} tables) in {seconds:.1f} s")
    return 0
