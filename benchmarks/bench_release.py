"""Measure building the public release (``release_cells``) on the demo and at 10x the demo's participants.

    python benchmarks/bench_release.py [--db PATH] [--runs 3] [--scale 10]

1. Demo: ``build_release`` on a copy of the demo database, in one transaction (read the facts, aggregate every
   cell, suppress, write), as ``python -m sectorscope release build`` does.
2. Scaled: the same after replicating every participant row ``--scale`` times with new ids (same partnership,
   county, dates and outcomes; employer surveys unchanged), so the cells hold 10x the people.
Prints the median of ``--runs`` runs. Not a test: numbers depend on the machine. Builds the demo first when --db is
not given (not timed).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sectorscope.release.build import build_release  # noqa: E402


def time_build(db_path: Path) -> tuple[float, int]:
    con = duckdb.connect(str(db_path))
    try:
        started = time.perf_counter()
        con.execute("begin transaction")
        rows = build_release(con, 10)
        con.execute("commit")
        return time.perf_counter() - started, rows
    finally:
        con.close()


def scale_participants(db_path: Path, scale: int) -> int:
    """Replicate every participant ``scale`` times in total (copies get ids ``<id>-x<n>``); returns the new count."""
    con = duckdb.connect(str(db_path))
    try:
        con.execute("create temporary table originals as select * from participants")
        for copy in range(1, scale):
            con.execute("insert into participants select * replace (participant_id || '-x' || $copy as "
                        "participant_id) from originals", {"copy": str(copy)})
        return con.execute("select count(*) from participants").fetchall()[0][0]
    finally:
        con.close()


def median_of(path: Path, runs: int) -> tuple[float, int]:
    results = [time_build(path) for _ in range(runs)]
    return statistics.median(seconds for seconds, _ in results), results[-1][1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a demo database (default: build one in a temporary folder)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder) / "bench.duckdb"
        if args.db:
            shutil.copyfile(args.db, work)
        else:
            from sectorscope.sources.builder import build_demo_database

            build_demo_database(work)
        seconds, rows = median_of(work, args.runs)
        people = duckdb.connect(str(work), read_only=True).execute("select count(*) from participants").fetchall()
        print(f"demo ({people[0][0]:,} participants): median {seconds:.2f} s over {args.runs} runs, {rows:,} rows")
        total = scale_participants(work, args.scale)
        seconds, rows = median_of(work, args.runs)
        print(f"{args.scale}x ({total:,} participants): median {seconds:.2f} s over {args.runs} runs, {rows:,} rows")


if __name__ == "__main__":
    main()
