"""A load that runs out of the memory DuckDB may use is rejected whole, with one clear problem naming the limit and
what to do, never DuckDB's own message (about threads and settings) or a traceback; the database stays as it was."""

from __future__ import annotations

import hashlib
import os

import pytest
from tiny_state import tiny_tables

from sectorscope.ingest import load as ingest
from sectorscope.ingest.validation import ValidationError


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_load_over_the_memory_limit_is_refused_clearly_and_changes_nothing(live_db, monkeypatch):
    before = digest(live_db)
    monkeypatch.setenv("SECTORSCOPE_LOAD_MEMORY_MB", "4")  # far too little for DuckDB to check and write anything
    inputs = [ingest.TableInput(name, frame, f"{name}.csv", mode="upsert") for name, frame in tiny_tables().items()]
    with pytest.raises(ValidationError) as refused:
        ingest.load_batch(live_db, inputs)
    [problem] = refused.value.problems
    assert "SECTORSCOPE_LOAD_MEMORY_MB" in problem.message and "4 MB" in problem.message
    assert "nothing was loaded" in problem.message and "SET threads" not in problem.message
    assert digest(live_db) == before
    assert not list(live_db.parent.glob(f".{live_db.name}.loading-*"))  # no working copy left behind


def test_the_same_load_lands_with_memory_to_spare(live_db, monkeypatch):
    monkeypatch.setenv("SECTORSCOPE_LOAD_MEMORY_MB", "256")
    inputs = [ingest.TableInput(name, frame, f"{name}.csv", mode="upsert") for name, frame in tiny_tables().items()]
    assert ingest.load_batch(live_db, inputs).rows["participants"] == len(tiny_tables()["participants"])


def load_under_the_usual_umask(live_db, look) -> None:
    """Load the tiny state into ``live_db`` with the usual umask (022), ``look`` hearing its progress."""
    previous = os.umask(0o022)
    try:
        inputs = [ingest.TableInput(name, frame, f"{name}.csv", mode="upsert")
                  for name, frame in tiny_tables().items()]
        ingest.load_batch(live_db, inputs, progress=look)
    finally:
        os.umask(previous)


def test_a_loads_spill_folder_is_the_loaders_alone(live_db, monkeypatch):
    """DuckDB made the folder a load spills people's records into when it first spilled, with the process's umask
    (0755 under the usual 022) beside the database: readable by every local user where the data folder is."""
    monkeypatch.setenv("SECTORSCOPE_LOAD_MEMORY_MB", "256")
    seen = {}

    def look(fraction, message):  # while the load runs: its working copy and spill folder are there
        seen.update({path.name: path.stat().st_mode & 0o777
                     for path in live_db.parent.glob(f".{live_db.name}.loading-*/spill")})

    load_under_the_usual_umask(live_db, look)
    assert seen and set(seen.values()) == {0o700}


def test_a_release_rebuilds_working_copy_keeps_the_databases_mode(live_db, monkeypatch):
    """A load's working copy had the live file's mode at once; the copy of a release rebuild or an upgrade took the
    umask (0644: people's records readable by every local user) until it was swapped in."""
    live_db.chmod(0o600)
    seen = {}

    def look(fraction, message):
        seen.update({path.name: path.stat().st_mode & 0o777
                     for path in live_db.parent.glob(f".{live_db.name}.loading-*/{live_db.name}")})

    previous = os.umask(0o022)
    try:
        ingest.rebuild_release(live_db, progress=look)
    finally:
        os.umask(previous)
    assert seen and set(seen.values()) == {0o600}
    assert live_db.stat().st_mode & 0o777 == 0o600


def test_the_write_ahead_log_of_a_loads_copy_is_the_loaders_alone(live_db, monkeypatch):
    """DuckDB writes the working copy's log (people's records as they are written) with the process's umask and makes
    it again at every checkpoint: it lay beside the database as 0644 under the usual 022 however private the file
    (the live file 0600 here). Now every working copy, with its log and spill folder, lies in a folder only the loader
    can open."""
    live_db.chmod(0o600)
    seen = set()

    def look(fraction, message):  # while the load runs
        seen.update((path.is_dir(), path.stat().st_mode & 0o777)
                    for path in live_db.parent.glob(f".{live_db.name}.loading-*"))

    load_under_the_usual_umask(live_db, look)
    assert seen == {(True, 0o700)}
    assert not list(live_db.parent.glob(f".{live_db.name}.loading-*"))  # gone with the load


def test_duckdb_writes_a_copys_log_beside_it_in_its_private_folder(tmp_path):
    """What the private folder rests on: DuckDB's log (and nothing else of the copy's) is written next to the copy."""
    import duckdb

    previous = os.umask(0o022)
    try:
        work = ingest._temporary_path(tmp_path / "state.duckdb")
        with duckdb.connect(str(work)) as con:
            con.execute("create table people as select 1 as id")
            logs = list(tmp_path.rglob("*.wal"))
            assert [log.parent for log in logs] == [work.parent]
        assert work.parent.stat().st_mode & 0o777 == 0o700
        assert sorted(path.name for path in tmp_path.iterdir()) == [work.parent.name]
    finally:
        os.umask(previous)


def test_a_new_database_and_its_new_folder_are_their_owners_alone(tmp_path):
    """A state's first load made data/ 0755 and state.duckdb 0644: people's records readable by every user of the
    machine (a deployment reviewer). A new file is 0600 and a new folder 0700; an existing one keeps its own."""
    from tiny_state import tiny_tables

    from sectorscope.ingest import load as ingest

    path = tmp_path / "data" / "state.duckdb"
    tables = tiny_tables()
    ingest.load_batch(path, [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()])
    assert (path.stat().st_mode & 0o777, path.parent.stat().st_mode & 0o777) == (0o600, 0o700)
    path.chmod(0o640)  # widened by its administrator for a group: kept by the next load
    ingest.load_batch(path, [ingest.TableInput("regions", tables["regions"], "regions.csv")])
    assert path.stat().st_mode & 0o777 == 0o640
