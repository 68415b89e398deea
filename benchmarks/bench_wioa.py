"""Measure the table "WIOA indicators by program year" on the demo, cold and cached, as the Worker outcomes page gets
it (``sectorscope.ui.wioa.wioa_report``, Streamlit's cache in bare mode).

    python benchmarks/bench_wioa.py [--db PATH] [--runs 7] [--memory-runs 3]

1. Cold, from nothing: every Streamlit cache cleared, so the page's queries (``wioa_exiters``,
   ``skill_gain_participants``, ``wage_record_coverage``) run too, then the table is computed.
2. Cold table, queries cached: only the WIOA table's cache cleared (a selection seen before by other parts of the
   page, not yet by the table).
3. Cached: the same selection again (a rerun).
4. Peak memory: in ``--memory-runs`` fresh processes (0: skip), the server's resident memory before the table and at
   its peak while computing it cold from nothing (``ru_maxrss``: the queries, the WIOA computation and the cache
   entries), with the seconds that took.
The selection is the whole demo (2015-2025, every sector, county and partnership, staff view). Prints the median of
``--runs`` runs of each. Not a test: numbers depend on the machine. Builds the demo first when --db is not given (not
timed).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUERY = {"sector_codes": [], "county_fips": [], "year_from": 2015, "year_to": 2025, "by_partnership_county": False,
         "public_only": False}


def timed(step) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def resident_mb() -> float:
    """This process's resident memory now, in MB (Linux /proc)."""
    with open("/proc/self/status") as status:
        kilobytes = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    return kilobytes / 1024


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB (``ru_maxrss`` is in kB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_memory(path: Path) -> None:
    """Child process: compute the table once, cold, and print resident memory before it, its peak and seconds."""
    os.environ["SECTORSCOPE_DB"] = str(path.resolve())
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from sectorscope.metrics import wioa
    from sectorscope.ui import wioa as ui_wioa
    from sectorscope.ui.data import fetch

    names_frame = fetch("partnership_choices", public_only=False)
    names = dict(zip(names_frame["partnership_id"], names_frame["name"], strict=True))
    years = wioa.complete_program_years(QUERY["year_from"], QUERY["year_to"])
    before = resident_mb()
    seconds = timed(lambda: ui_wioa.wioa_report(QUERY, None, years, names, frozenset({"wage_records"})))
    print(json.dumps({"before_mb": before, "peak_mb": peak_mb(), "seconds": seconds}))


def memory_runs(path: Path, runs: int) -> None:
    """Run ``measure_memory`` in ``runs`` fresh processes and print the medians."""
    results = []
    for _ in range(runs):
        child = subprocess.run([sys.executable, __file__, "--db", str(path), "--memory-child"], check=True,
                               capture_output=True, text=True)
        results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    median = {key: statistics.median(result[key] for result in results) for key in results[0]}
    print(f"Peak memory, cold from nothing in a fresh process (median of {runs}; load average "
          f"{' '.join(f'{load:.2f}' for load in os.getloadavg())}):")
    print(f"  before the table {median['before_mb']:9.0f} MB   peak {median['peak_mb']:9.0f} MB   "
          f"in {median['seconds']:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="a demo database (default: build one in a temporary folder)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--memory-runs", type=int, default=3, help="fresh processes measuring peak memory (0: skip)")
    parser.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        measure_memory(args.db)
        return
    folder = tempfile.TemporaryDirectory()
    path = args.db
    if path is None:
        from sectorscope.sources.builder import build_demo_database

        path = Path(folder.name) / "demo.duckdb"
        build_demo_database(path)
    os.environ["SECTORSCOPE_DB"] = str(path.resolve())
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # bare mode warns that there is no app running

    import streamlit as st

    from sectorscope.metrics import wioa
    from sectorscope.ui import wioa as ui_wioa
    from sectorscope.ui.data import fetch, forget_cached_data

    names_frame = fetch("partnership_choices", public_only=False)
    names = dict(zip(names_frame["partnership_id"], names_frame["name"], strict=True))
    years = wioa.complete_program_years(QUERY["year_from"], QUERY["year_to"])

    def table():
        return ui_wioa.wioa_report(QUERY, None, years, names, frozenset({"wage_records"}))

    def cold():
        forget_cached_data()  # Streamlit's caches and the query results' own cache
        st.cache_resource.clear()
        return timed(table)

    def cold_table():
        table()  # the queries in the cache
        ui_wioa._report.clear()
        return timed(table)

    def cached():
        table()
        return timed(table)

    rows = len(table())
    results = {name: [step() for _ in range(args.runs)] for name, step in
               (("cold, from nothing", cold), ("cold table, queries cached", cold_table), ("cached", cached))}
    print(f"WIOA table on {path.name}: PY {years[0]}-{years[-1]}, {rows} rows (statewide and by partnership); "
          f"median of {args.runs} runs")
    for name, seconds in results.items():
        print(f"  {name:<28} {statistics.median(seconds) * 1000:9.1f} ms")
    if args.memory_runs:
        memory_runs(path, args.memory_runs)
    folder.cleanup()


if __name__ == "__main__":
    main()
