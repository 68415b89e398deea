"""Corrupt inputs never crash the loader and never change the database; a killed load leaves it as it was."""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import time

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tiny_state import tiny_tables

from sectorscope.config import PROJECT_ROOT
from sectorscope.ingest import load as ingest
from sectorscope.ingest import readers
from sectorscope.ingest.validation import ValidationError

BATCH_TABLES = ("partnerships", "partners", "participants", "employer_surveys")


def valid_files() -> dict[str, bytes]:
    return {f"{name}.csv": tiny_tables()[name].to_csv(index=False).encode() for name in BATCH_TABLES}


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def try_load(db, files: dict[str, bytes]) -> bool:
    """Read and load the files; True when loaded, False when rejected with a report. Anything else raises."""
    inputs, problems = [], []
    for name, data in files.items():
        result = readers.read_upload(name, data)
        inputs += result.inputs
        problems += result.problems
    if problems:
        assert all(p.source in files for p in problems)
        return False
    try:
        ingest.load_batch(db, inputs)
    except ValidationError as error:
        assert error.problems and all(p.source in files for p in error.problems)
        return False
    return True


def corrupt(files: dict[str, bytes], data) -> dict[str, bytes]:
    name = data.draw(st.sampled_from(sorted(files)))
    raw = files[name]
    frame = pd.read_csv(pd.io.common.BytesIO(raw), dtype=str, keep_default_na=False)
    kind = data.draw(st.sampled_from(["drop_column", "bad_code", "duplicate_key", "truncate", "utf16", "empty",
                                      "junk", "formula"]))
    if kind == "drop_column":
        frame = frame.drop(columns=[frame.columns[0]])  # the first column is always a required key
        changed = frame.to_csv(index=False).encode()
    elif kind == "bad_code":
        column = {"partnerships": "sector_code", "partners": "partner_type", "participants": "county_fips",
                  "employer_surveys": "employer_id"}[name.removesuffix(".csv")]
        frame.loc[data.draw(st.integers(0, len(frame) - 1)), column] = data.draw(
            st.sampled_from(["ZZZ", "99999", "-1", "<script>"]))
        changed = frame.to_csv(index=False).encode()
    elif kind == "duplicate_key":
        frame = pd.concat([frame, frame.iloc[[0]]], ignore_index=True)
        changed = frame.to_csv(index=False).encode()
    elif kind == "truncate":
        changed = raw[: data.draw(st.integers(0, len(raw.splitlines()[0]) - 1))]  # inside the header
    elif kind == "utf16":  # without its byte order mark (with one, Excel's "Unicode Text", it is read)
        changed = raw.decode().encode("utf-16-le")
    elif kind == "empty":
        changed = b""
    elif kind == "junk":
        changed = data.draw(st.binary(min_size=1, max_size=300)) + b"\x00\xff\xfe"
    else:
        text_column = {"partnerships": "name", "partners": "organization", "participants": "gender",
                       "employer_surveys": "survey_year"}[name.removesuffix(".csv")]
        frame.loc[0, text_column] = '=HYPERLINK("http://example.invalid","x")'
        changed = frame.to_csv(index=False).encode()
    return {**files, name: changed}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_corrupted_batches_are_rejected_whole_and_change_nothing(live_db, data):
    before = digest(live_db)
    loaded = try_load(live_db, corrupt(valid_files(), data))
    assert not loaded, "a corrupted batch was loaded"
    assert digest(live_db) == before


def test_the_valid_batch_still_loads_after_rejections(live_db):
    assert not try_load(live_db, {**valid_files(), "participants.csv": b"\x00junk"})
    assert try_load(live_db, valid_files())


def test_shuffled_columns_still_load(live_db):
    frame = tiny_tables()["participants"]
    shuffled = frame[list(reversed(frame.columns))].to_csv(index=False).encode()
    assert try_load(live_db, {**valid_files(), "participants.csv": shuffled})


def test_a_killed_load_leaves_the_database_exactly_as_it_was(live_db, tmp_path):
    sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
    from bench_load import participants_csv

    big = tmp_path / "participants.csv"
    participants_csv(big, 400_000)
    before = digest(live_db)
    process = subprocess.Popen([sys.executable, "-m", "sectorscope", "load", str(big), "--mode", "append",
                                "--db", str(live_db)], cwd=PROJECT_ROOT, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    for line in process.stderr:  # kill it once it is writing into its private copy
        if "Checking the files" in line or "Writing" in line or time.monotonic() > deadline:
            break
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    assert process.returncode == -signal.SIGKILL
    assert digest(live_db) == before
    leftovers = list(live_db.parent.glob(".live.duckdb.loading-*"))
    assert leftovers, "the killed load should have been mid-way, in its private copy"
    assert try_load(live_db, {"stories.csv": tiny_tables()["stories"].to_csv(index=False).encode()})
    assert not list(live_db.parent.glob(".live.duckdb.loading-*")), "abandoned copy not cleaned up"
