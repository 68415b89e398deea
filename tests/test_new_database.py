"""A new database: copied from one empty database per process, yet the same as one made from scratch."""

from __future__ import annotations

import datetime as dt

import duckdb

from sectorscope import schema
from sectorscope.ingest import load


def _contents(path) -> dict[str, list[tuple]]:
    """Every table's rows in a stable order (the counties' provenance without its time)."""
    with duckdb.connect(str(path), read_only=True) as con:
        contents = {}
        for table in schema.tables():
            columns = [name for name in schema.tables()[table].column_names if name != "loaded_at"]
            listed = ", ".join(f'"{name}"' for name in columns)
            contents[table] = con.execute(f'select {listed} from "{table}" order by all').fetchall()
    return contents


def test_a_copied_database_holds_what_a_database_made_from_scratch_holds(tmp_path):
    made = tmp_path / "made.duckdb"
    load._write_empty_database(made)
    with duckdb.connect(str(made)) as con:
        con.execute("insert into schema_meta values ('state_fips', '08')")
    copied = tmp_path / "copied.duckdb"
    load.create_database(copied, state_fips="08")
    assert _contents(copied) == _contents(made)
    assert len(_contents(copied)["counties"]) == 3142  # the 50 states and DC


def test_the_empty_database_is_made_once_per_process(tmp_path, monkeypatch):
    load.create_database(tmp_path / "first.duckdb")
    made = []
    monkeypatch.setattr(load, "_write_empty_database", made.append)
    load.create_database(tmp_path / "second.duckdb", state_fips="42")
    load.create_database(tmp_path / "third.duckdb")
    assert made == []
    with duckdb.connect(str(tmp_path / "second.duckdb"), read_only=True) as con:
        assert con.execute("select value from schema_meta where key = 'state_fips'").fetchall() == [("42",)]
    with duckdb.connect(str(tmp_path / "third.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from schema_meta where key = 'state_fips'").fetchall() == [(0,)]


def test_the_counties_provenance_says_when_the_database_was_made(tmp_path):
    load.create_database(tmp_path / "early.duckdb")
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    load.create_database(tmp_path / "new.duckdb")
    with duckdb.connect(str(tmp_path / "new.duckdb"), read_only=True) as con:
        (loaded_at,), = con.execute("select loaded_at from datasets where table_name = 'counties'").fetchall()
    assert started <= loaded_at <= dt.datetime.now(dt.UTC).replace(tzinfo=None)
