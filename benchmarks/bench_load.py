"""Measure loading a million-row participants CSV through the validating loader (read, validate, write).

    python benchmarks/bench_load.py [--rows 1000000]

Starts from a small state's database (the tests' tiny state), writes a CSV of ``--rows`` participants of its two
partnerships, and times ``readers.read_paths`` + ``ingest.load_batch`` (append). Not a test.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from tiny_state import tiny_tables  # noqa: E402

from sectorscope.ingest import load as ingest  # noqa: E402
from sectorscope.ingest import readers  # noqa: E402


def participants_csv(path: Path, rows: int) -> None:
    """A valid participants file of ``rows`` rows (vectorised, seeded)."""
    rng = np.random.default_rng(7)
    enrolled = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 3000, rows), unit="D")
    exited = enrolled + pd.to_timedelta(rng.integers(30, 400, rows), unit="D")
    pre = np.round(rng.uniform(9, 30, rows), 2)
    frame = pd.DataFrame({
        "participant_id": [f"B{i:08d}" for i in range(rows)],
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
    frame.to_csv(path, index=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = parser.parse_args().rows
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "state.duckdb"
        ingest.load_batch(db, [ingest.TableInput(n, f, f"{n}.csv") for n, f in tiny_tables().items()])
        csv_path = Path(folder) / "participants.csv"
        participants_csv(csv_path, rows)
        size = csv_path.stat().st_size / 1e6
        started = time.perf_counter()
        read = readers.read_paths([csv_path], mode="append")
        assert not read.problems, read.problems[:3]
        after_read = time.perf_counter()
        marks = {}
        ingest.load_batch(db, read.inputs, progress=lambda f, m: marks.setdefault(m, time.perf_counter()))
        done = time.perf_counter()
    print(f"{rows:,} participants, {size:,.0f} MB CSV")
    print(f"read CSV               {after_read - started:6.1f} s")
    previous = after_read
    for message, moment in marks.items():
        print(f"  until '{message}' {moment - previous:6.1f} s")
        previous = moment
    print(f"read + validate + load {done - started:6.1f} s")


if __name__ == "__main__":
    main()
