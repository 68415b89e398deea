"""``python -m sectorscope demo [--db PATH] [--seed N] [--scale N]``: build the synthetic demo database."""

from __future__ import annotations

import argparse
import time

from sectorscope import config
from sectorscope.commands.common import UsageError, add_db_option, checked_database, database_from, print_progress


def register(subparsers) -> None:
    """Add the ``demo`` command."""
    parser = subparsers.add_parser("demo", help="build the synthetic demo database")
    add_db_option(parser, "database file, replaced whole (default: $SECTORSCOPE_DB if set, else sectorscope.duckdb "
                          "in the data folder $SECTORSCOPE_DATA_DIR or data/, whichever database is active)")
    parser.add_argument("--seed", type=int, default=2024, help="random seed (same seed, same database)")
    parser.add_argument("--scale", type=int, default=1,
                        help="multiply the participants and their wage records (for benchmarks; default 1)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Build the demo database and say where, how big and how long it took."""
    from sectorscope.ingest.load import held_dataset
    from sectorscope.sources.builder import build_demo_database

    # the demo's own file, not the active database: once a state's data is loaded that is state.duckdb
    path = database_from(args) if args.db or config.database_is_pinned() else checked_database(
        config.demo_database_path())
    if held_dataset(path) == "own":
        raise UsageError(f"{path} holds a state's own data, and the demo replaces the whole file: build it into a "
                         "file of its own with --db NEW_FILE")
    started = time.perf_counter()
    result = build_demo_database(path, seed=args.seed, progress=print_progress, scale=args.scale)
    seconds = time.perf_counter() - started
    rows = sum(result.rows.values())
    print(f"Built the synthetic demo database {path} ({rows:,} rows in {len(result.rows)} tables) in {seconds:.1f} s")
    return 0
