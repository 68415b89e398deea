"""Measure loading large CSV files through the validating loader (read, validate, write): wall time and peak memory.

    python benchmarks/bench_load.py [--table wage_records] [--rows 1000000 10000000] [--runs 3] [--code PATH]

Starts from a small state's database (the tests' tiny state, plus enough participants for the wage records to refer
to), writes a valid CSV of ``--rows`` rows of ``--table`` (``wage_records``: 40 quarters per participant;
``participants``: people of the tiny state's two partnerships) and loads it (append) with ``readers.read_paths`` +
``ingest.load_batch``, each run in a fresh child process that reports its own peak resident memory (``VmHWM``).
``--code`` runs the load with the ``sectorscope`` package of another checkout (e.g. the commit before a change,
exported with ``git archive``), so before and after are measured on the same files. Not a test.
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

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
QUARTERS_PER_PERSON = 40  # 2014 Q1 to 2023 Q4


def participants_frame(rows: int, prefix: str = "B") -> pd.DataFrame:
    """A valid participants table of ``rows`` rows (vectorised, seeded)."""
    rng = np.random.default_rng(7)
    enrolled = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 3000, rows), unit="D")
    exited = enrolled + pd.to_timedelta(rng.integers(30, 400, rows), unit="D")
    pre = np.round(rng.uniform(9, 30, rows), 2)
    return pd.DataFrame({
        "participant_id": [f"{prefix}{i:08d}" for i in range(rows)],
        "partnership_id": rng.choice(["P1", "P2"], rows),
        "county_fips": rng.choice(["42071", "42029", "42133"], rows),
        "enrolled_on": enrolled.strftime("%Y-%m-%d"),
        "exited_on": exited.strftime("%Y-%m-%d"),
        "completed": rng.choice(["true", "false"], rows, p=[0.8, 0.2]),
        "credential_earned": rng.choice(["true", "false"], rows),
        "training_type": rng.choice(["occupational skills", "apprenticeship"], rows),
        "gender": rng.choice(["female", "male"], rows),
        "race_ethnicity": rng.choice(["White", "Asian", "not reported"], rows),
        "age_band": rng.choice(["16-24", "25-34", "35-44"], rows),
        "pre_hourly_wage": pre,
        "post_hourly_wage": np.round(pre + rng.normal(2, 1.5, rows), 2).clip(0),
        "employed_in_sector": rng.choice(["true", "false"], rows),
        "below_poverty_before": rng.choice(["true", "false"], rows),
        "below_poverty_after": rng.choice(["true", "false"], rows),
        "health_insurance_before": rng.choice(["true", "false"], rows),
        "health_insurance_after": rng.choice(["true", "false"], rows),
        "paid_sick_leave_before": rng.choice(["true", "false"], rows),
        "paid_sick_leave_after": rng.choice(["true", "false"], rows),
    })


def participants_csv(path: Path, rows: int) -> None:
    """A valid participants file of ``rows`` rows."""
    participants_frame(rows).to_csv(path, index=False)


def wage_records_csv(path: Path, rows: int, block: int = 1_000_000) -> None:
    """A valid wage-records file of ``rows`` rows: participants W00000000... with 40 quarters each (written in
    blocks, seeded); about one row in eight also names other employers."""
    rng = np.random.default_rng(11)
    with open(path, "w", newline="") as handle:
        handle.write("participant_id,year,quarter,employer_id,earnings_usd,hours,other_employer_ids\n")
        for start in range(0, rows, block):
            number = np.arange(start, min(start + block, rows))
            person, quarter = number // QUARTERS_PER_PERSON, number % QUARTERS_PER_PERSON
            frame = pd.DataFrame({
                "participant_id": pd.Series(person).map("W{:08d}".format),
                "year": 2014 + quarter // 4,
                "quarter": quarter % 4 + 1,
                "employer_id": pd.Series(rng.integers(1, 5000, len(number))).map("E{:05d}".format),
                "earnings_usd": np.round(rng.uniform(0, 20_000, len(number)), 2),
                "hours": np.where(rng.random(len(number)) < 0.3, np.nan, rng.integers(0, 600, len(number))),
                "other_employer_ids": np.where(rng.random(len(number)) < 0.125, "E00001;E00002", ""),
            })
            frame.to_csv(handle, index=False, header=False)


def base_database(path: Path, table: str, rows: int) -> None:
    """The tiny state, plus the participants the wage records refer to."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tests"))
    from tiny_state import tiny_tables

    from sectorscope.ingest import load as ingest

    tables = tiny_tables()
    if table == "wage_records":
        people = participants_frame(-(-rows // QUARTERS_PER_PERSON), prefix="W").astype(str)
        tables["participants"] = pd.concat([tables["participants"], people], ignore_index=True)
    ingest.load_batch(path, [ingest.TableInput(n, f, f"{n}.csv") for n, f in tables.items()])


def child(code: Path, database: Path, csv_path: Path) -> None:
    """One load, in this process; prints its timings as JSON."""
    sys.path.insert(0, str(code))
    from process_memory import own_peak_mb  # beside this script (a --code checkout may not have it)

    from sectorscope.ingest import load as ingest
    from sectorscope.ingest import readers

    started = time.perf_counter()
    read = readers.read_paths([csv_path], mode="append")
    assert not read.problems, read.problems[:3]
    after_read = time.perf_counter()
    result = ingest.load_batch(database, read.inputs)
    done = time.perf_counter()
    print(json.dumps({"read": after_read - started, "load": done - after_read, "total": done - started,
                      "rows": sum(result.rows.values()), "peak_mb": own_peak_mb()}))



def measured_run(code: Path, template: Path, csv_path: Path, scratch: Path) -> dict:
    """One load in a child process: its timings and peak resident memory (MB, the child's own ``VmHWM``)."""
    database = scratch / "state.duckdb"
    shutil.copyfile(template, database)
    environment = {**os.environ, "SECTORSCOPE_MAX_UPLOAD_MB": "100000", "PYTHONPATH": ""}
    with open(scratch / "child.out", "w+") as out, open(scratch / "child.err", "w+") as err:
        process = subprocess.Popen([sys.executable, __file__, "--child", str(code), str(database), str(csv_path)],
                                   stdout=out, stderr=err, env=environment, text=True)
        process.wait()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode:
        raise RuntimeError(f"the load failed:\n{stderr[-3000:]}")
    database.unlink()
    return json.loads(stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", choices=["wage_records", "participants"], default="wage_records")
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose sectorscope package loads")
    parser.add_argument("--scratch", type=Path, default=None, help="folder for the files (default: a temp folder)")
    args = parser.parse_args()
    print(f"table {args.table}; sectorscope from {args.code}")
    print(f"{'rows':>12} {'CSV MB':>8} {'read s':>8} {'load s':>8} {'total s':>8} {'peak MB':>8}   "
          "runs (total s / peak MB)")
    with tempfile.TemporaryDirectory(dir=args.scratch) as folder:
        folder = Path(folder)
        for rows in args.rows:
            csv_path = folder / f"{args.table}.csv"
            (wage_records_csv if args.table == "wage_records" else participants_csv)(csv_path, rows)
            template = folder / "template.duckdb"
            base_database(template, args.table, rows)
            runs = [measured_run(args.code, template, csv_path, folder) for _ in range(args.runs)]
            median = {key: statistics.median(run[key] for run in runs) for key in ("read", "load", "total", "peak_mb")}
            shown = ", ".join(f"{run['total']:.1f}/{run['peak_mb']:.0f}" for run in runs)
            print(f"{rows:>12,} {csv_path.stat().st_size / 1e6:>8,.0f} {median['read']:>8.1f} {median['load']:>8.1f} "
                  f"{median['total']:>8.1f} {median['peak_mb']:>8.0f}   {shown}", flush=True)
            template.unlink()
            csv_path.unlink()


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
    else:
        main()
