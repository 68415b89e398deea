"""Measure the release's protection (certificates) and the attacker's second proof against the size of the facts.

    python benchmarks/bench_release_audit.py [--db PATH] [--counties 1 8 0] [--k 10]

The demo's facts, cut to the people and survey answers of its first N counties (0: all of them; the geography
stays whole, so the grid is the demo's), are protected with ``release.protect`` (primary suppression, then a
certificate for every sensitive value), and the final pattern is attacked whole (``attacker.attack``, the linear
programs the tests run). Prints, per cut: hidden count cells per source, cells hidden only to protect others,
whether every value was certified, seconds for each step, and breaches found (0 expected). One run per cut;
numbers depend on the machine. Builds the demo first when --db is not given (not timed).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sectorscope.release import count_values, protect  # noqa: E402
from sectorscope.release.attacker import attack, hidden_size  # noqa: E402
from sectorscope.release.build import read_release_input  # noqa: E402
from sectorscope.release.suppression import relations  # noqa: E402


def demo_path(given: str | None) -> Path:
    if given:
        return Path(given)
    from sectorscope.sources.builder import build_demo_database

    path = Path(tempfile.mkdtemp()) / "demo.duckdb"
    build_demo_database(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db")
    parser.add_argument("--counties", type=int, nargs="+", default=[1, 8, 0])
    parser.add_argument("--k", type=int, default=10)
    args = parser.parse_args()
    con = duckdb.connect(str(demo_path(args.db)), read_only=True)
    data = read_release_input(con)
    con.close()
    print(f"load: {os.getloadavg()[0]:.2f}")
    print("counties | people | answers | hidden people cells | hidden employer cells | complementary | certified | "
          "certificates s | attack s | breaches")
    for first in args.counties:
        counties = set(sorted(data.geography.counties)[:first]) if first else set(data.geography.counties)
        cut = dataclasses.replace(data, people=data.people[data.people["county_fips"].isin(counties)],
                                  responses=data.responses[data.responses["county_fips"].isin(counties)])
        grid, values = count_values(cut)
        started = time.perf_counter()
        protection = protect(values, grid, cut.geography, args.k)
        certify_seconds = time.perf_counter() - started
        started = time.perf_counter()
        breaches, _ = attack(values, grid, relations(grid, cut.geography), protection.reasons, args.k)
        attack_seconds = time.perf_counter() - started
        size = hidden_size(protection.reasons)
        print(f"{first or 'all'} | {len(cut.people):,} | {len(cut.responses):,} | {size['people']:,} "
              f"| {size['employers']:,} | {protection.complementary:,} | {protection.certified} "
              f"| {certify_seconds:.1f} | {attack_seconds:.1f} | {len(breaches)}", flush=True)


if __name__ == "__main__":
    main()
