"""Database access: read-only connections and named queries from ``queries/*.sql`` with bound parameters."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

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


@functools.cache
def query_digest(name: str) -> str:
    """SHA-256 of the text of ``queries/<name>.sql``: a result kept with it is read only by code whose query is the
    same text (``ReadOnlyDatabase.kept_result``)."""
    return hashlib.sha256(query_sql(name).encode()).hexdigest()


def _digest_or_none(name: str) -> str | None:
    """``query_digest(name)``, or None when this version has no such query (a newer Sectorscope kept it)."""
    try:
        return query_digest(name)
    except MissingQueryError:
        return None


def out_of_memory_cause(error: BaseException) -> duckdb.Error | None:
    """The out-of-memory error behind ``error``: itself, or one it was raised while handling (after running out of
    memory, DuckDB refuses every statement of the aborted transaction, so the error that surfaces can be a later
    one). A commit that runs out reports it as a failed transaction ("Failed to commit: failed to pin block ...")."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, duckdb.OutOfMemoryException) or (
                isinstance(seen, duckdb.TransactionException) and "failed to pin block" in str(seen).lower()):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def run_query(con: duckdb.DuckDBPyConnection | ReadOnlyDatabase, name: str, **params: object) -> pd.DataFrame:
    """Run the named query with ``params`` bound as ``$name`` and return the result as a DataFrame.

    Each call takes its own cursor, since a DuckDB connection is not shared across threads. On a ``ReadOnlyDatabase``
    the query waits for its turn (``QueryGate``) and, when DuckDB runs out of memory beside other queries, runs
    again alone; a result the load kept for these parameters (``ReadOnlyDatabase.kept_result``) is read instead.
    """
    gate = getattr(con, "query_gate", None)
    if gate is None:
        return _run_sql(con, query_sql(name), params)
    kept = con.kept_result(name, params)
    if kept is not None:
        return kept
    with gate.turn():
        try:
            return _run_sql(con, query_sql(name), params)
        except duckdb.OutOfMemoryException:
            pass  # other queries held the memory: below, once they are done
    with gate.alone():
        return _run_sql(con, query_sql(name), params)


def parameters_text(params: dict[str, object]) -> str | None:
    """Query parameters as the text that keys a kept result: JSON with sorted keys (None when a value has no JSON
    form, such as a date: such a query is never kept)."""
    try:
        return json.dumps(params, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):
        return None


def _run_sql(con: duckdb.DuckDBPyConnection | ReadOnlyDatabase, sql: str, params: dict[str, object]) -> pd.DataFrame:
    cursor = con.cursor()
    try:
        return cursor.execute(sql, params or None).df()
    finally:
        cursor.close()


class QueryGate:
    """At most ``turns`` queries at once in one DuckDB instance, and a way to run one alone.

    The instance's memory (``config.duckdb_megabytes``) is shared by every query running in it, and what a grouping
    holds for its medians cannot spill to disk: at 50x the demo's participants, four sessions opening four Worker
    views at the same moment made two of them fail with DuckDB's out-of-memory error, while two at a time ran. Each
    query already uses every core, so more at once gains nothing. A query that still runs out of memory beside
    another runs again once it has the instance to itself.
    """

    def __init__(self, turns: int) -> None:
        if turns < 1:
            raise ValueError("turns must be at least 1")
        self.turns = turns
        self._free = threading.BoundedSemaphore(turns)
        self._one_alone = threading.Lock()  # two queries wanting to be alone take every turn one after the other

    @contextlib.contextmanager
    def turn(self) -> Iterator[None]:
        """Hold one of the turns while the block runs (waiting for one when all are taken)."""
        with self._free:
            yield

    @contextlib.contextmanager
    def alone(self) -> Iterator[None]:
        """Hold every turn while the block runs: no other query of this instance runs meanwhile. The caller must not
        hold a turn already."""
        with self._one_alone:
            taken = 0
            try:
                for _ in range(self.turns):
                    self._free.acquire()
                    taken += 1
                yield
            finally:
                for _ in range(taken):
                    self._free.release()


class ReadOnlyDatabase:
    """One version of a database file, read-only, in a DuckDB instance of its own.

    DuckDB reuses the instance already open for a path inside one process, so ``duckdb.connect(path)`` after a load
    swapped in a new file would still read the replaced one. Attaching the file to a fresh in-memory instance opens
    the file as it is now; the old version stays readable for whoever still holds it, and is closed (its disk space
    freed) once nobody does. Anything not defined here is passed to the underlying connection.
    """

    ALIAS = "live"
    QUERIES_AT_ONCE = 2  # its QueryGate's turns: on two cores each query already uses both

    def __init__(self, path: Path):
        self.path = Path(path)
        self.query_gate = QueryGate(self.QUERIES_AT_ONCE)  # run_query's turns in this instance
        # DuckDB's working memory bounded per instance (its default is 80% of the machine's): config.duckdb_megabytes.
        # Its allocator (jemalloc on Linux) keeps what a query freed unless its background threads give it back: a
        # server that ran one large grouping stayed at its peak (900 MB of a 50x state's 1 GB, then 220 MB with them).
        self._connection = duckdb.connect(":memory:", config={"memory_limit": f"{duckdb_megabytes()}MiB",
                                                             "temp_directory": str(duckdb_spill_dir()),
                                                             "allocator_background_threads": True})
        literal = "'" + str(self.path).replace("'", "''") + "'"  # ATTACH takes no bound parameters
        self._connection.execute(f"attach {literal} as {self.ALIAS} (read_only)")
        self._connection.execute(f"use {self.ALIAS}")
        self._search_path: str | None = None  # set when the instance defines what an older file lacks
        self._kept: dict[tuple[str, str], pa.Table] = {}
        self._open_by_version()

    def _open_by_version(self) -> None:
        # A file of an older data model this code still reads gets the newer macros and tables as objects of the
        # instance's own in-memory database, searched before the file; a current one's kept results are read once
        # (a few rows each). Imported here: schema reads its queries from this module.
        from sectorscope import schema

        version = schema.schema_version(self._connection)
        if version in schema.BEFORE_VERSION_8:
            schema.define_what_version_8_added(self._connection, "memory", self.ALIAS)
        elif version == 8 and not schema.has_filter_columns(self._connection):
            # an 8 whose WIOA tables lack their filter columns (an unreleased commit) or hold them empty (an older
            # writer): those two tables as views, the rest its own
            schema.define_filter_column_views(self._connection, "memory", self.ALIAS)
        if version in schema.READABLE_VERSIONS - {schema.SCHEMA_VERSION}:
            schema.define_what_version_10_changed(self._connection, "memory")
            schema.define_what_version_12_changed(self._connection, "memory", self.ALIAS)
            self._search_path = f"memory.main,{self.ALIAS}.main"
        # an 8's kept results name neither their query's text nor their load; a 13's, 14's or 15's are what the
        # queries give on its own rows, read as they are (14 to 16 changed how a load fills exiter_outcomes and the
        # WIOA tables, no query or macro; the digest below refuses a result of another query text)
        if version in (9, 10, 11, 12, 13, 14, 15, schema.SCHEMA_VERSION):
            # kept_results.sql returns only what the latest load kept (a later load by a writer that keeps none, such
            # as an older Sectorscope, leaves them stale); a result of a query whose text differs from ours is not
            # ours to serve
            for name, parameters, digest, result in self._connection.execute(query_sql("kept_results")).fetchall():
                if digest == _digest_or_none(name):
                    self._kept[(name, parameters)] = pa.ipc.open_stream(result).read_all()

    def kept_result(self, name: str, params: dict[str, object]) -> pd.DataFrame | None:
        """The result of query ``name`` with ``params`` as the load that made this file kept it (table
        ``kept_results``, ``ingest.landing_views``), converted as DuckDB converts a query's result; None when not
        kept."""
        table = self._kept.get((name, parameters_text(params)))
        if table is None:
            return None
        cursor = self._connection.cursor()
        try:
            return cursor.from_arrow(table).df()
        finally:
            cursor.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own (for one thread) reading this version of the file."""
        cursor = self._connection.cursor()
        cursor.execute(f"use {self.ALIAS}")
        if self._search_path:  # made of the two catalogues' own names, never of input (SET takes no parameters)
            cursor.execute(f"set search_path = '{self._search_path}'")
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


class DatabaseReplaced(RuntimeError):
    """The database file was replaced (a load swapped in a new version) while a reader was opening the version it
    asked for."""


def database_signature(path: Path) -> FileIdentity | None:
    """(path, device, inode, modification time in ns, size) of the database file, or None when it does not exist.

    A load swaps in a new file with an atomic rename (a new inode), so a changed signature means "reopen".
    """
    try:
        stat = Path(path).stat()
    except FileNotFoundError:
        return None
    return str(path), stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size
