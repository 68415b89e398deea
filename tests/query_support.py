"""Scaffolding shared by the query tests (tests/test_queries*.py): the filter values that select everything, the
module's read-only connection, and the test every named query gets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from sectorscope import db

# Filters that select every sector, county and year of the tiny state (each query adds its own parameters).
EVERYTHING = {"sector_codes": [], "county_fips": [], "year_from": 2015, "year_to": 2025}


def read_only(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to ``path``, closed afterwards; a module's ``con`` fixture does ``yield from`` it."""
    connection = db.connect_read_only(path)
    try:
        yield connection
    finally:
        connection.close()


def query_runs_test(parameters: dict[str, dict], header: str = "-- One row"):
    """The test each query of ``parameters`` gets (assign it to a ``test_`` name in the module): its file starts
    with the comment saying what a row is, and with these parameters it returns rows on the module's ``con``."""

    @pytest.mark.parametrize("name", sorted(parameters))
    def test_query_runs_and_starts_with_a_header_comment(con, name):
        assert db.query_sql(name).startswith(header)
        assert not db.run_query(con, name, **parameters[name]).empty

    return test_query_runs_and_starts_with_a_header_comment
