"""Wage records keep one row per participant and quarter without an index of every record (schema version 7): the
loader checks the key, a database of version 6 (with the index) is still read as it is and is upgraded by its next
load, and a load that runs out of memory while committing is refused like any other that runs out."""

from __future__ import annotations

import hashlib

import duckdb
import pandas as pd
import pytest
from older_versions import make_version_6
from page_support import metrics_of, open_page
from tiny_state import tiny_tables

from sectorscope import db, schema
from sectorscope.ingest import load as ingest
from sectorscope.ingest.validation import ValidationError


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def declared_keys(path) -> list:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select constraint_type from duckdb_constraints() where table_name = 'wage_records' "
                           "and constraint_type in ('PRIMARY KEY', 'UNIQUE')").fetchall()


def wage_rows(path) -> list:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select * from wage_records order by all").fetchall()


@pytest.fixture
def version_6_db(live_db):
    """The tiny state as Sectorscope's data model 6 made it: wage_records with its primary key index."""
    make_version_6(live_db)
    assert declared_keys(live_db) == [("PRIMARY KEY",)]
    return live_db


def test_wage_records_have_a_key_the_loader_checks_and_no_index(live_db):
    assert schema.tables()["wage_records"].primary_key == ("participant_id", "year", "quarter")
    assert declared_keys(live_db) == []


def test_a_wage_record_twice_in_a_file_is_rejected(live_db):
    before = sha256(live_db)
    records = tiny_tables()["wage_records"]
    twice = pd.concat([records, records.iloc[:1]], ignore_index=True)
    with pytest.raises(ValidationError) as refused:
        ingest.load_batch(live_db, [ingest.TableInput("wage_records", twice, "wages.csv", mode="replace")])
    assert any("duplicate key" in problem.message and problem.row == 2 for problem in refused.value.problems)
    assert sha256(live_db) == before


def test_a_wage_record_already_loaded_is_rejected_when_appended_and_replaced_when_upserted(live_db):
    before = sha256(live_db)
    first = tiny_tables()["wage_records"].iloc[:1].copy()
    with pytest.raises(ValidationError) as refused:
        ingest.load_batch(live_db, [ingest.TableInput("wage_records", first, "more.csv", mode="append")])
    assert any("already loaded" in problem.message and problem.row == 2 for problem in refused.value.problems)
    assert sha256(live_db) == before
    first["earnings_usd"] = "7201"
    ingest.load_batch(live_db, [ingest.TableInput("wage_records", first, "fix.csv", mode="upsert")])
    rows = wage_rows(live_db)
    assert len(rows) == len(tiny_tables()["wage_records"])
    assert [row[4] for row in rows if row[:3] == ("A", 2017, 3)] == [7201.0]


def test_a_version_6_database_is_read_as_it_is(version_6_db, tiny_db, monkeypatch):
    """Its pages show what the same data shows in the current version (not the message asking to load again)."""
    cards = {}
    for version, path in (("6", version_6_db), ("current", tiny_db)):
        at = open_page("pages/3_Worker_outcomes.py", path, monkeypatch)
        assert not at.error, version
        cards[version] = metrics_of(at)
    assert cards["6"] == cards["current"] and cards["6"]["Mean hourly wage gain"].startswith("+$")


def test_the_next_load_upgrades_a_version_6_database_and_keeps_its_records(version_6_db):
    records_before = wage_rows(version_6_db)
    more = tiny_tables()["regions"]
    said = []
    ingest.load_batch(version_6_db, [ingest.TableInput("regions", more, "regions.csv", mode="upsert")],
                      progress=lambda fraction, message: said.append(message))
    assert any("current data model" in message for message in said)
    with duckdb.connect(str(version_6_db), read_only=True) as con:
        assert schema.schema_version(con) == schema.SCHEMA_VERSION == 16
        comment = con.execute("select comment from duckdb_columns() where table_name = 'wage_records' "
                              "and column_name = 'earnings_usd'").fetchone()[0]
    assert declared_keys(version_6_db) == []
    assert wage_rows(version_6_db) == records_before
    assert comment == schema.tables()["wage_records"].column("earnings_usd").meaning


def test_a_rejected_load_leaves_a_version_6_database_as_it_was(version_6_db):
    before = sha256(version_6_db)
    broken = tiny_tables()["regions"].assign(region_id="")
    with pytest.raises(ValidationError):
        ingest.load_batch(version_6_db, [ingest.TableInput("regions", broken, "regions.csv", mode="upsert")])
    assert sha256(version_6_db) == before


def test_running_out_of_memory_while_committing_is_recognised(monkeypatch):
    monkeypatch.setenv("SECTORSCOPE_LOAD_MEMORY_MB", "512")
    failed = duckdb.TransactionException(
        "TransactionContext Error: Failed to commit: failed to pin block of size 256.0 KiB (488.1 MiB/488.2 MiB used)")
    assert db.out_of_memory_cause(failed) is failed
    problem = ingest.out_of_memory_problem([], 512, failed)
    assert "512 MB" in problem.message and "nothing was loaded" in problem.message
    assert "TransactionContext" not in problem.message and "Failed to commit" in problem.message
    assert db.out_of_memory_cause(duckdb.TransactionException("Failed to commit: a conflict")) is None


def test_the_load_memory_limit_defaults_to_a_bound_and_zero_leaves_it_to_duckdb(monkeypatch):
    monkeypatch.delenv("SECTORSCOPE_LOAD_MEMORY_MB", raising=False)
    assert ingest.load_memory_mb() == ingest.DEFAULT_LOAD_MEMORY_MB
    monkeypatch.setenv("SECTORSCOPE_LOAD_MEMORY_MB", "0")
    assert ingest.load_memory_mb() is None
    monkeypatch.setenv("SECTORSCOPE_LOAD_MEMORY_MB", "768")
    assert ingest.load_memory_mb() == 768


def test_running_out_within_the_default_limit_says_it_was_the_default(monkeypatch):
    monkeypatch.delenv("SECTORSCOPE_LOAD_MEMORY_MB", raising=False)
    failed = duckdb.OutOfMemoryException("Out of Memory Error: failed to allocate data of size 16.0 MiB")
    problem = ingest.out_of_memory_problem([], ingest.DEFAULT_LOAD_MEMORY_MB, failed)
    assert "the 400 MB a load may use unless SECTORSCOPE_LOAD_MEMORY_MB says more" in problem.message
    assert "set SECTORSCOPE_LOAD_MEMORY_MB higher" in problem.message
