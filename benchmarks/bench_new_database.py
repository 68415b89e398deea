"""Measure creating a new, empty database (schema + the U.S. counties), which every first load and test does.

    python benchmarks/bench_new_database.py [--runs 5]

Prints the median and the slowest of ``--runs`` calls of ``ingest.create_database`` into a temporary folder, and
for comparison the time to build the simplified counties from the Census shapefile (what every new database did
before the shapes were shipped in ``sectorscope/sources/package_data``). Not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sectorscope.ingest import load as ingest  # noqa: E402
from sectorscope.sources import geo  # noqa: E402


def _timed(action, runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        counter = iter(range(10**6))
        create = _timed(lambda: ingest.create_database(Path(folder) / f"new-{next(counter)}.duckdb"), args.runs)
    build = _timed(geo.build_counties_table, max(1, min(args.runs, 3))) if hasattr(geo, "build_counties_table") \
        else []
    print(f"{'what':<52} {'median s':>9} {'max s':>7}")
    print(f"{'create_database (schema + 3,142 counties)':<52} {statistics.median(create):>9.2f} {max(create):>7.2f}")
    if build:
        print(f"{'build_counties_table (simplify from the shapefile)':<52} {statistics.median(build):>9.2f} "
              f"{max(build):>7.2f}")


if __name__ == "__main__":
    main()
