"""Measure loading real BLS QCEW files, and the industry page's work per view, as a user meets them.

    python benchmarks/bench_qcew_load.py [--runs 3] [--memory] [--code PATH]

1. ``qcew load`` of Pennsylvania's 69 quarterly 2016 files (355,612 rows, 11 MB gzipped) into a new database
   (creating it writes the U.S. county shapes, ~3.5 s) and into an existing one (upsert): read, make annual
   averages, validate, write, swap in.
2. Lancaster County's four annual files (7,745 rows) into a new database.
3. One view of the page's numbers: the area's rows and the reference's rows from DuckDB, the industry profile,
   shift-share and ranking, for one county and for a ten-county region (the demo database).
Prints the median of ``--runs`` runs of each. With ``--memory`` it measures only the loads (1 and 2), each in a
fresh child process, with its peak resident memory (the child's own ``VmHWM``); ``--code`` runs them with the
``sectorscope`` package of another checkout (e.g. the commit before a change, exported with ``git archive``). Needs
../shared/data/qcew-bls. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A child process (--memory) imports the package of the checkout it is given.
sys.path.insert(0, sys.argv[2] if sys.argv[1:2] == ["--child"] else str(ROOT))

from sectorscope import db  # noqa: E402
from sectorscope.metrics import labor_market as lm  # noqa: E402
from sectorscope.sources import qcew  # noqa: E402

QCEW = ROOT.parent / "shared" / "data" / "qcew-bls"
PENNSYLVANIA = QCEW / "quarterly-2016-by-area" / "pennsylvania"
LANCASTER = QCEW / "annual-by-area-lancaster-pa"


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def page_numbers(con, area_fips: list[str], start: int, end: int) -> None:
    """What the Industry page computes for one view (without drawing)."""
    rows = db.run_query(con, "industry_area_rows", area_fips=area_fips, own_code="5", level="4")
    reference = db.run_query(con, "industry_area_rows", area_fips=[qcew.US_AREA], own_code="5", level="4")
    partnerships = db.run_query(con, "industry_partnerships", sector_codes=[], county_fips=area_fips,
                                year_from=start, year_to=end, public_only=False)
    profile = lm.industry_profile(rows, reference, start_year=start, end_year=end)
    lm.rank_industries(profile, lm.partnership_coverage(list(profile["industry_code"]), partnerships),
                       lm.DEFAULT_WEIGHTS)
    lm.shift_share_table(rows, reference, start, end)


def child(code: Path, database: Path, folders: list[Path]) -> None:
    """One QCEW load in this process (for ``--memory``); prints its wall time as JSON."""
    from process_memory import own_peak_mb  # beside this script (a --code checkout may not have it)

    assert Path(qcew.__file__).resolve().is_relative_to(code.resolve())
    started = time.perf_counter()
    result = qcew.load_qcew_paths(database, folders)
    print(json.dumps({"seconds": time.perf_counter() - started, "rows": sum(result.rows.values()),
                      "peak_mb": own_peak_mb()}))


def measured_load(code: Path, database: Path, folders: list[Path], scratch: Path) -> tuple[float, float]:
    """(wall seconds, peak resident MB) of one load in a fresh child process."""
    with open(scratch / "child.out", "w+") as out, open(scratch / "child.err", "w+") as err:
        process = subprocess.Popen([sys.executable, __file__, "--child", str(code), str(database), *map(str, folders)],
                                   stdout=out, stderr=err, env={**os.environ, "PYTHONPATH": ""})
        process.wait()
        out.seek(0)
        err.seek(0)
        if process.returncode:
            raise RuntimeError(f"the load failed:\n{err.read()[-3000:]}")
        measured = json.loads(out.read().strip().splitlines()[-1])
    return measured["seconds"], measured["peak_mb"]


def memory_table(code: Path, runs: int) -> None:
    """Wall time and peak memory of the loads, each in a child process: medians of ``runs``."""
    scenarios = {
        "PA 2016 quarterly, 69 files -> new database": ([PENNSYLVANIA], False),
        "PA 2016 quarterly, 69 files -> existing database (upsert)": ([PENNSYLVANIA], True),
        "Lancaster annual 2013-2016, 4 files -> new database": ([LANCASTER], False),
    }
    print(f"sectorscope from {code}")
    print(f"{'load':<62} {'median s':>9} {'peak MB':>8}   runs (s / MB)")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for name, (folders, existing) in scenarios.items():
            measured = []
            for run in range(runs):
                database = folder / f"run-{run}.duckdb"
                if existing:
                    measured_load(code, database, folders, folder)
                measured.append(measured_load(code, database, folders, folder))
                database.unlink()
            shown = ", ".join(f"{s:.1f}/{m:.0f}" for s, m in measured)
            print(f"{name:<62} {statistics.median(s for s, _ in measured):>9.1f} "
                  f"{statistics.median(m for _, m in measured):>8.0f}   {shown}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--memory", action="store_true", help="only the loads, in child processes, with peak memory")
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose sectorscope package loads")
    args = parser.parse_args()
    if not PENNSYLVANIA.is_dir():
        print(f"needs {PENNSYLVANIA}", file=sys.stderr)
        return 1
    if args.memory:
        memory_table(args.code, args.runs)
        return 0
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for run in range(args.runs):
            new = folder / f"pa-{run}.duckdb"
            results.setdefault("PA 2016 quarterly, 69 files -> new database", []).append(
                timed(lambda new=new: qcew.load_qcew_paths(new, [PENNSYLVANIA])))
            results.setdefault("PA 2016 quarterly, 69 files -> existing database (upsert)", []).append(
                timed(lambda new=new: qcew.load_qcew_paths(new, [PENNSYLVANIA])))
            lancaster = folder / f"lancaster-{run}.duckdb"
            results.setdefault("Lancaster annual 2013-2016, 4 files -> new database", []).append(
                timed(lambda lancaster=lancaster: qcew.load_qcew_paths(lancaster, [LANCASTER])))
        from sectorscope.sources.builder import build_demo_database

        demo = folder / "demo.duckdb"
        build_demo_database(demo)
        con = db.connect_read_only(demo)
        region = db.run_query(con, "regions")["county_fips"].iloc[0]
        for _ in range(args.runs):
            results.setdefault("page numbers, one county (demo)", []).append(
                timed(lambda: page_numbers(con, ["42071"], 2019, 2024)))
            results.setdefault(f"page numbers, region of {len(region)} counties (demo)", []).append(
                timed(lambda: page_numbers(con, list(region), 2019, 2024)))
        con.close()
        shutil.rmtree(folder, ignore_errors=True)
    for name, seconds in results.items():
        print(f"{name:<62} median {statistics.median(seconds):6.2f} s  (runs: "
              + ", ".join(f"{s:.2f}" for s in seconds) + ")")
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), Path(sys.argv[3]), [Path(p) for p in sys.argv[4:]])
    else:
        sys.exit(main())
