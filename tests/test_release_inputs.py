"""The public release is computed again by every load that changes what it rests on, and only by those: a load of
QCEW, QWI or wage records alone keeps it (``release.build.release_is_current``)."""

from __future__ import annotations

import re

import duckdb
import pandas as pd
import pytest
from tiny_state import tiny_tables

from sectorscope import db, schema
from sectorscope.ingest import load as ingest
from sectorscope.release.build import RELEASE_INPUT_TABLES

RELEASE_QUERIES = {  # read_release_input's queries and their parameters
    "active_state": {}, "state_counties": {"state_fips": "42"}, "release_region_counties": {"state_fips": "42"},
    "release_partnerships": {}, "release_people": {}, "release_responses": {}, "release_grants": {}}


def release_of(path) -> pd.DataFrame:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select * from release_cells order by all").df()


@pytest.fixture
def builds(monkeypatch) -> list[int]:
    """One entry per computation of the release during the test."""
    calls: list[int] = []
    real = ingest.build_release
    monkeypatch.setattr(ingest, "build_release", lambda con, **kwargs: calls.append(1) or real(con, **kwargs))
    return calls


def load(path, table: str, frame: pd.DataFrame) -> None:
    ingest.load_batch(path, [ingest.TableInput(table, frame, f"{table}.csv", "upsert")])


def test_the_release_inputs_are_the_tables_its_queries_read(tiny_db):
    """Read from DuckDB's own plans: a release query that started reading another table fails this. The state
    (``active_state``, which falls back on the QCEW's state for a registry without counties) is not among them: a
    load compares it before and after and builds the release again when it changed (``state_changed``)."""
    read = set()
    with duckdb.connect(str(tiny_db), read_only=True) as con:
        for name, params in RELEASE_QUERIES.items():
            if name == "active_state":
                continue
            plan = "\n".join(row[1] for row in con.execute("explain " + db.query_sql(name), params or None).fetchall())
            read |= {table for table in schema.LOADABLE_TABLES if re.search(rf"\b{table}\b", plan)}
    assert read == RELEASE_INPUT_TABLES


def test_a_wage_record_load_keeps_the_release_and_it_is_still_what_a_build_gives(tiny_db, database_copy, builds):
    live = database_copy(tiny_db)
    before = release_of(live)
    wages = tiny_tables()["wage_records"].assign(earnings_usd=["9100", "9200"])  # other earnings, same keys
    load(live, "wage_records", wages)
    assert builds == [] and release_of(live).equals(before)
    rebuilt = database_copy(live, "rebuilt.duckdb")
    load(rebuilt, "participants", tiny_tables()["participants"])  # same people again: computed anew
    assert builds == [1]
    pd.testing.assert_frame_equal(release_of(rebuilt), before)


def test_a_load_of_a_table_the_release_rests_on_computes_it_again(tiny_db, database_copy, builds):
    live = database_copy(tiny_db)
    load(live, "grants", tiny_tables()["grants"].head(1))
    assert builds == [1]


def test_a_changed_k_takes_effect_at_the_next_load_of_any_table(tiny_db, database_copy, builds, monkeypatch):
    live = database_copy(tiny_db)
    monkeypatch.setenv("SECTORSCOPE_MIN_CELL", "3")
    load(live, "wage_records", tiny_tables()["wage_records"])
    assert builds == [1] and set(release_of(live)["min_cell"]) == {3}
