"""What the query tests (tests/test_queries*.py) share: the unfiltered selection, a read-only connection for a
module's ``con`` fixture, and the test every query file must pass (its header comment, rows with its parameters)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from sectorscope import db

EVERYTHING = {"sector_codes": [], "county_fips": [], "year_from": 2015, "year_to": 2025}  # no filter: all of it


def read_only(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to ``path``, closed when the module's tests are done: ``yield from read_only(path)``
    in a module-scoped ``con`` fixture."""
    connection = db.connect_read_only(path)
    yield connection
    connection.close()


def query_runs_test(parameters: dict[str, dict]):
    """The test every query file passes, for the queries a module gives parameters for: its first line is the
    header comment saying what one row is, and it returns rows on the module's database (fixture ``con``).
    Use as ``test_query_runs_and_starts_with_a_header_comment = query_runs_test(PARAMETERS)``."""

    @pytest.mark.parametrize("name", sorted(parameters))
    def test_query_runs_and_starts_with_a_header_comment(con, name):
        assert db.query_sql(name).startswith("-- One row")
        assert not db.run_query(con, name, **parameters[name]).empty

    return test_query_runs_and_starts_with_a_header_comment
