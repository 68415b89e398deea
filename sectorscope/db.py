"""Database access: read-only connections and named queries from ``queries/*.sql`` with bound parameters."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import duckdb
import pandas as pd

from sectorscope.config import QUERIES_DIR, duckdb_megabytes, duckdb_spill_dir

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


def run_query(con: duckdb.DuckDBPyConnection | ReadOnlyDatabase, name: str, **params: object) -> pd.DataFrame:
    """Run the named query with ``params`` bound as ``$name`` and return the result as a DataFrame.

    Each call takes its own cursor, since a DuckDB connection is not shared across threads.
    """
    cursor = con.cursor()
    try:
        return cursor.execute(query_sql(name), params or None).df()
    finally:
        cursor.close()


class ReadOnlyDatabase:
    """One version of a database file, read-only, in a DuckDB instance of its own.

    DuckDB reuses the instance already open for a path inside one process, so ``duckdb.connect(path)`` after a load
    swapped in a new file would still read the replaced one. Attaching the file to a fresh in-memory instance opens
    the file as it is now; the old version stays readable for whoever still holds it, and is closed (its disk space
    freed) once nobody does. Anything not defined here is passed to the underlying connection.
    """

    ALIAS = "live"

    def __init__(self, path: Path):
        self.path = Path(path)
        # DuckDB's working memory bounded per instance (its default is 80% of the machine's): config.duckdb_megabytes.
        # Its allocator (jemalloc on Linux) keeps what a query freed unless its background threads give it back: a
        # server that ran one large grouping stayed at its peak (900 MB of a 50x state's 1 GB, then 220 MB with them).
        self._connection = duckdb.connect(":memory:", config={"memory_limit": f"{duckdb_megabytes()}MiB",
                                                             "temp_directory": str(duckdb_spill_dir()),
                                                             "allocator_background_threads": True})
        literal = "'" + str(self.path).replace("'", "''") + "'"  # ATTACH takes no bound parameters
        self._connection.execute(f"attach {literal} as {self.ALIAS} (read_only)")
        self._connection.execute(f"use {self.ALIAS}")

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own (for one thread) reading this version of the file."""
        cursor = self._connection.cursor()
        cursor.execute(f"use {self.ALIAS}")
        return cursor

    def close(self) -> None:
        """Close the connection (and the file, once no cursor holds it)."""
        self._connection.close()

    def __getattr__(self, name: str):
        return getattr(self._connection, name)

    def __enter__(self) -> ReadOnlyDatabase:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def connect_read_only(path: Path) -> ReadOnlyDatabase:
    """Open the database file as it is now, for reading only (pages never write)."""
    return ReadOnlyDatabase(path)


FileIdentity = tuple[str, int, int, int, int]


def database_signature(path: Path) -> FileIdentity | None:
    """(path, device, inode, modification time in ns, size) of the database file, or None when it does not exist.

    A load swaps in a new file with an atomic rename (a new inode), so a changed signature means "reopen".
    """
    try:
        stat = Path(path).stat()
    except FileNotFoundError:
        return None
    return str(path), stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size
