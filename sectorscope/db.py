"""Database access: read-only connections and named queries from ``queries/*.sql`` with bound parameters."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import duckdb
import pandas as pd

from sectorscope.config import QUERIES_DIR

_QUERY_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class MissingQueryError(LookupError):
    """No file ``queries/<name>.sql``."""


@functools.cache
def query_sql(name: str) -> str:
    """Text of ``queries/<name>.sql``; names are plain identifiers, so a name can never be a path."""
    if not _QUERY_NAME.match(name):
        raise MissingQueryError(f"not a query name: {name!r}")
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise MissingQueryError(f"no query file {path}")
    return path.read_text()


def run_query(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    """Run the named query with ``params`` bound as ``$name`` and return the result as a DataFrame.

    Each call takes its own cursor, since a DuckDB connection is not shared across threads.
    """
    cursor = con.cursor()
    try:
        return cursor.execute(query_sql(name), params or None).df()
    finally:
        cursor.close()


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """Open the database file for reading only (pages never write)."""
    return duckdb.connect(str(path), read_only=True)


def database_signature(path: Path) -> tuple[str, int] | None:
    """(path, modification time in ns) of the database file, or None when it does not exist.

    A load swaps in a new file with an atomic rename, so a changed signature means "reopen".
    """
    try:
        return str(path), path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
