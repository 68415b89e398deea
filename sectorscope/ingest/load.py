"""Loading validated tables into the database, all or nothing.

A load never writes to the live database file. It takes the database's lock (a file next to it, so one load writes
at a time and a second one waits, then builds on the first's result), copies the live file (or creates a new one),
writes the batch into the copy in one transaction, and swaps the copy in with an atomic rename. Readers keep reading
the old file until they reopen; a load that fails or is killed leaves the live file exactly as it was, and its
private copy is removed by the next load or the next start of the app (never while its load is alive: a copy
exists only while its load holds the lock).

A large CSV file (``readers.STREAM_FROM_BYTES`` and more, for the tables in ``STREAMED_TABLES``) is never read whole
into memory: the reader checks it as a stream and keeps its header only (``StagedCsv``); the loader reads it through
DuckDB ``CHUNK_ROWS`` rows at a time, runs the same rules on each chunk, keeps the typed rows in a temporary table
of the working copy and checks keys and references over all of them in SQL (``stage_table``). DuckDB works on disk
next to the copy beyond its memory limit (``load_memory_mb``).
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import os
import re
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import filelock
import numpy as np
import pandas as pd

from sectorscope import codes, config, schema
from sectorscope.db import connect_read_only, out_of_memory_cause, query_sql, run_query
from sectorscope.ingest import state_rule
from sectorscope.ingest.landing_views import forget_kept_results, keep_landing_views
from sectorscope.ingest.validation import (
    DATE_ORDER,
    ERROR,
    FIPS_COLUMNS,
    FIRST_DATA_ROW,
    KEY_ALREADY_LOADED,
    MAX_PROBLEMS_PER_RULE,
    REQUIRED_COLUMN_MISSING,
    ROWS_NAMED,
    WARNING,
    NormalizedTable,
    Problem,
    ProblemCap,
    ValidationError,
    check_end_dates_before_exits,
    check_exits_after_end,
    check_foreign_keys,
    check_normalized,
    check_partnership_places,
    check_public_consent,
    check_regions_have_counties,
    column_named_as_in_file,
    data_row_numbers,
    duplicate_key_message,
    errors_of,
    ids_differing_only_by_case,
    ids_short_of_their_zeros,
    in_row_order,
    more_rows,
    normalize,
    resolve_sector_codes,
    shifted,
    warnings_of,
    without_blank_rows,
)
from sectorscope.ingest.wioa_tables import refresh_wioa_tables
from sectorscope.metrics import wioa
from sectorscope.release.build import active_state, build_release, release_is_current
from sectorscope.words import in_a_list

Progress = Callable[[float, str], None]
# A load's working copy -> (the state to record, or None; problems): the labor-market loaders' state rule
StateRule = Callable[[duckdb.DuckDBPyConnection], tuple[str | None, list[Problem]]]


class LoadBusy(ValidationError):
    """Raised when another load held the database past the wait: nothing was written, and the files were not
    judged (a scheduled job retries later instead of fixing them: the command exits ``commands.BUSY_EXIT``)."""
NO_DATA_ROWS = "the file has no data rows (a cut-off or empty export?); nothing to load"
# replace: the table holds exactly the batch's rows afterwards; append: rows are added, a key already loaded is an
# error; upsert: rows whose key is already loaded are replaced, others added (for refreshing public data by year).
MODES = ("replace", "append", "upsert")
DEFAULT_LOCK_WAIT_SECONDS = config.NUMBER_SETTINGS["SECTORSCOPE_LOAD_WAIT_SECONDS"].default
# Tables whose large CSV files are checked chunk by chunk and written from DuckDB, never held whole in memory:
# those that no rule across tables reads as a frame, and without rates read as percents over the whole column.
STREAMED_TABLES = ("partners", "grants", "system_changes", "stories", "employers", "wage_records", "qcew_annual")
CHUNK_ROWS = 200_000  # rows of a large file held in pandas at a time
# DuckDB's memory while loading, unless $SECTORSCOPE_LOAD_MEMORY_MB says otherwise (0: DuckDB's own default, 80% of
# the machine's memory); beyond it DuckDB writes to disk. With 400 MB, 10 million wage records load in about 900 MB
# of the process's memory (Python, pandas and the chunk being checked hold the rest); see benchmarks/bench_load.py.
DEFAULT_LOAD_MEMORY_MB = int(config.NUMBER_SETTINGS["SECTORSCOPE_LOAD_MEMORY_MB"].default)


@dataclass(frozen=True)
class StagedCsv:
    """A CSV file on disk, already checked row by row (``readers.stage_csv_path``), that the loader reads through
    DuckDB in chunks of ``CHUNK_ROWS`` instead of into memory."""

    path: Path
    delimiter: str
    duckdb_encoding: str  # utf-8 or latin-1
    is_gzip: bool
    columns: tuple[str, ...]  # the header, named as the whole-file reader names it
    rows: int
    sha256: str
    encoding: str | None = None  # as declared
    empty_lines: tuple[int, ...] = ()  # the file's empty lines, skipped: rows after them keep their own numbers
    # of ``rows``, those of only separators or spaces (a spreadsheet's cleared rows), dropped as a file read whole
    # drops them: the Data page's preview said "320,003 rows" of 320,000 and three ",,,," (a data steward)
    blank_rows: int = 0

    @property
    def lines_before_header(self) -> int:
        """The empty lines the file starts with (DuckDB would take the first of them for the header)."""
        return next((at for at, line in enumerate(self.empty_lines) if line != at + 1), len(self.empty_lines))


@dataclass
class TableInput:
    """One table's incoming rows and where they came from.

    A large CSV file is ``staged``: its ``frame`` holds the header only and the loader reads the rows from disk.
    """

    table: str
    frame: pd.DataFrame
    source: str
    mode: str = "replace"
    sha256: str | None = None
    description: str | None = None
    staged: StagedCsv | None = None
    # (our column, the file's header) for a file read through a column mapping: reports name the file's header
    file_columns: tuple[tuple[str, str], ...] = ()
    # may a replace remove rows loaded before that the file lacks? A month's file of new and changed people, loaded
    # in the default mode, took the 13 people loaded since last month with it, saying only "replacing 53 rows" after
    # the fact (a data steward); the command line and the Data page ask the user to say so (``removal_problem``)
    may_remove: bool = True

    @property
    def row_count(self) -> int:
        """How many data rows the input holds, blank rows left out (a frame read whole holds none)."""
        return self.staged.rows - self.staged.blank_rows if self.staged is not None else len(self.frame)

    def in_memory(self) -> TableInput:
        """The same input with every row read into ``frame`` (for a staged file; others are returned as they are)."""
        if self.staged is None:
            return self
        from sectorscope.ingest import readers

        frame = readers.read_csv_bytes(Path(self.staged.path).read_bytes(), self.staged.encoding)
        return replace(self, frame=frame, staged=None)

    def first_rows(self, rows: int = 10) -> pd.DataFrame:
        """The first ``rows`` rows as read: a staged file holds its header only in memory, so they are read from the
        file, under the names the stream gives its columns (a preview of one read "0 rows")."""
        staged = self.staged
        if staged is None:
            return self.frame.head(rows)
        return pd.read_csv(staged.path, sep=staged.delimiter, nrows=rows, dtype=str, keep_default_na=False,
                           names=list(staged.columns), header=0, skiprows=staged.lines_before_header,
                           encoding="utf-8-sig" if staged.duckdb_encoding == "utf-8" else "latin-1",
                           compression="gzip" if staged.is_gzip else None)


@dataclass
class LoadResult:
    """What a load wrote (or, for a dry run, would write)."""

    rows: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False
    warnings: list[Problem] = field(default_factory=list)  # what was left out or read differently; not rejected
    # rows a table held before that a load in mode replace removes (or would): said with the rows loaded, since a
    # month's 1-row file "loaded" over 4 rows without a word (a data reviewer)
    replaced: dict[str, int] = field(default_factory=dict)
    # rows an upsert's keys find loaded (each replaced by the file's row; the rest are added): "participants 240" did
    # not say whether it updated or added them (a data steward)
    updated: dict[str, int] = field(default_factory=dict)
    # of ``replaced``, the rows whose key the batch lacks: they are gone after the load, not replaced by a new row
    removed: dict[str, int] = field(default_factory=dict)

    def rows_text(self) -> str:
        """"participants 1 (replacing 4 rows loaded before), grants 2 (updating 1 row loaded before, adding 1)":
        each table's rows and what they replace or update."""
        def rows(count: int) -> str:
            return f"{count:,} row{'s' if count != 1 else ''}"

        def said(table: str, count: int) -> str:
            if self.replaced.get(table):
                verb = "would replace" if self.dry_run else "replacing"
                gone = self.removed.get(table, 0)
                lacking = (f"; {gone:,} of them not in the file{' would go' if self.dry_run else ' removed'}"
                           if gone else "")
                return f" ({verb} {rows(self.replaced[table])} loaded before{lacking})"
            if table in self.updated:
                updated = self.updated[table]
                verbs = ("would update", "would add") if self.dry_run else ("updating", "adding")
                return f" ({verbs[0]} {rows(updated)} loaded before, {verbs[1]} {count - updated:,})"
            return ""

        return ", ".join(f"{table} {count:,}" + said(table, count) for table, count in self.rows.items())


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
    inputs: Sequence[TableInput], con: duckdb.DuckDBPyConnection | None = None,
    progress: Progress | None = None, removal_consent: str = "give --mode replace",
) -> tuple[dict[str, tuple[pd.DataFrame | StagedTable, str]], list[Problem], dict[str, np.ndarray]]:
    """Normalize and check every input of a batch; return the typed frames (or, for a large file, its typed rows
    staged in ``con``: ``stage_table``), every problem found, and each frame's spreadsheet rows in its order (a
    staged table carries its own as ``_row``).

    Every rule runs on every table whatever the others found (columns, values, codes, keys, dates, references,
    rules across tables), so one report holds everything; problems are errors (the batch is rejected) or warnings
    (it loads). ``con`` (read access to the live database, or None for a new one) resolves references to loaded
    rows. ``progress`` hears the share of the batch's rows checked and what is being checked (a 3-million-row
    file sat at "Checking the files" for 49 s without a word). An input in mode replace that may not remove what
    was loaded (``TableInput.may_remove``) and lacks a column holding loaded values, or holds it empty in every row,
    is refused, saying how to consent (``removal_consent``); with leave, warned of (``emptied_column_problems``).
    """
    say = progress or (lambda share, message: None)
    total = max(sum(item.row_count for item in inputs), 1)
    checked = 0  # rows of the inputs before this one
    problems: list[Problem] = []
    read: dict[str, NormalizedTable] = {}
    for item in inputs:
        say(checked / total, f"Checking {item.source} ({item.row_count:,} rows)")
        checked += item.row_count
        if item.table not in schema.LOADABLE_TABLES:
            problems.append(Problem(item.source, item.table, None, None, None,
                                    f"unknown table {item.table!r}; known: {', '.join(schema.LOADABLE_TABLES)}"))
            continue
        if item.mode not in MODES:
            problems.append(Problem(item.source, item.table, None, None, item.mode,
                                    f"mode must be one of {', '.join(MODES)}"))
            continue
        if item.table in read:
            problems.append(Problem(item.source, item.table, None, None, None,
                                    f"two files in one batch for table {item.table}; combine them first"))
            continue
        if item.row_count == 0:
            problems.append(Problem(item.source, item.table, None, None, None, NO_DATA_ROWS))
            continue
        if item.staged is not None and (con is None or list(item.frame.columns) != list(item.staged.columns)):
            item = item.in_memory()  # no database to stage in, or the header was changed after reading
        if item.staged is not None:
            before = checked - item.row_count
            # rows read so far, blank ones among them: at most the data rows, as the first message said them
            staged_table, found = stage_table(con, item, lambda rows, before=before, item=item: say(
                (before + min(rows, item.row_count)) / total,
                f"Checking {item.source}: {min(rows, item.row_count):,} of {item.row_count:,} rows"))
            problems.extend(found)
            if staged_table.rows == 0:  # every row blank (",,,,"): as a file read whole, never an emptied table
                problems.append(Problem(item.source, item.table, None, None, None, NO_DATA_ROWS))
                continue
            blank = optional_of(item.table, staged_table.blank_columns())  # as blank_optional_columns, staged
            if item.mode == "upsert":  # before the checks, as for a file read whole: they see the rows to be written
                if lacked := _lacked_columns(item.table, blank):  # an empty column says nothing of loaded rows
                    problems.extend(_kept_values_warning(item.source, item.table, lacked, blank))
                    staged_table.absent = staged_table.absent | blank
                staged_table.keep_loaded_values()
                problems.extend(staged_table.date_order_problems())
                problems.extend(emptied_cell_warnings(con, item.source, item.table, staged_table,
                                                      staged_table.absent, refused=found))
            read[item.table] = staged_table
            if item.mode == "replace":
                problems.extend(emptied_column_problems(con, item, staged_table, staged_table.absent,
                                                        removal_consent, blank))
            continue
        normalized = normalize(item.table, item.frame, item.source)
        if item.mode == "replace" and con is not None:
            # empty as typed: a column of values the reader refused is said as those, not as an empty column
            blank = blank_optional_columns(item.table, normalized.raw)
            problems.extend(emptied_column_problems(con, item, normalized.typed, normalized.absent, removal_consent,
                                                    blank))
        if item.mode == "upsert" and con is not None:
            blank = blank_optional_columns(item.table, normalized.raw)
            normalized = dataclasses.replace(normalized, absent=normalized.absent | blank)
            kept = _keep_loaded_values(con, normalized, blank)
            problems.extend(_required_columns_of_new_rows(normalized))
            problems.extend(kept)
            problems.extend(emptied_cell_warnings(con, item.source, item.table, normalized.typed, normalized.absent,
                                                  normalized.rows(normalized.typed.index), normalized.problems))
        else:
            problems.extend(normalized.problems)
        read[item.table] = normalized

    def loaded_frame(table: str, *columns: str) -> pd.DataFrame:
        if con is None:
            return pd.DataFrame(columns=list(columns))
        return con.table(table).select(*columns).df()

    @functools.cache  # asked by references, ids short of their zeros and ids differing by case: read once each
    def loaded_keys(table: str, column: str) -> frozenset:
        if con is None:
            return frozenset()
        values = con.table(table).select(column).distinct().fetchall()
        return frozenset(value for (value,) in values if value is not None)

    replaced = {item.table for item in inputs if item.mode == "replace" and item.table in read}
    say(1.0, "Checking keys and references")
    if "partnerships" in read:
        problems.extend(_resolve_sectors(read, loaded_frame, replaced))
    for normalized in read.values():
        if isinstance(normalized, StagedTable):
            problems.extend(normalized.key_problems())  # its other rules ran chunk by chunk
        else:
            problems.extend(check_normalized(normalized))
    # References are checked even when values are wrong, so one report lists everything; unreadable values are
    # missing by now and not checked twice.
    problems.extend(check_foreign_keys(read, loaded_keys, replaced))
    problems.extend(ids_short_of_their_zeros(read, loaded_keys, replaced))
    problems.extend(ids_differing_only_by_case(read, loaded_keys, replaced))
    problems.extend(_cross_table_problems(read, loaded_frame, replaced))
    if con is not None:
        problems.extend(_appended_key_clashes(inputs, read, con))
    typed = {table: (normalized if isinstance(normalized, StagedTable) else normalized.typed, normalized.source)
             for table, normalized in read.items()}
    row_numbers = {table: normalized.rows(normalized.typed.index) for table, normalized in read.items()
                   if not isinstance(normalized, StagedTable)}
    order = {item.source: position for position, item in enumerate(inputs)}
    problems.sort(key=lambda p: (order.get(p.source, len(order)), *in_row_order(p)))
    return typed, problems, row_numbers


def _key_matches(key: Sequence[str]) -> str:
    """``t.a = k.a and t.b = k.b``: a loaded row (``t``) whose ``key`` columns equal an incoming one's (``k``)."""
    return " and ".join(f"t.{_column_sql(column)} = k.{_column_sql(column)}" for column in key)


def _column_sql(name: str) -> str:
    """A column name of the data model, quoted for SQL (names never come from users)."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"not a column of the data model: {name!r}")
    return '"' + name + '"'


def _kept_as_typed(table: str) -> tuple[str, ...]:
    """Columns of ``table`` whose values as typed a staged file keeps for the report: its key and references."""
    key = schema.tables()[table].primary_key
    references = [column for (child, column) in schema.FOREIGN_KEYS if child == table]
    return tuple(dict.fromkeys([*key, *references]))


@dataclass
class StagedTable:
    """A large file's rows, typed, in a temporary table of the load's working copy (``stage_table``): each row
    with its spreadsheet row (``_row``) and, for the key and the references, the value as typed (``typed_*``)."""

    table: str
    source: str
    rows: int
    con: duckdb.DuckDBPyConnection
    name: str
    absent: frozenset[str] = frozenset()  # the table's columns the file lacks

    def _key(self) -> list[str]:
        return list(schema.tables()[self.table].primary_key)

    def blank_columns(self) -> frozenset[str]:
        """The table's columns the file has that are empty in every staged row."""
        present = [column for column in schema.tables()[self.table].column_names if column not in self.absent]
        counts = self.con.execute("select " + ", ".join(f"count({_column_sql(c)})" for c in present) + " from "
                                  + self.name).fetchall()[0]
        return frozenset(column for column, count in zip(present, counts, strict=True) if not count)

    def present_values(self, column: str) -> set:
        """The distinct values of one column (missing left out)."""
        found = self.con.execute("select distinct " + _column_sql(column) + " from " + self.name
                                 + " where " + _column_sql(column) + " is not null").fetchall()
        return {value for (value,) in found}

    def unresolved(self, column: str, known: set, limit: int) -> tuple[list[tuple[int, str | None]], int]:
        """Rows whose ``column`` holds a value not in ``known``: the first ``limit`` (row, value as typed), and how
        many there are in all."""
        self.con.register("known_values", pd.DataFrame({"value": pd.Series(sorted(map(str, known)), dtype=object)}))
        try:
            column_sql = _column_sql(column)
            found = self.con.execute(
                "select _row, " + _column_sql("typed_" + column) + ", count(*) over () from " + self.name
                + " where " + column_sql + " is not null and " + column_sql + "::varchar not in "
                "(select value from known_values) and ($form is null or regexp_full_match(" + column_sql
                + "::varchar, $form)) order by _row limit $limit",
                # a code of the wrong form is reported once, as such, not also as unknown
                {"limit": limit, "form": FIPS_COLUMNS.get(column)}).fetchall()
        finally:
            self.con.unregister("known_values")
        return [(row, value) for row, value, _ in found], (found[0][2] if found else 0)

    def key_problems(self, against_loaded: bool = False) -> list[Problem]:
        """Rows whose key another row of the file has too (or, ``against_loaded``, that is already loaded)."""
        key = self._key()
        if not key:
            return []
        keys = ", ".join(map(_column_sql, key))
        typed_values = ", ".join(_column_sql("typed_" + column) for column in key)
        if against_loaded:
            sql = ("select _row, " + typed_values + ", [], 0, count(*) over () from " + self.name + " semi join "
                   + quote_identifier(self.table) + " using (" + keys + ") order by _row limit $limit")
        else:
            # each shared key's first rows and count worked out once per key (a list per row grew with the square
            # of a key's rows: 5,000 rows of one key ran out of memory)
            sql = ("select s._row, " + ", ".join("s." + c for c in typed_values.split(", ")) + ", d.first_rows, "
                   "d.copies, count(*) over () from " + self.name + " as s inner join (select " + keys + ", "
                   "list(_row order by _row)[1:" + str(ROWS_NAMED) + "] as first_rows, count(*) as copies from "
                   + self.name + " group by all having count(*) > 1) as d using (" + keys + ") order by s._row "
                   "limit $limit")  # a key with a part missing joins nothing: that part is its own problem
        found = self.con.execute(sql, {"limit": MAX_PROBLEMS_PER_RULE}).fetchall()
        problems = [Problem(self.source, self.table, row[0], ", ".join(key),
                            ", ".join(value or "" for value in row[1:len(key) + 1]),
                            KEY_ALREADY_LOADED if against_loaded else duplicate_key_message(key, row[-3], row[-2]))
                    for row in found]
        if found and found[0][-1] > len(found):
            problems.append(more_rows(self.source, self.table, ", ".join(key), found[0][-1] - len(found), len(found),
                                      KEY_ALREADY_LOADED if against_loaded else "duplicate key"))
        return problems

    def keep_loaded_values(self) -> None:
        """The staged rows whose key is already loaded take the loaded values of the columns the file lacks (as
        ``_keep_loaded_values`` for a file read whole): an upsert says nothing about them."""
        key, lacked = self._key(), _lacked_columns(self.table, self.absent)
        if key and lacked:
            matches = _key_matches(key)
            self.con.execute("update " + self.name + " as k set " + ", ".join(
                f"{_column_sql(c)} = t.{_column_sql(c)}" for c in lacked) + " from " + quote_identifier(self.table)
                + " as t where " + matches)

    def date_order_problems(self) -> list[Problem]:
        """Rows whose dates are out of order once the columns the file lacks took their loaded values (the chunks'
        own checks ran before, on the file's values alone): an upsert of grants without end dates that moves a
        start date past the loaded end date is refused, as for a file read whole."""
        lacked = set(_lacked_columns(self.table, self.absent))
        problems = []
        for table, start, end in DATE_ORDER:
            if table != self.table or not ({start, end} & lacked):
                continue
            loaded = end if end in lacked else start
            found = self.con.execute(
                "select _row, " + _column_sql(end) + "::varchar from " + self.name + " where " + _column_sql(end)
                + " < " + _column_sql(start) + " order by _row limit $limit", {"limit": MAX_PROBLEMS_PER_RULE}
            ).fetchall()
            problems += [Problem(self.source, self.table, row, end, value,
                                 f"{end} comes before {start} ({loaded} as already loaded: the file lacks it)")
                         for row, value in found]
        return problems

    def delete_matching_keys(self) -> None:
        """Delete the loaded rows whose key is among the staged rows' (an upsert's first half)."""
        key = self._key()
        if key:
            matches = _key_matches(key)
            self.con.execute("delete from " + quote_identifier(self.table) + " as t using " + self.name
                             + " as k where " + matches)

    def insert(self) -> None:
        """Write the staged rows into their table."""
        columns = ", ".join(map(_column_sql, schema.tables()[self.table].column_names))
        self.con.execute("insert into " + quote_identifier(self.table) + " (" + columns + ") select " + columns
                         + " from " + self.name)


def stage_table(con: duckdb.DuckDBPyConnection, item: TableInput,
                progress: Callable[[int], None] | None = None) -> tuple[StagedTable, list[Problem]]:
    """Read a staged CSV file through DuckDB ``CHUNK_ROWS`` rows at a time, check each chunk with the rules that
    look at one row (``normalize``, ``check_normalized`` without the key) and keep its typed rows in a temporary
    table of ``con``; the key and the references are checked over all rows afterwards (``StagedTable``).

    Row numbers are the file's (header = row 1); at most ``MAX_PROBLEMS_PER_RULE`` rows are listed per kind of
    problem, the rest counted. ``progress`` hears the rows read after each chunk.
    """
    staged = item.staged
    assert staged is not None
    name = "staged_" + quote_identifier(item.table).strip('"')
    kept = _kept_as_typed(item.table)
    con.execute("create or replace temp table " + name + " as select 0::bigint as _row, * from "
                + quote_identifier(item.table) + " limit 0")
    for column in kept:
        con.execute("alter table " + name + " add column " + _column_sql("typed_" + column) + " varchar")
    reader = con.cursor()
    reader.execute(
        # ltrim: leading spaces are dropped as the whole-file reader drops them (skipinitialspace)
        "select ltrim(columns(*), ' ') from read_csv($path, header = true, auto_detect = false, columns = $columns, "
        # null_padding: a row of only separators shorter than the header (the one short row the checks let
        # through, ``readers._checked_rows``) reads as a blank row, dropped below
        "delim = $delimiter, quote = '\"', escape = '\"', strict_mode = true, null_padding = true, "
        "encoding = $encoding, "
        "compression = $compression, skip = $skip)",
        {"path": str(staged.path), "columns": {column: "VARCHAR" for column in staged.columns},
         "delimiter": staged.delimiter, "encoding": staged.duckdb_encoding,
         "compression": "gzip" if staged.is_gzip else "none", "skip": staged.lines_before_header})
    cap = ProblemCap(MAX_PROBLEMS_PER_RULE)
    done = blank = 0  # rows read; rows of only blank values, skipped
    absent: frozenset[str] = frozenset()
    empty_lines = np.asarray(staged.empty_lines, dtype=np.int64)  # in file order, as the reader found them
    vectors = max(1, CHUNK_ROWS // 2048)
    try:
        while len(chunk := reader.fetch_df_chunk(vectors)):
            offset = done  # the rows before this chunk; with empty lines skipped, each row carries its own number
            if staged.empty_lines:
                chunk.index = data_row_numbers(len(chunk), empty_lines, start=done) - FIRST_DATA_ROW
                offset = 0
            read = len(chunk)
            chunk = without_blank_rows(chunk)  # each row keeps its index, so its number
            blank += read - len(chunk)
            normalized = normalize(item.table, chunk, item.source)
            absent = normalized.absent  # the same header in every chunk
            found = normalized.problems if done == 0 else [p for p in normalized.problems if p.row is not None]
            cap.add(shifted([*found, *check_normalized(normalized, with_key=False)], offset))
            rows = normalized.typed.assign(_row=normalized.rows(normalized.typed.index) + offset)
            for column in kept:  # the file's text; None where the file lacks the column (its values are missing)
                rows["typed_" + column] = normalized.raw[column] if column in normalized.raw.columns else None
            con.register("staged_chunk", rows)
            try:
                con.execute("insert into " + name + " by name select * from staged_chunk")
            finally:
                con.unregister("staged_chunk")
            done += read
            if progress is not None:
                progress(done)
    finally:
        reader.close()
    problems = cap.problems()
    if done != staged.rows:
        problems.append(Problem(item.source, item.table, None, None, None,
                                f"the file reads inconsistently ({done:,} rows one way, {staged.rows:,} another); "
                                "check its quotes and separators"))
    if item.mode == "upsert" and (lacked := _lacked_columns(item.table, absent)):
        problems.extend(_kept_values_warning(item.source, item.table, lacked))
    return StagedTable(item.table, item.source, done - blank, con, name, absent), problems


def _batch_and_loaded(read, loaded_frame, replaced, table: str, *columns: str) -> pd.DataFrame:
    """Rows of ``table`` (only ``columns``) in the batch and, unless the batch replaces it, already loaded."""
    frames = [read[table].typed[list(columns)]] if table in read else []
    if table not in replaced:
        frames.append(loaded_frame(table, *columns))
    frames = [frame for frame in frames if len(frame)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(columns))


def _resolve_sectors(read, loaded_frame, replaced) -> list[Problem]:
    """Sectors given as NAICS codes or names become sector codes, before the rules run."""
    sectors = _batch_and_loaded(read, loaded_frame, replaced, "sectors", "sector_code", "sector_name",
                                "naics_prefixes")
    return resolve_sector_codes(read["partnerships"], sectors)


def _cross_table_problems(read, loaded_frame, replaced) -> list[Problem]:
    """Rules that span tables: a place for every partnership, counties for every region, exits within a
    partnership's life; and whether each partnership agreed to be shown in public, said once."""
    problems: list[Problem] = []
    if "partnerships" in read:
        placed = _batch_and_loaded(read, loaded_frame, replaced, "partnership_counties", "partnership_id")
        problems.extend(check_partnership_places(read["partnerships"], set(placed["partnership_id"].dropna())))
        problems.extend(check_public_consent(read["partnerships"]))
    if "regions" in read:
        filled = _batch_and_loaded(read, loaded_frame, replaced, "region_counties", "region_id")
        problems.extend(check_regions_have_counties(read["regions"], set(filled["region_id"].dropna())))
    if "participants" in read or "partnerships" in read:
        ends = _batch_and_loaded(read, loaded_frame, replaced, "partnerships", "partnership_id", "end_date")
        ends = ends.dropna().drop_duplicates("partnership_id", keep="first").set_index("partnership_id")["end_date"]
        if "participants" in read:
            problems.extend(check_exits_after_end(read["participants"], ends))
        elif len(ends):
            # New end dates for partnerships whose participants are already loaded.
            exits = loaded_frame("participants", "partnership_id", "exited_on")
            last_exit = exits.dropna().groupby("partnership_id")["exited_on"].max()
            problems.extend(check_end_dates_before_exits(read["partnerships"], last_exit))
    return problems


def _appended_key_clashes(inputs, read, con) -> list[Problem]:
    """Rows appended to a table whose key is already loaded are duplicates too."""
    problems = []
    for item in inputs:
        if item.table not in read:
            continue
        key = list(schema.tables()[item.table].primary_key)
        if item.mode != "append" or not key:
            continue
        normalized = read[item.table]
        if isinstance(normalized, StagedTable):
            problems.extend(normalized.key_problems(against_loaded=True))
            continue
        frame = normalized.typed
        loaded = con.table(item.table).select(*key).df()
        if loaded.empty:
            continue
        merged = frame[key].reset_index().merge(loaded, on=key, how="inner").sort_values("index")
        # the first rows listed and the rest counted, as a file read in blocks reports them (199 lines against 100
        # and a count: a data steward)
        for row in merged.head(MAX_PROBLEMS_PER_RULE).itertuples(index=False):
            values = ", ".join(normalized.value_as_typed(row[0], k) or "" for k in key)
            problems.append(Problem(normalized.source, item.table, normalized.row(row[0]), ", ".join(key),
                                    values, KEY_ALREADY_LOADED))
        if len(merged) > MAX_PROBLEMS_PER_RULE:
            problems.append(more_rows(normalized.source, item.table, ", ".join(key),
                                      len(merged) - MAX_PROBLEMS_PER_RULE, MAX_PROBLEMS_PER_RULE, KEY_ALREADY_LOADED))
    return problems


# A new database starts as a copy of one empty database (the schema and the U.S. counties) made once per process:
# making it costs about 0.4 s (the DDL, 3,142 counties and their checksum), a copy a few milliseconds. Every state's
# first load starts from one, and so does each of the tests' small databases.
_EMPTY_DATABASES: dict[tuple, Path] = {}
_EMPTY_DATABASE_LOCK = threading.Lock()


def create_database(path: Path, state_fips: str | None = None) -> None:
    """Write a new database file at ``path`` with the schema and the Census county boundaries of the U.S."""
    shutil.copyfile(_empty_database(), path)
    con = duckdb.connect(str(path))
    try:
        # The counties' provenance says when this database was made, not when its template was.
        con.execute("update datasets set loaded_at = $now", {"now": _now()})
        if state_fips:
            con.execute("insert into schema_meta values ('state_fips', $state)", {"state": state_fips})
        con.execute("checkpoint")
    finally:
        con.close()


def _empty_database() -> Path:
    """This process's empty database, made again when the schema, the counties file or DuckDB differ."""
    from sectorscope.sources import geo

    counties = geo.COUNTIES_FILE.stat()
    key = (schema.SCHEMA_FILE.read_bytes(), str(geo.COUNTIES_FILE), counties.st_mtime_ns, counties.st_size,
           duckdb.__version__)
    with _EMPTY_DATABASE_LOCK:
        empty = _EMPTY_DATABASES.get(key)
        if empty is None or not empty.exists():
            folder = Path(tempfile.mkdtemp(prefix="sectorscope-empty-"))
            atexit.register(shutil.rmtree, folder, True)
            empty = folder / "empty.duckdb"
            _write_empty_database(empty)
            _EMPTY_DATABASES[key] = empty
    return empty


def _write_empty_database(path: Path) -> None:
    from sectorscope.sources import geo

    counties = geo.counties_table()
    con = duckdb.connect(str(path))
    try:
        schema.create_schema(con)
        con.from_df(counties[list(schema.tables()["counties"].column_names)]).insert_into("counties")
        _record_provenance(con, [TableInput("counties", counties, "cb_2016_us_county_500k (plotly-geo)",
                                            description="U.S. Census Bureau cartographic boundaries, 2016")],
                           is_demo=False)
        con.execute("checkpoint")
    finally:
        con.close()


def _now() -> dt.datetime:
    """The time a load records (UTC, whole seconds, no zone: the ``loaded_at`` column)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def same_file_warnings(con: duckdb.DuckDBPyConnection, inputs: Sequence[TableInput]) -> list[Problem]:
    """A warning for each input whose content (its SHA-256, as ``datasets`` records it) is that of its table's
    latest load: loading it again changes nothing, and the month loaded twice went by without a word (a data
    steward). Only the latest: an older file loaded again after another would change the table."""
    found = []
    for item in inputs:
        latest = con.execute(query_sql("latest_load"), {"table_name": item.table}).fetchall()
        if latest and latest[0][0] == (item.sha256 or sha256_of_frame(item.frame)):
            when = f"{latest[0][1]:%Y-%m-%d %H:%M}"
            found.append(Problem(item.source, item.table, None, None, None,
                                 f"the same content as the file loaded last into {item.table} ({when} UTC): loading "
                                 "it again changes nothing", WARNING))
    return found


def _record_provenance(con, inputs: Sequence[TableInput], is_demo: bool) -> None:
    load_id = con.execute("select coalesce(max(load_id), 0) + 1 from datasets").fetchall()[0][0]
    now = _now()
    rows = pd.DataFrame({
        "load_id": load_id,
        "table_name": [item.table for item in inputs],
        "source_name": [item.source for item in inputs],
        "source": [item.description for item in inputs],
        "sha256": [item.sha256 or sha256_of_frame(item.frame) for item in inputs],
        "row_count": [item.row_count for item in inputs],
        "load_mode": [item.mode for item in inputs],
        "loaded_at": now,
        "is_demo": is_demo,
    })
    con.from_df(rows).insert_into("datasets")


def lock_wait_seconds() -> float:
    """How long a load waits for another load of the same database (``$SECTORSCOPE_LOAD_WAIT_SECONDS``, 600 s)."""
    return config.number_setting("SECTORSCOPE_LOAD_WAIT_SECONDS")


def lock_path(live: Path) -> Path:
    """The lock file of a database: next to it, hidden (``.state.duckdb.lock``)."""
    return live.with_name(f".{live.name}.lock")


def _temporary_path(live: Path) -> Path:
    """A new working copy's path, in a private folder of its own beside ``live`` (made here, 0700 whatever the
    umask): DuckDB writes the copy's write-ahead log (``.wal``, people's records as they are written) and spills
    beside the copy, with the process's umask, and deletes and makes the log again at every checkpoint, so a mode
    set on the files would not hold: the folder keeps every local user but the loader out. Beside the live file, so
    the swap is a rename on one file system."""
    # Unique per load (process and call), so two loads in one process never share a copy.
    folder = live.with_name(f".{live.name}.loading-{os.getpid()}-{uuid.uuid4().hex[:12]}")
    folder.mkdir(mode=0o700)
    folder.chmod(0o700)  # mkdir's mode is masked by the umask: 0700 is only ever narrowed, but say it
    return folder / live.name


def _working_copies(live: Path) -> list[Path]:
    # loads' private folders (a copy, its .wal and spill folder in each); a file so named is an older copy
    return sorted(live.parent.glob(f".{live.name}.loading-*"))


def _remove_abandoned_copies(live: Path) -> None:
    """Delete private copies left by killed loads; call only while holding the database's lock.

    A copy exists only while its load holds the lock, so whoever holds the lock knows every copy is abandoned.
    """
    for leftover in _working_copies(live):
        if leftover.is_dir():  # a killed load's private folder (an older Sectorscope's spill folder)
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def remove_abandoned_copies(live: Path) -> int:
    """Delete copies left by killed loads of this database unless a load is running now; returns how many.

    Called when the app starts, so a killed load's copy (often many MB) does not wait for the next load.
    """
    live = Path(live)
    if not _working_copies(live):
        return 0
    lock = filelock.FileLock(lock_path(live), blocking=False)
    try:
        with lock:
            found = len(_working_copies(live))
            _remove_abandoned_copies(live)
            return found
    except filelock.Timeout:
        return 0  # a load is running: its copy is alive


@contextlib.contextmanager
def database_lock(live: Path, report: Progress, source: str = "?", table: str = "?"):
    """Hold the database's exclusive lock: waits (saying so) up to ``lock_wait_seconds()``, then refuses.

    Refusing raises ``ValidationError`` with one problem, so every caller reports it like any rejection.
    """
    lock = filelock.FileLock(lock_path(live), timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        wait = lock_wait_seconds()
        report(0.0, f"Waiting for another load of this database to finish (up to {wait:,.0f} s)")
        started = time.monotonic()
        try:
            lock.acquire(timeout=wait)
        except filelock.Timeout:
            raise LoadBusy([Problem(source, table, None, None, None,
                                           f"another load of this database has been running for over {wait:,.0f} s; "
                                           "nothing was written: load again once it has finished "
                                           "(SECTORSCOPE_LOAD_WAIT_SECONDS sets the wait)")]) from None
        report(0.0, f"The other load finished after {time.monotonic() - started:,.1f} s; continuing")
    try:
        yield
    finally:
        lock.release()


def load_batch(
    db_path: Path,
    inputs: Sequence[TableInput],
    *,
    is_demo: bool = False,
    state_fips: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    settle_state: StateRule | None = None,
    other_states: bool = False,
    other_states_checkbox: str | None = None,
    removal_consent: str = "give --mode replace",
) -> LoadResult:
    """Validate a batch as a whole and write it in one transaction, swapping the result in atomically.

    The batch is checked and written in a private copy of the live file (or a new file with the schema and the
    counties), which replaces the live file only once the transaction has committed. Raises ``ValidationError``
    (with every problem) and leaves the live database untouched when anything is wrong. With ``dry_run`` it
    validates only. ``settle_state`` (the labor-market loaders' ``ingest.state_rule``) is given the working copy,
    with the lock held, and says the state to record (``state_fips`` where it says none) and its problems. Without
    one, a batch of the labor-market tables in the templates' layout (``qcew_annual.csv``, ``qwi.csv``) is held to
    the same rule (``_template_state_rule``; ``other_states`` as the labor-market loaders' own), and a batch's
    registry counties too (``_registry_state_rule``); a refusal names ``other_states_checkbox`` (the Data page's
    checkbox that loads them on purpose) where given, the command line's flag where not. An input in mode replace
    that may not remove rows (``TableInput.may_remove``) and would is refused, saying how to consent
    (``removal_consent``: the Data page's checkbox, or the command line's explicit mode).
    """
    report = progress or (lambda fraction, message: None)
    db_path = Path(db_path)
    if not db_path.parent.exists():  # a folder made for people's records is its owner's (an existing one is kept)
        db_path.parent.mkdir(mode=0o700, parents=True)
    first = inputs[0] if inputs else None
    with database_lock(db_path, report, first.source if first else "?", first.table if first else "?"):
        _remove_abandoned_copies(db_path)
        try:
            result = _load_holding_the_lock(db_path, inputs, is_demo, state_fips, dry_run, report, settle_state,
                                            other_states, other_states_checkbox, removal_consent)
        except ValidationError as error:
            raise ValidationError(named_as_in_files(error.problems, inputs)) from None
    result.warnings = named_as_in_files(result.warnings, inputs)
    if not dry_run:
        report(1.0, "Loaded")
    return result


def named_as_in_files(problems: Sequence[Problem], inputs: Sequence[TableInput]) -> list[Problem]:
    """``problems`` with the columns of a file read through a mapping named as its header names them, our name
    after it ("Exit Date (exited_on)"): the user looks for their own header in the file."""
    renamed = {(item.source, item.table): dict(item.file_columns) for item in inputs if item.file_columns}
    if not renamed:
        return list(problems)
    return [column_named_as_in_file(problem, renamed.get((problem.source, problem.table), {}))
            for problem in problems]


# The labor-market tables in the templates' layout: (table, its column of area codes, the data's name); a QWI row's
# code is a county's FIPS only where its area_type is county (a metro area's CBSA code, 29540, is no state's)
LABOR_MARKET_TABLES = (("qcew_annual", "area_fips", "QCEW"), ("qwi", "area_code", "QWI"))


def _county_codes(rows: pd.DataFrame | StagedTable, table: str, column: str) -> list:
    """The distinct area codes of a labor-market table's rows that name a county or a state (not a metro area)."""
    if isinstance(rows, StagedTable):
        metro_left_out = " and area_type = 'county'" if table == "qwi" else ""
        return [value for (value,) in rows.con.execute(
            "select distinct " + _column_sql(column) + " from " + rows.name + " where " + _column_sql(column)
            + " is not null" + metro_left_out).fetchall()]
    codes = rows[column] if table != "qwi" else rows.loc[rows["area_type"].eq("county"), column]
    return codes.dropna().unique().tolist()


def _template_state_rule(typed: dict[str, tuple[pd.DataFrame | StagedTable, str]],
                         other_states: bool, checkbox: str | None = None) -> StateRule | None:
    """The state rule (``ingest.state_rule``) for the labor-market tables of a batch in the templates' layout, or
    None when it holds none: loaded with ``load`` or the Data page's general uploader, another state's
    ``qcew_annual.csv`` turned the dashboard into that state, as BLS's own files did before the rule."""
    batch = [(table, column, kind, typed[table]) for table, column, kind in LABOR_MARKET_TABLES if table in typed]
    if not batch:
        return None

    def settle(con: duckdb.DuckDBPyConnection) -> tuple[str | None, list[Problem]]:
        settled, problems = None, []
        for table, column, kind, (rows, source) in batch:
            areas = state_rule.areas_of_states(_county_codes(rows, table, column))
            state, refused = state_rule.settle_state(con, [(source, areas)], kind=kind, table=table,
                                                     other_states=other_states, column=column, checkbox=checkbox)
            settled, problems = settled or state, problems + refused
        return settled, problems

    return settle


def _registry_state_rule(con: duckdb.DuckDBPyConnection, typed: dict[str, tuple[pd.DataFrame | StagedTable, str]],
                         row_numbers: Mapping[str, np.ndarray], other_states: bool, checkbox: str | None = None,
                         given: str | None = None) -> tuple[str | None, list[Problem]]:
    """The state rule (``state_rule.settle_registry_state``) for the batch's registry tables naming counties, against
    the database before the batch: Colorado's partnership list with its counties loaded into a Pennsylvania
    database without a word, and its counties then let Colorado's QCEW in unasked (a reviewer). ``row_numbers``:
    each frame's spreadsheet rows (``validate_batch``), so a refusal names each row."""
    # codes no county has ("99999", "08249") are refused as unknown counties, not also as another state's (a
    # steward read "counties of 99 (99)")
    known = frozenset(con.execute(query_sql("known_counties")).df()["county_fips"])
    files = [state_rule.RegistryFile(source, table, _county_rows(rows, row_numbers[table], "county_fips", known))
             for table in state_rule.REGISTRY_COUNTY_TABLES if table in typed for rows, source in [typed[table]]]
    if not files:
        return None, []
    return state_rule.settle_registry_state(con, files, other_states=other_states, checkbox=checkbox, given=given)


def _county_rows(rows: pd.DataFrame, row_numbers: np.ndarray, column: str,
                 known: frozenset[str]) -> dict[str, list[tuple[int, str]]]:
    """Per state, each row naming a county of it (one of ``known``) as (spreadsheet row, the code), in row order:
    what ``active_state.sql`` counts, and what a refusal names. ``row_numbers``: the rows' own, in their order (a
    registry's tables are read whole, never staged: ``STREAMED_TABLES``)."""
    codes = rows[column].astype("string").str.strip()
    named = codes.isin(known).to_numpy(dtype=bool)
    located: dict[str, list[tuple[int, str]]] = {}
    for row, code in sorted(zip(row_numbers[named].tolist(), codes[named].tolist(), strict=True)):
        located.setdefault(code[:2], []).append((int(row), code))
    return located


def _settled_with_the_batch(con: duckdb.DuckDBPyConnection, inputs: Sequence[TableInput],
                            typed: dict[str, tuple[pd.DataFrame | StagedTable, str]],
                            rule: StateRule) -> tuple[str | None, list[Problem]]:
    """``rule`` (``_template_state_rule``) against the database as this batch would leave it, its rows written in a
    transaction rolled back at once: a batch holding a registry beside the labor-market rows is judged by its own
    counties. Judged before them, a new database's registry of Pennsylvania beside New Jersey's qcew_annual.csv was
    recorded as New Jersey's, a registry naming New Jersey's counties beside their QCEW was refused, and another
    state's qwi.csv beside the state's qcew_annual.csv went in (a reviewer)."""
    con.execute("begin transaction")
    try:
        _write_rows(con, inputs, typed)
        return rule(con)
    finally:
        con.execute("rollback")


def _load_holding_the_lock(db_path: Path, inputs: Sequence[TableInput], is_demo: bool, state_fips: str | None,
                           dry_run: bool, report: Progress, settle_state: StateRule | None = None,
                           other_states: bool = False, checkbox: str | None = None,
                           removal_consent: str = "give --mode replace") -> LoadResult:
    # The live file is copied only now, with the lock held, so this load builds on every load before it.
    work = _temporary_path(db_path)
    try:
        if db_path.exists():
            report(0.0, "Copying the database")
            shutil.copyfile(db_path, work)
            shutil.copymode(db_path, work)  # at once: the copy, people's records, was 0644 until the swap
        else:
            report(0.0, "Creating the database")
            create_database(work, state_fips)
            # people's records: its owner's alone until someone widens it (a load keeps what they chose); it was
            # 0644, readable by every user of the machine (a deployment reviewer)
            work.chmod(0o600)
        memory = load_memory_mb()
        con = _open_working_copy(work, memory)
        try:
            version = schema.schema_version(con)
            if version not in schema.READABLE_VERSIONS:  # a newer Sectorscope's file, or no Sectorscope's
                raise ValidationError([unreadable_version_problem(db_path, inputs, version)])
            if version != schema.SCHEMA_VERSION:  # an older file
                report(0.02, "Bringing the database to the current data model (its file is unchanged until the end)")
                schema.upgrade_schema(con, refresh_wioa_tables)
            report(0.05, "Checking the files")
            typed, problems, row_numbers = validate_batch(inputs, con,
                                             lambda share, message: report(0.05 + 0.05 * share, message),
                                             removal_consent)
            problems = _mixing_problems(con, inputs, is_demo) + problems
            template_rule = _template_state_rule(typed, other_states, checkbox) if settle_state is None else None
            if settle_state is not None:  # against what the loads before this one left, with the lock held
                settled, refused = settle_state(con)
                state_fips, problems = state_fips or settled, refused + problems
            else:  # the registry's counties, against the database before the batch, whatever else is wrong
                settled, refused = _registry_state_rule(con, typed, row_numbers, other_states, checkbox,
                                                         state_fips)
                state_fips, problems = state_fips or settled, refused + problems
            if template_rule is not None and not errors_of(problems):
                settled, refused = _settled_with_the_batch(con, inputs, typed, template_rule)
                state_fips, problems = state_fips or settled, refused + problems
            # what a replace removes, counted on the file's keys wherever they were read without a problem, and
            # refused in the same report as the rest (a code reviewer: it came after the other problems were mended)
            replacing = list(dict.fromkeys(item.table for item in inputs if item.mode == "replace"
                                           and item.table in typed and not _key_problems(problems, item.table)))
            # each result fetched whole: DuckDB refuses the next statement beside an unfinished one
            replaced = {table: con.execute("select count(*) from " + quote_identifier(table)).fetchall()[0][0]
                        for table in replacing}
            removed = {table: replaced[table] - _loaded_keys_count(con, table, typed[table][0])
                       for table in replacing if replaced[table]}
            problems = problems + [removal_problem(item, replaced[item.table], removed[item.table], removal_consent)
                                   for item in inputs if item.mode == "replace" and not item.may_remove
                                   and removed.get(item.table)]
            if errors_of(problems):
                raise ValidationError(problems)
            result = LoadResult({table: _rows_of(rows) for table, (rows, _) in typed.items()}, dry_run=dry_run,
                                warnings=warnings_of(problems), replaced=replaced,
                                removed={table: count for table, count in removed.items() if count},
                                updated={item.table: _loaded_keys_count(con, item.table, typed[item.table][0])
                                         for item in inputs if item.mode == "upsert" and item.table in typed})
            result.warnings.extend(same_file_warnings(con, inputs))
            if dry_run:
                # the quarters a load would find missing or thin, as the load says them: a check said "Valid" and
                # the load then warned of 25 quarters (a data reviewer); its rows written and rolled back at once
                if any(item.table == "wage_records" for item in inputs):
                    con.execute("begin transaction")
                    try:
                        _write_rows(con, inputs, typed)
                        result.warnings.extend(wage_record_quarter_warnings(con, inputs))
                    finally:
                        con.execute("rollback")
                return result
            _write(con, inputs, typed, is_demo, state_fips, report)
            result.warnings.extend(wage_record_quarter_warnings(con, inputs))
        except duckdb.Error as error:
            exhausted = out_of_memory_cause(error)
            if exhausted is None:
                raise
            raise ValidationError([out_of_memory_problem(inputs, memory, exhausted)]) from error
        finally:
            con.close()
        _swap_in(work, db_path)
    finally:
        _remove_working_copy(work)
    return result


def _open_working_copy(work: Path, memory_mb: int | None) -> duckdb.DuckDBPyConnection:
    """A connection to a load's working copy, spilling beside it and within ``memory_mb`` (None: DuckDB's own)."""
    # What spills is people's records: the folder is the loader's alone, whatever the umask (DuckDB made it when it
    # first spilled, 0755 under the usual 022, and keeps a folder that is already there)
    _spill_path(work).mkdir(mode=0o700, exist_ok=True)
    return duckdb.connect(str(work), config={"temp_directory": str(_spill_path(work)),
                                             **({"memory_limit": f"{memory_mb}MB"} if memory_mb else {})})


def _swap_in(work: Path, live: Path) -> None:
    """Make the committed working copy ``work`` the live file, atomically (readers keep the file they opened)."""
    with open(work, "rb") as handle:
        os.fsync(handle.fileno())
    with contextlib.suppress(FileNotFoundError):  # the live file's permissions kept (a read-only 444 came back 644)
        shutil.copymode(live, work)
        with contextlib.suppress(PermissionError):  # and its group, where the app reads it as one (root:www-data 640)
            os.chown(work, -1, live.stat().st_gid)
    os.replace(work, live)


def _remove_working_copy(work: Path) -> None:
    """Delete the working copy ``work`` with its folder (its .wal and spill folder in it)."""
    shutil.rmtree(work.parent, ignore_errors=True)


@contextlib.contextmanager
def _working_copy_of(db_path: Path, report: Progress, table: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a working copy of the existing database, as a load makes one: holding the database's lock,
    spilling beside it within a load's memory; the copy replaces the live file when the block ends without an
    error, so the pages keep reading the previous file meanwhile and a failure changes nothing. ``table`` names
    what the change is about in the message of a lock held too long."""
    with database_lock(db_path, report, db_path.name, table):
        _remove_abandoned_copies(db_path)
        work = _temporary_path(db_path)
        try:
            report(0.0, "Copying the database")
            shutil.copyfile(db_path, work)
            shutil.copymode(db_path, work)  # as a load's: the copy took the umask (0644) until the swap
            con = _open_working_copy(work, load_memory_mb())
            try:
                yield con
            finally:
                con.close()
            _swap_in(work, db_path)
        finally:
            _remove_working_copy(work)


def rebuild_release(db_path: Path, k: int | None = None, progress: Progress | None = None) -> int:
    """Build the public release of an existing database again (with k = ``k`` or ``config.min_cell_size()``), as a
    load does: holding the database's lock, in a working copy that replaces the live file once committed, so the
    pages keep reading the previous file meanwhile and a failure changes nothing. Returns the release's rows."""
    report = progress or (lambda fraction, message: None)
    db_path = Path(db_path)
    with _working_copy_of(db_path, report, "release_cells") as con:
        version = schema.schema_version(con)
        if version not in schema.READABLE_VERSIONS:  # a newer Sectorscope's file: not ours to write
            raise ValidationError([unreadable_version_problem(db_path, [], version)])
        if version != schema.SCHEMA_VERSION:
            schema.upgrade_schema(con, refresh_wioa_tables)
            _keep_landing_views(con, report)
        con.execute("begin transaction")
        rows = build_release(con, k, progress=lambda message: report(0.5, message))
        con.execute("commit")
        con.execute("checkpoint")
    report(1.0, "The public release is built")
    return rows


class _AlreadyCurrent(Exception):
    """Raised inside ``upgrade_database``'s working copy when another process upgraded the file meanwhile: the copy
    is dropped instead of swapped in."""


def upgrade_database(db_path: Path, progress: Progress | None = None) -> tuple[int | None, int | None]:
    """Bring a database made by an older data model this code reads (``schema.READABLE_VERSIONS``) to the current
    one without loading anything, as a load would before writing (``schema.upgrade_schema``, then the views staff
    land on kept): in a working copy under the database's lock, swapped in once done. Returns the data model
    versions before and after; a current file (or one this code cannot read) is left as it is, not even copied."""
    report = progress or (lambda fraction, message: None)
    db_path = Path(db_path)
    with connect_read_only(db_path) as reader:
        version = schema.schema_version(reader)
    if version not in schema.READABLE_VERSIONS - {schema.SCHEMA_VERSION}:
        return version, version
    try:
        with _working_copy_of(db_path, report, "schema_meta") as con:
            # read again under the lock: a load or another upgrade may have brought it up to date while we waited
            before = schema.schema_version(con)
            if before == schema.SCHEMA_VERSION:
                raise _AlreadyCurrent
            if before not in schema.READABLE_VERSIONS:  # a newer Sectorscope's meanwhile: not ours to write
                raise ValidationError([unreadable_version_problem(db_path, [], before)])
            report(0.1, f"Bringing data model {before} to {schema.SCHEMA_VERSION}")
            # the WIOA tables made again are most of the work: the bar moves with them (it stayed at 10%)
            schema.upgrade_schema(con, lambda upgrading: refresh_wioa_tables(
                upgrading, lambda share, message: report(0.15 + 0.8 * share, message)))
            con.execute("checkpoint")
            _keep_landing_views(con, report)
    except _AlreadyCurrent:
        report(1.0, f"The database was already brought to data model {schema.SCHEMA_VERSION}")
        return schema.SCHEMA_VERSION, schema.SCHEMA_VERSION
    report(1.0, f"The database is at data model {schema.SCHEMA_VERSION}")
    return before, schema.SCHEMA_VERSION


def _keep_landing_views(con: duckdb.DuckDBPyConnection, report: Progress) -> None:
    """Keep the views staff land on (``ingest.landing_views``), with a page's memory (a load's own memory limit
    when that is unlimited); say so when DuckDB runs out and none is kept."""
    report(0.98, "Working out the views staff land on")
    if not keep_landing_views(con, None if load_memory_mb() is None else config.duckdb_megabytes()):
        report(0.98, "The views staff land on were not kept (not enough memory): the pages will work them out")


def unreadable_version_problem(db_path: Path, inputs: Sequence[TableInput], version: int | None) -> Problem:
    """The one problem reported when the database was made by a data model this code neither reads nor upgrades (a
    newer Sectorscope's, or no Sectorscope's): writing into it could leave what that version keeps inconsistent."""
    first = inputs[0] if inputs else None
    made_by = ("is not a Sectorscope database (it records no data model)" if version is None
               else f"was made by a Sectorscope with data model {version}")
    readable = ", ".join(map(str, sorted(schema.READABLE_VERSIONS)))
    return Problem(first.source if first else "?", first.table if first else "?", None, None, None,
                   f"{db_path.name} {made_by}; this Sectorscope reads and writes data models {readable}: nothing "
                   "was loaded. Load into a new database (--db), or with the Sectorscope that made this one.")


def out_of_memory_problem(inputs: Sequence[TableInput], memory_mb: int | None, error: Exception) -> Problem:
    """The one problem reported when DuckDB runs out of memory during a load (nothing was written): what limit was in
    force and what to do, instead of DuckDB's own advice about threads and settings."""
    first = inputs[0] if inputs else None
    chosen = "SECTORSCOPE_LOAD_MEMORY_MB" in os.environ
    limit = (f"the {memory_mb:,} MB that SECTORSCOPE_LOAD_MEMORY_MB allows" if memory_mb and chosen
             else f"the {memory_mb:,} MB a load may use unless SECTORSCOPE_LOAD_MEMORY_MB says more" if memory_mb
             else "the memory this machine has free")
    fix = ("set SECTORSCOPE_LOAD_MEMORY_MB higher (0: DuckDB's own limit, up to 80% of the machine's memory), "
           "beyond it DuckDB writes to disk" if memory_mb else "free memory, or load the files a few at a time")
    detail = str(error).split("\n", 1)[0].removeprefix("Out of Memory Error: ").removeprefix(
        "TransactionContext Error: ")
    return Problem(first.source if first else "?", first.table if first else "?", None, None, None,
                   f"the load needed more than {limit}, so nothing was loaded ({detail}); {fix}")


def _spill_path(work: Path) -> Path:
    """Where DuckDB works on disk beyond its memory limit during a load: in the copy's private folder (removed with
    the copy)."""
    return work.parent / "spill"


def load_memory_mb() -> int | None:
    """DuckDB's memory limit while loading: ``$SECTORSCOPE_LOAD_MEMORY_MB``, ``DEFAULT_LOAD_MEMORY_MB`` when unset
    or not a number, None (DuckDB's own default) when 0; beyond it, DuckDB spills to disk next to the working copy."""
    megabytes = int(config.number_setting("SECTORSCOPE_LOAD_MEMORY_MB"))
    return megabytes if megabytes > 0 else None


def _rows_of(rows: pd.DataFrame | StagedTable) -> int:
    return rows.rows if isinstance(rows, StagedTable) else len(rows)


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


def held_dataset(db_path: Path) -> str | None:
    """What the database holds, as the pages tell it (query ``dataset_status``): ``"demo"`` (the synthetic demo),
    ``"own"`` (a state's own data), or None (no file, nothing loaded but the counties, or no Sectorscope database:
    the loader then says what is wrong with it)."""
    if not Path(db_path).is_file():
        return None
    try:
        with connect_read_only(db_path) as con:
            status = run_query(con, "dataset_status").iloc[0]
    except duckdb.Error:
        return None
    if not status["tables_loaded"]:
        return None
    return "demo" if bool(status["is_demo"]) else "own"


def own_data_target() -> Path | None:
    """Where a state's own files go when no database is named: the Data page's rule (``config.own_data_database``)
    for the active database, which holds the demo when its file does, or when it is the demo's file not built yet
    (own data never goes into a file of the demo's name). ``state.duckdb`` in the data folder while the demo is
    active; None when ``$SECTORSCOPE_DB`` pins the app to a demo database."""
    active = config.database_path()
    is_demo = held_dataset(active) == "demo" if active.exists() else active == config.demo_database_path()
    return config.own_data_database(is_demo)


def _lacked_columns(table: str, absent: frozenset[str]) -> list[str]:
    """The columns of ``table`` an upsert's file lacks (in the data model's order), its key left out, and the columns
    Sectorscope's own readers fill (``schema.READER_COLUMNS``): a state's own qcew_annual.csv replacing a row BLS's
    quarterly files made leaves its origin unknown, not "from quarters" (its LQ would be named the mean of BLS's
    monthly LQs)."""
    key = set(schema.tables()[table].primary_key)
    return [column for column in schema.tables()[table].column_names
            if column in absent and column not in key and (table, column) not in schema.READER_COLUMNS]


def _kept_values_warning(source: str, table: str, lacked: list[str], blank: frozenset[str] = frozenset()
                         ) -> list[Problem]:
    """An upsert's warning naming the columns whose loaded values rows with the same key keep: those the file lacks,
    and apart those it holds empty in every row (``blank``, read as saying nothing of them)."""
    said = [([c for c in lacked if c not in blank], "not in the file"),
            ([c for c in lacked if c in blank], "empty in every row of the file, so read as not in it")]
    return [Problem(source, table, None, ", ".join(columns), None,
                    f"{how}: rows already loaded with the same key keep their values in these columns (upsert); new "
                    "rows leave them empty (a required one is needed by new rows)", WARNING)
            for columns, how in said if columns]


def blank_optional_columns(table: str, raw: pd.DataFrame) -> frozenset[str]:
    """The optional columns of ``table`` a file holds empty in every row as typed (``raw``: the file's text): in an
    upsert they say nothing of the rows loaded before, as a column the file lacks (an empty post_hourly_wage
    emptied every loaded wage, where the refusal of the same file in mode replace had advised upsert: a data
    steward). A column of values the reader refused is not empty. Not of the labour market's tables: an agency's
    file is the cell's whole record, its empty columns as published (a BLS file without published LQs keeps none of
    an earlier file's)."""
    return optional_of(table, frozenset(column for column in raw.columns
                                        if raw[column].astype("string").str.strip().fillna("").eq("").all()))


def optional_of(table: str, blank: frozenset[str]) -> frozenset[str]:
    """Of the columns ``blank`` (empty in every row of a file of ``table``), those read as not in it: optional
    columns of a table not the labour market's (``blank_optional_columns``)."""
    if table in {name for name, _, _ in LABOR_MARKET_TABLES}:
        return frozenset()
    required = {column.name for column in schema.tables()[table].columns if column.required}
    return frozenset(blank - required)


def _lacks_its_key(normalized: NormalizedTable) -> bool:
    """Does the file lack a column of its table's key (a wrong template: grants.csv loaded as participants)?"""
    return bool(set(schema.tables()[normalized.table].primary_key) & set(normalized.absent))


def _required_columns_of_new_rows(normalized: NormalizedTable) -> list[Problem]:
    """An upsert's problems of reading, where a required column the file lacks is a problem only for the rows whose
    key is not loaded yet (``_keep_loaded_values`` has filled the others): a file of ids and one changed column
    updates loaded rows (it was refused for lacking every other required column, beside a warning that those
    columns keep their loaded values). Each new row is named, with the required columns it lacks."""
    lacking = {p.column for p in normalized.problems if p.row is None and p.message == REQUIRED_COLUMN_MISSING}
    if not lacking or _lacks_its_key(normalized):
        # without its key no row can match a loaded one: each column missing is said once ("required column is
        # missing"), not each row as "a new row (its key is not loaded yet)" with a key of 'None' (a data steward)
        return list(normalized.problems)
    kept = [p for p in normalized.problems if not (p.row is None and p.message == REQUIRED_COLUMN_MISSING)]
    typed = normalized.typed
    new_rows = typed[sorted(lacking)].isna().any(axis=1).to_numpy()
    key = list(schema.tables()[normalized.table].primary_key)
    found: list[Problem] = []
    for position in np.flatnonzero(new_rows)[:MAX_PROBLEMS_PER_RULE]:
        missing = [column for column in sorted(lacking) if pd.isna(typed.iloc[position][column])]
        found.append(Problem(normalized.source, normalized.table, normalized.row(typed.index[position]),
                             ", ".join(missing), ", ".join(str(typed.iloc[position][c]) for c in key),
                             "a new row (its key is not loaded yet) needs the required "
                             f"column{'s' if len(missing) > 1 else ''} {', '.join(missing)}, which the file lacks"))
    if int(new_rows.sum()) > MAX_PROBLEMS_PER_RULE:
        # counted with the rows listed, as one kind in the summary: every new row lacks the same columns (the file's)
        found.append(more_rows(normalized.source, normalized.table, ", ".join(sorted(lacking)),
                               int(new_rows.sum()) - MAX_PROBLEMS_PER_RULE, MAX_PROBLEMS_PER_RULE,
                               found[-1].message))
    return kept + found


def _keep_loaded_values(con, normalized: NormalizedTable, blank: frozenset[str] = frozenset()) -> list[Problem]:
    """An upsert's rows whose key is already loaded keep the loaded values of the columns the file lacks (among them
    ``blank``: those it holds empty in every row, ``blank_optional_columns``), in place (``normalized.typed``): the
    file said nothing about them, and they were once emptied without a word (a refresh of participants.csv without
    the wage columns blanked every wage). A warning says which columns."""
    key = list(schema.tables()[normalized.table].primary_key)
    lacked = _lacked_columns(normalized.table, normalized.absent)
    if not key or not lacked or normalized.typed.empty or _lacks_its_key(normalized):
        return []
    typed = normalized.typed
    con.register("upsert_keys", typed[key].assign(_position=np.arange(len(typed))))
    try:
        matches = _key_matches(key)
        found = con.execute("select k._position, " + ", ".join(f"t.{_column_sql(c)}" for c in lacked) + " from "
                            "upsert_keys as k join " + quote_identifier(normalized.table) + " as t on " + matches
                            ).df()
    finally:
        con.unregister("upsert_keys")
    for column in lacked:
        typed.loc[typed.index[found["_position"].to_numpy()], column] = found[column].to_numpy()
    return _kept_values_warning(normalized.source, normalized.table, lacked, blank)


def refused_cells(problems: Iterable[Problem]) -> tuple[dict[str, list[int]], frozenset[str]]:
    """The cells whose value as typed the reader refused (errors naming a row and one column): their rows per
    column, and the columns with refused cells a report counts without listing (``more_rows``)."""
    rows: dict[str, list[int]] = {}
    unlisted = set()
    for problem in problems:
        if not problem.is_error or problem.column is None:
            continue
        if problem.counts_more_of is not None:
            unlisted.add(problem.column)
        elif problem.row is not None:
            rows.setdefault(problem.column, []).append(int(problem.row))
    return rows, frozenset(unlisted)


def emptied_cell_warnings(con: duckdb.DuckDBPyConnection, source: str, table: str,
                          rows: pd.DataFrame | StagedTable, absent: frozenset[str],
                          row_numbers: np.ndarray | None = None,
                          refused: Iterable[Problem] = ()) -> list[Problem]:
    """An upsert's warning, per optional column the file has, of the cells it leaves empty in rows whose key is
    loaded with a value there: upsert writes each row's cells as given, so the loaded value goes (a row re-sent with
    post_hourly_wage blank emptied the loaded 17.50 without a word: a data steward). Counted over ``rows`` (the
    file's, typed: a staged table carries each row's spreadsheet row as ``_row``; a frame's are ``row_numbers``,
    in its order), the first ``ROWS_NAMED`` rows named. Not of the labour market's tables (``optional_of``): an
    agency's file is the cell's whole record. A cell holding a value the reader refused (``refused``: the file's
    problems, ``refused_cells``) is not empty: "12,50" was said refused and, beside it, left empty (a steward); a
    column with refused cells the report does not list is not warned of until they are mended."""
    key = list(schema.tables()[table].primary_key)
    names = schema.tables()[table].column_names
    optional = optional_of(table, frozenset(names))
    refused_rows, unlisted = refused_cells(refused)
    checked = [column for column in names if column in optional and column not in absent and column not in key
               and (table, column) not in schema.READER_COLUMNS and column not in unlisted]  # the data model's order
    if not key or not checked or set(key) & absent:
        return []
    # the refused cells' rows bound as lists, one per column
    refused_lists = {f"refused_{position}": sorted(set(refused_rows.get(column, [])))
                     for position, column in enumerate(checked)}
    emptied = {column: f"k.{_column_sql(column)} is null and t.{_column_sql(column)} is not null and not "
                       f"list_contains($refused_{position}::bigint[], k._row)"
               for position, column in enumerate(checked)}
    counts = ("select " + ", ".join(f"count(*) filter (where {where}), list(k._row order by k._row) filter (where "
                                    f"{where})[1:{ROWS_NAMED}]" for where in emptied.values())
              + " from {rows} as k join " + quote_identifier(table) + " as t on " + _key_matches(key))
    if isinstance(rows, StagedTable):
        found = con.execute(counts.format(rows=rows.name), refused_lists).fetchall()[0]
    else:
        if rows.empty:
            return []
        numbered = rows[key + checked].assign(_row=np.arange(len(rows)) if row_numbers is None else row_numbers)
        con.register("upsert_cells", numbered)
        try:
            found = con.execute(counts.format(rows="upsert_cells"), refused_lists).fetchall()[0]
        finally:
            with contextlib.suppress(duckdb.Error):
                con.unregister("upsert_cells")
    problems = []
    for position, column in enumerate(checked):
        count, first_rows = found[2 * position], found[2 * position + 1] or []
        if not count:
            continue
        named = [str(int(row)) for row in first_rows]
        if count > len(named):
            named.append(f"{count - len(named):,} more")
        cells = "a cell" if count == 1 else f"{count:,} cells"
        problems.append(Problem(source, table, None, column, None, (
            f"{cells} of this column left empty in the file (row{'s' if count > 1 else ''} {in_a_list(named)}) "
            f"empt{'y' if count > 1 else 'ies'} the value{'s' if count > 1 else ''} loaded before in the row"
            f"{'s' if count > 1 else ''} of the same key: upsert writes each row's cells as given. To keep a loaded "
            "value, fill its cell, or leave the column out of the file (rows loaded before then keep it)"), WARNING))
    return problems


def _key_problems(problems: Sequence[Problem], table: str) -> bool:
    """Is any error of ``problems`` about ``table``'s file as a whole, or about its key column as a whole (a key
    column missing: its keys then unknown)? An error in some rows' keys (a duplicate, an empty cell) is not: the
    other rows' keys are known, and what the replace would remove is said in the same report (a data steward's batch
    said it only once the duplicate was mended)."""
    key = set(schema.tables()[table].primary_key)
    # about the key column as a whole: no row, no value and no rows counted. A refusal naming the keys it lacks that
    # other tables' rows refer to (it named the wage records' one person, and the row of nobody's the replace would
    # remove too went unsaid: a steward), or a line counting more rows of some rows' problem, knows the file's keys
    return any(problem.is_error and problem.table == table
               and (problem.column is None or (problem.column in key and problem.row is None
                                               and problem.value is None and problem.counts_more_of is None))
               for problem in problems)


def emptied_column_problems(con: duckdb.DuckDBPyConnection, item: TableInput, rows: pd.DataFrame | StagedTable,
                            absent: frozenset[str], consent: str, blank: frozenset[str] = frozenset()
                            ) -> list[Problem]:
    """``item``'s refusal, in mode replace without leave to remove (``consent``: how to give it), for each column its
    file lacks (``_lacked_columns``), or holds empty in every row (``blank``), that holds a value in a row loaded
    before: the replace would empty it. A participants.csv of the first eight columns emptied every wage and gender,
    and one with exited_on headed "exit_date" every exit date, each loaded with exit 0 (a data steward); a column
    exported empty did the same (a code reviewer). With leave (``item.may_remove``) each is a warning saying what
    was emptied. Only the rows ``rows`` (the file's, typed) keep count: those it lacks are removed. A file lacking its
    key is refused for that alone; a table without a key has every row replaced."""
    key = list(schema.tables()[item.table].primary_key)
    # a required column the file lacks is refused as such ("required column is missing"), not said twice
    required = {column.name for column in schema.tables()[item.table].columns if column.required}
    lacked = [column for column in _lacked_columns(item.table, absent | blank) if column not in required]
    if not key or set(key) & absent or not lacked:
        return []
    # the rows the file keeps (its keys loaded before): those it lacks are removed, and said so apart
    # (``removal_problem``); counted with them, a partnership dropped on purpose read as emptying its end date
    counts = "select count(*), " + ", ".join(f"count(t.{_column_sql(c)})" for c in lacked) + " from " + \
        quote_identifier(item.table) + " as t semi join "
    if isinstance(rows, StagedTable):
        loaded, *held = con.execute(counts + "(select distinct " + ", ".join(map(_column_sql, key)) + " from "
                                    + rows.name + ") as k on " + _key_matches(key)).fetchall()[0]
    else:
        with _incoming_keys(con, rows, key):
            loaded, *held = con.execute(counts + "incoming_keys as k on " + _key_matches(key)).fetchall()[0]
    problems = []
    for column, count in zip(lacked, held, strict=True):
        if not count:
            continue
        how = ("the file lacks this column" if column in absent else
               "every cell of this column is empty in the file")
        problems.append(Problem(item.source, item.table, None, column, None, (
            f"{how}: its values in {count:,} of the {loaded:,} rows loaded before in {item.table} that the file keeps "
            "are emptied (mode replace keeps the file's alone)") if item.may_remove else (
            f"{how}, which holds values in {count:,} of the {loaded:,} rows loaded before in {item.table} that the "
            "file keeps: mode replace would empty it; nothing was written. "
            + ("Add the column to the file (or map the file's own column to it), or load in mode upsert (rows "
               "loaded before keep the columns a file lacks)" if column in absent else
               "Fill the column, or load in mode upsert (a column empty in every row is read as not in the file: "
               "rows loaded before keep its values)")
            + f"; to empty it, {consent}"),
            WARNING if item.may_remove else ERROR))
    return problems


def removal_problem(item: TableInput, loaded: int, removed: int, consent: str) -> Problem:
    """The refusal of ``item``, in mode replace, that would remove ``removed`` of the ``loaded`` rows of its table
    its file lacks without the user having said it may (``consent``: how to say so)."""
    rows = f"{removed:,} row{'s' if removed != 1 else ''}"
    return Problem(item.source, item.table, None, None, None,
                   f"would remove {rows} of the {loaded:,} loaded before in {item.table} that this file lacks (mode "
                   f"replace keeps only the file's rows); nothing was written. To add the file's new rows and "
                   f"update those loaded before, load it in mode upsert; to keep only the file's rows, {consent}")


def _loaded_keys_count(con, table: str, rows: pd.DataFrame | StagedTable) -> int:
    """How many of ``rows`` (a frame, or staged rows) have a key already loaded in ``table`` (a table without a key:
    none, so a replace removes every row it held)."""
    key = list(schema.tables()[table].primary_key)
    if not key:
        return 0
    if isinstance(rows, StagedTable):
        keys = "(select distinct " + ", ".join(map(_column_sql, key)) + " from " + rows.name + ")"
        return int(con.execute("select count(*) from " + quote_identifier(table) + " as t semi join " + keys
                               + " as k on " + _key_matches(key)).fetchall()[0][0])
    if rows.empty:
        return 0
    with _incoming_keys(con, rows, key):
        return int(con.execute("select count(*) from " + quote_identifier(table) + " as t semi join incoming_keys "
                               "as k on " + _key_matches(key)).fetchall()[0][0])


def _delete_matching_keys(con, table: str, frame: pd.DataFrame) -> None:
    """Delete the loaded rows whose primary key is among the frame's (an upsert's first half)."""
    key = list(schema.tables()[table].primary_key)
    if not key or frame.empty:
        return
    with _incoming_keys(con, frame, key):
        con.execute("delete from " + quote_identifier(table) + " as t using incoming_keys as k where "
                    + _key_matches(key))


@contextlib.contextmanager
def _incoming_keys(con, frame: pd.DataFrame, key: list[str]):
    """The frame's distinct ``key`` values as the view ``incoming_keys`` of ``con`` while the block runs."""
    con.register("incoming_keys", frame[key].drop_duplicates())
    try:
        yield
    finally:
        with contextlib.suppress(duckdb.Error):  # an aborted transaction refuses this too: keep the first error
            con.unregister("incoming_keys")


def refresh_exiter_wages(con) -> None:
    """Rebuild ``exiter_wages`` (each exiter's wage records around the exit) from participants and wage_records, in
    ``con``'s transaction: pages then read one row per exiter instead of going through the wage records."""
    con.execute("delete from exiter_wages")
    con.execute("insert into exiter_wages " + query_sql("exiter_wages_rows"))


def refresh_exiter_outcomes(con) -> None:
    """Rebuild ``exiter_outcomes`` (each exiter's part in the Worker outcomes page's figures) from participants and
    ``exiter_wages``, in ``con``'s transaction: a rerun of the page then groups rows instead of computing them."""
    con.execute("delete from exiter_outcomes")
    con.execute("insert into exiter_outcomes by name " + query_sql("exiter_outcomes_rows"))


def _unrecorded_state(con: duckdb.DuckDBPyConnection) -> str | None:
    """The state ``active_state.sql`` says (the loaded counties', else the QCEW's) where none is recorded yet; None
    where one is, or none is known."""
    row = con.execute(query_sql("active_state")).df().iloc[0]
    return None if row["is_recorded"] else codes.known_state(row["state_fips"])


def _write_rows(con, inputs, typed, report: Progress | None = None) -> list[str]:
    """The batch's rows into their tables (in the caller's transaction): the tables written, in order."""
    modes = {item.table: item.mode for item in inputs}
    order = [table for table in schema.LOADABLE_TABLES if table in typed]
    # Children first when deleting, parents first when inserting.
    for table in reversed(order):
        if modes[table] == "replace":
            con.execute("delete from " + quote_identifier(table))
        elif modes[table] == "upsert" and isinstance(typed[table][0], StagedTable):
            typed[table][0].delete_matching_keys()
        elif modes[table] == "upsert":
            _delete_matching_keys(con, table, typed[table][0])
    for step, table in enumerate(order, start=1):
        if report is not None:
            report(0.1 + 0.85 * step / len(order), f"Writing {table}")
        rows = typed[table][0]
        if isinstance(rows, StagedTable):
            rows.insert()
        elif len(rows):
            con.from_df(rows).insert_into(table)
    return order


def wage_record_quarter_warnings(con: duckdb.DuckDBPyConnection, inputs: Sequence[TableInput]) -> list[Problem]:
    """After a load that wrote wage records: a warning for each quarter of the wage records' span (all of them, as
    loaded) holding no record or far fewer than the quarters around it (``wioa.thin_quarters``). The load stands;
    the pages leave out the people whose quarter holds no record ("quarter not loaded"), but a partly loaded quarter
    reads as people without pay, so the warning says which quarter and how many records to look for."""
    sources = [item.source for item in inputs if item.table == "wage_records"]
    if not sources:
        return []
    counts = con.execute(query_sql("wage_records_by_quarter")).df()
    thin = wioa.thin_quarters(pd.Series(counts["wage_records"].to_numpy(), index=counts["quarter_index"].to_numpy()))
    if not thin:
        return []
    span = (f"{wioa.quarter_label(int(counts['quarter_index'].iloc[0]))} to "
            f"{wioa.quarter_label(int(counts['quarter_index'].iloc[-1]))}")
    problems = []
    for quarter in thin:
        label = wioa.quarter_label(quarter.quarter)
        if quarter.records == 0:
            message = (f"Wage records hold no record of {label}, inside the quarters loaded ({span}; the quarters "
                       f"around it hold about {quarter.reference:,.0f} each): it reads as never loaded. The worker "
                       "and WIOA figures leave out the people whose quarter after exit it is and say so; load that "
                       "quarter's wage records to count them.")
        else:
            message = (f"Wage records hold {quarter.records:,} records of {label}, under half of the quarters "
                       f"around it (about {quarter.reference:,.0f} each; loaded: {span}): it looks partly loaded. "
                       "People missing from it read as not employed in that quarter; load its remaining records "
                       "(mode upsert) if the file was cut short.")
        problems.append(Problem(", ".join(sources), "wage_records", None, "year, quarter", label, message, WARNING))
    return problems


def _write(con, inputs, typed, is_demo: bool, state_fips: str | None, report: Progress) -> None:
    try:
        con.execute("begin transaction")
        state_before = active_state(con)
        order = _write_rows(con, inputs, typed, report)
        _record_provenance(con, inputs, is_demo)
        # where none is recorded, the state the loaded counties say (a registry's first load): a later registry load
        # naming another state's counties turned every page into that state's (a reviewer)
        state_fips = state_fips or _unrecorded_state(con)
        if state_fips:
            con.execute("delete from schema_meta where key = 'state_fips'")
            con.execute("insert into schema_meta values ('state_fips', $state)", {"state": state_fips})
        if {"participants", "wage_records"} & set(order):
            report(0.95, "Summing up each exiter's wage records around the exit")
            refresh_exiter_wages(con)
            report(0.952, "Working out each exiter's part in the worker outcomes")
            refresh_exiter_outcomes(con)
            report(0.955, "Working out each person's part in the WIOA indicators")
            refresh_wioa_tables(con, lambda share, message: report(0.955, message))
        forget_kept_results(con)  # kept again below, after the commit; never kept for the data before this load
        # the public release, refreshed in the same transaction by every load that changes what it rests on
        if release_is_current(con, set(order), state_changed=active_state(con) != state_before):
            report(0.96, "The public release is unchanged: no table it rests on was loaded")
        else:
            build_release(con, progress=lambda message: report(0.96, message))
        con.execute("commit")
        con.execute("checkpoint")
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("rollback")
        raise
    _keep_landing_views(con, report)
