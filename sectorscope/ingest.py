"""Loading validated tables into the database, all or nothing.

A load never writes to the live database file. It copies the live file (or creates a new one), writes the batch
into the copy in one transaction, and swaps the copy in with an atomic rename. Readers keep reading the old file
until they reopen; a load that fails or is killed leaves the live file exactly as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from sectorscope import schema
from sectorscope.release.build import build_release
from sectorscope.validation import (
    Problem,
    ValidationError,
    check_foreign_keys,
    check_table,
    normalize_table,
)

Progress = Callable[[float, str], None]
# replace: the table holds exactly the batch's rows afterwards; append: rows are added, a key already loaded is an
# error; upsert: rows whose key is already loaded are replaced, others added (for refreshing public data by year).
MODES = ("replace", "append", "upsert")


@dataclass
class TableInput:
    """One table's incoming rows and where they came from."""

    table: str
    frame: pd.DataFrame
    source: str
    mode: str = "replace"
    sha256: str | None = None
    description: str | None = None


@dataclass
class LoadResult:
    """What a load wrote (or, for a dry run, would write)."""

    rows: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False


def sha256_of_frame(frame: pd.DataFrame) -> str:
    """Checksum of a frame's content, for provenance of tables that do not come from a file."""
    hashed = pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy().tobytes()
    return hashlib.sha256(hashed).hexdigest()


def quote_identifier(name: str) -> str:
    """A table name of the data model, quoted for SQL; anything else is refused (names never come from users)."""
    if name not in schema.tables():
        raise ValueError(f"not a table of the data model: {name!r}")
    return '"' + name + '"'


def validate_batch(
    inputs: Sequence[TableInput], con: duckdb.DuckDBPyConnection | None = None
) -> tuple[dict[str, tuple[pd.DataFrame, str]], list[Problem]]:
    """Normalize and check every input of a batch; return the typed frames and every problem found.

    ``con`` (read access to the live database, or None for a new one) resolves references to loaded rows.
    """
    problems: list[Problem] = []
    typed: dict[str, tuple[pd.DataFrame, str]] = {}
    for item in inputs:
        if item.table not in schema.LOADABLE_TABLES:
            problems.append(Problem(item.source, item.table, None, None, None,
                                    f"unknown table {item.table!r}; known: {', '.join(schema.LOADABLE_TABLES)}"))
            continue
        if item.mode not in MODES:
            problems.append(Problem(item.source, item.table, None, None, item.mode,
                                    f"mode must be one of {', '.join(MODES)}"))
            continue
        if item.table in typed:
            problems.append(Problem(item.source, item.table, None, None, None,
                                    f"two files in one batch for table {item.table}; combine them first"))
            continue
        if len(item.frame) == 0:
            problems.append(Problem(item.source, item.table, None, None, None,
                                    "the file has no data rows (a cut-off or empty export?); nothing to load"))
            continue
        frame, found = normalize_table(item.table, item.frame, item.source)
        problems.extend(found)
        if not found:
            problems.extend(check_table(item.table, frame, item.source))
        typed[item.table] = (frame, item.source)

    def loaded_keys(table: str, column: str) -> set:
        if con is None:
            return set()
        values = con.table(table).select(column).distinct().fetchall()
        return {value for (value,) in values if value is not None}

    # References are checked even when values are wrong, so one report lists everything; unreadable values are
    # missing by now and not checked twice.
    replaced = {item.table for item in inputs if item.mode == "replace" and item.table in typed}
    problems.extend(check_foreign_keys(typed, loaded_keys, replaced))
    if con is not None and not problems:
        problems.extend(_appended_key_clashes(inputs, typed, con))
    return typed, problems


def _appended_key_clashes(inputs, typed, con) -> list[Problem]:
    """Rows appended to a table whose key is already loaded are duplicates too."""
    problems = []
    for item in inputs:
        key = list(schema.tables()[item.table].primary_key)
        if item.mode != "append" or not key:
            continue
        frame, source = typed[item.table]
        loaded = con.table(item.table).select(*key).df()
        if loaded.empty:
            continue
        merged = frame[key].reset_index().merge(loaded, on=key, how="inner")
        for row in merged.itertuples(index=False):
            problems.append(Problem(source, item.table, int(row[0]) + 2, ", ".join(key),
                                    ", ".join(str(v) for v in row[1:]), "key already loaded; use replace mode"))
    return problems


def create_database(path: Path, state_fips: str | None = None) -> None:
    """Write a new database file at ``path`` with the schema and the Census county boundaries of the U.S."""
    from sectorscope import geo

    counties = geo.counties_table()
    con = duckdb.connect(str(path))
    try:
        schema.create_schema(con)
        con.from_df(counties[list(schema.tables()["counties"].column_names)]).insert_into("counties")
        _record_provenance(con, [TableInput("counties", counties, "cb_2016_us_county_500k (plotly-geo)",
                                            description="U.S. Census Bureau cartographic boundaries, 2016")],
                           is_demo=False)
        if state_fips:
            con.execute("insert into schema_meta values ('state_fips', $state)", {"state": state_fips})
        con.execute("checkpoint")
    finally:
        con.close()


def _record_provenance(con, inputs: Sequence[TableInput], is_demo: bool) -> None:
    load_id = con.execute("select coalesce(max(load_id), 0) + 1 from datasets").fetchall()[0][0]
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    rows = pd.DataFrame({
        "load_id": load_id,
        "table_name": [item.table for item in inputs],
        "source_name": [item.source for item in inputs],
        "source": [item.description for item in inputs],
        "sha256": [item.sha256 or sha256_of_frame(item.frame) for item in inputs],
        "row_count": [len(item.frame) for item in inputs],
        "load_mode": [item.mode for item in inputs],
        "loaded_at": now,
        "is_demo": is_demo,
    })
    con.from_df(rows).insert_into("datasets")


def _temporary_path(live: Path) -> Path:
    return live.with_name(f".{live.name}.loading-{os.getpid()}.tmp")


def _remove_abandoned_copies(live: Path) -> None:
    """Delete private copies left by loads that were killed (their process is gone)."""
    for leftover in live.parent.glob(f".{live.name}.loading-*.tmp"):
        try:
            pid = int(leftover.name.rsplit("-", 1)[1].split(".")[0])
            os.kill(pid, 0)
        except ProcessLookupError:
            leftover.unlink(missing_ok=True)
        except (ValueError, IndexError, PermissionError):
            continue


def load_batch(
    db_path: Path,
    inputs: Sequence[TableInput],
    *,
    is_demo: bool = False,
    state_fips: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> LoadResult:
    """Validate a batch as a whole and write it in one transaction, swapping the result in atomically.

    The batch is checked and written in a private copy of the live file (or a new file with the schema and the
    counties), which replaces the live file only once the transaction has committed. Raises ``ValidationError``
    (with every problem) and leaves the live database untouched when anything is wrong. With ``dry_run`` it
    validates only.
    """
    report = progress or (lambda fraction, message: None)
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_copies(db_path)
    work = _temporary_path(db_path)
    work.unlink(missing_ok=True)
    try:
        if db_path.exists():
            report(0.0, "Copying the database")
            shutil.copyfile(db_path, work)
        else:
            report(0.0, "Creating the database")
            create_database(work, state_fips)
        con = duckdb.connect(str(work))
        try:
            report(0.05, "Checking the files")
            typed, problems = validate_batch(inputs, con)
            problems = _mixing_problems(con, inputs, is_demo) + problems
            if problems:
                raise ValidationError(problems)
            result = LoadResult({table: len(frame) for table, (frame, _) in typed.items()}, dry_run=dry_run)
            if dry_run:
                return result
            _write(con, inputs, typed, is_demo, state_fips, report)
        finally:
            con.close()
        with open(work, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(work, db_path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            work.unlink()
    report(1.0, "Loaded")
    return result


def _mixing_problems(con, inputs: Sequence[TableInput], is_demo: bool) -> list[Problem]:
    """Demo data and a state's own data never share a database."""
    rows = con.execute("select bool_or(is_demo), count(*) from datasets where table_name <> 'counties'").fetchall()
    holds_demo, loads = rows[0]
    if not loads or bool(holds_demo) == is_demo:
        return []
    source = inputs[0].source if inputs else "?"
    table = inputs[0].table if inputs else "?"
    message = ("this database holds the synthetic demo; load your state's data into a database of its own "
               "(the Data page starts one for you; on the command line use --db NEW_FILE)") if holds_demo else (
               "this database holds a state's own data; the demo is built into a database of its own")
    return [Problem(source, table, None, None, None, message)]


def _delete_matching_keys(con, table: str, frame: pd.DataFrame) -> None:
    """Delete the loaded rows whose primary key is among the frame's (an upsert's first half)."""
    key = list(schema.tables()[table].primary_key)
    if not key or frame.empty:
        return
    con.register("incoming_keys", frame[key].drop_duplicates())
    try:
        matches = " and ".join(f"t.{column} = k.{column}" for column in key)  # columns from the schema, not users
        con.execute("delete from " + quote_identifier(table) + " as t using incoming_keys as k where " + matches)
    finally:
        con.unregister("incoming_keys")


def _write(con, inputs, typed, is_demo: bool, state_fips: str | None, report: Progress) -> None:
    modes = {item.table: item.mode for item in inputs}
    order = [table for table in schema.LOADABLE_TABLES if table in typed]
    try:
        con.execute("begin transaction")
        # Children first when deleting, parents first when inserting.
        for table in reversed(order):
            if modes[table] == "replace":
                con.execute("delete from " + quote_identifier(table))
            elif modes[table] == "upsert":
                _delete_matching_keys(con, table, typed[table][0])
        for step, table in enumerate(order, start=1):
            report(0.1 + 0.85 * step / len(order), f"Writing {table}")
            frame = typed[table][0]
            if len(frame):
                con.from_df(frame).insert_into(table)
        _record_provenance(con, inputs, is_demo)
        if state_fips:
            con.execute("delete from schema_meta where key = 'state_fips'")
            con.execute("insert into schema_meta values ('state_fips', $state)", {"state": state_fips})
        build_release(con)  # the public release, refreshed with every load in the same transaction
        con.execute("commit")
        con.execute("checkpoint")
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("rollback")
        raise
