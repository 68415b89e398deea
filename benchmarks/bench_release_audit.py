"""Measure the release build's attack-and-repair loop against the size of the release.

    python benchmarks/bench_release_audit.py [--db PATH] [--counties 1 2 4 8]

The demo's facts, cut to the people and survey answers of its first N counties (the geography stays whole, so
the grid is the demo's), are protected with ``release.protect``: per-relation suppression alone, then with the
audit (the attacker's linear programs and the repairs, whatever ``SECTORSCOPE_RELEASE_AUDIT_LIMIT`` says). Prints,
per cut: hidden count cells per source, seconds without and with the audit, repair rounds' added cells. One run
per cut (the audit is minutes at the larger cuts); numbers depend on the machine. Builds the demo first when --db
is not given (not timed).
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
from sectorscope.release.attacker import hidden_size  # noqa: E402
from sectorscope.release.build import read_release_input  # noqa: E402


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
    parser.add_argument("--counties", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--k", type=int, default=10)
    args = parser.parse_args()
    con = duckdb.connect(str(demo_path(args.db)), read_only=True)
    data = read_release_input(con)
    con.close()
    os.environ.setdefault("SECTORSCOPE_RELEASE_AUDIT_LIMIT", "1000000")
    print(f"audit limit {os.environ['SECTORSCOPE_RELEASE_AUDIT_LIMIT']}; load: {os.getloadavg()[0]:.2f}")
    print("counties | people | answers | hidden people cells | hidden employer cells | per-relation s | audited s | "
          "repairs")
    for first in args.counties:
        counties = set(sorted(data.geography.counties)[:first])
        cut = dataclasses.replace(data, people=data.people[data.people["county_fips"].isin(counties)],
                                  responses=data.responses[data.responses["county_fips"].isin(counties)])
        grid, values = count_values(cut)
        started = time.perf_counter()
        plain = protect(values, grid, cut.geography, args.k, audit=False)
        plain_seconds = time.perf_counter() - started
        started = time.perf_counter()
        audited = protect(values, grid, cut.geography, args.k)
        audited_seconds = time.perf_counter() - started
        size = hidden_size(plain.reasons)
        print(f"{first} | {len(cut.people):,} | {len(cut.responses):,} | {size['people']:,} | {size['employers']:,} "
              f"| {plain_seconds:.1f} | {audited_seconds:.1f} ({'audited' if audited.audited else 'not audited'}) "
              f"| {audited.repairs}", flush=True)


if __name__ == "__main__":
    main()
