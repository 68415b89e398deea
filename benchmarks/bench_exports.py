"""Measure the take-away files on the demo: the deck of the statewide view, the deck of one partnership, a
county's one-pager, and the public deck and one-pager (from the release), each from an open database to the finished
bytes (queries, figures, map image, file).

    python benchmarks/bench_exports.py [--db PATH] [--runs 5] [--partnership P002] [--county 42071]

Prints the median (and the spread, and the CPU time, which other work on the machine disturbs less) of ``--runs``
runs of each, and the machine's load. Not a test: numbers depend on the machine. Builds the
demo first when --db is not given (not timed). The target on the demo is under 5 s each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build(db_path: Path, kind: str, params: dict[str, list[str]]) -> int:
    """Build one file as the download button and the command do; return its size in bytes."""
    from sectorscope import db
    from sectorscope.export import content

    con = db.connect_read_only(db_path)
    if kind.startswith("public "):
        from sectorscope.export.public import public_export

        try:
            data, _, problems = public_export(con, kind.removeprefix("public "), params)
        finally:
            con.close()
        assert data is not None and not problems, problems
        return len(data)
    try:
        view = content.view_options(con, False)
        selection = content.selection_from(view, params)
        report = content.build_report(con, view, selection, public=False, min_cell=10)
    finally:
        con.close()
    if kind == "deck":
        from sectorscope.export.deck import build_deck

        return len(build_deck(report))
    from sectorscope.export.onepager import build_onepager

    return len(build_onepager(report, "the county", selection.county_fips))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="demo database (default: build one in a temporary folder)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--partnership", default="P002")
    parser.add_argument("--county", default="42071")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db_path = args.db
        if db_path is None:
            from sectorscope.sources.builder import build_demo_database

            db_path = Path(folder) / "demo.duckdb"
            build_demo_database(db_path)
        cases = {
            "deck, statewide view": ("deck", {}),
            f"deck, partnership {args.partnership}": ("deck", {"partnership": [args.partnership]}),
            f"one-pager, county {args.county}": ("onepager", {"county": [args.county]}),
            "public deck, statewide": ("public deck", {}),
            f"public one-pager, county {args.county}": ("public onepager", {"county": [args.county]}),
        }
        build(db_path, "deck", {})  # warm the imports (python-pptx, matplotlib, geopandas) once, not timed
        for label, (kind, params) in cases.items():
            times, cpu = [], []
            for _ in range(args.runs):
                started, started_cpu = time.perf_counter(), time.process_time()
                size = build(db_path, kind, params)
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
            print(f"{label:34s} median {statistics.median(times):5.2f} s  (min {min(times):.2f}, max "
                  f"{max(times):.2f}; CPU median {statistics.median(cpu):.2f} s; {args.runs} runs, {size:,} bytes)",
                  flush=True)
        print(f"load average over the last minute at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
