"""The data model: creates it from ``schema.sql``, tells its version, and describes its tables.

The DDL in ``schema.sql`` is the single definition of tables, columns, types, keys and meanings. Everything else
that needs to know the columns (validation, templates, the data dictionary) asks this module, which reads them back
from DuckDB's own catalog instead of keeping a second list.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from sectorscope import config
from sectorscope.db import query_sql

SCHEMA_VERSION = 16  # 2: optional registry columns, WIOA fields, exiters_in_view; 3: skill gain dates, youth fields;
# 4: the exiters_with_wages macro; 5: exiter_wages, built at each load; 6: wioa_outcomes and wioa_skill_gains, built at
# each load; 7: wage_records' key checked by the loader, no longer an index; 8: exiter_outcomes and kept_results, built
# at each load, and the participant_in_view macro; 9: each kept result with its query's digest and the load it was
# kept after, the WIOA tables' filter columns required; 10: partnership_served_counties (a partnership listed by its
# region alone serves that region's counties), on which partnerships_in_view and participant_in_view rest, and dates
# compared instead of year(); 11: the same, as released (a 10 made between two commits of 2026-12-03 lacks
# partnership_served_counties); 12: county names with their kind, as the Census Bureau writes them ("Lancaster
# County", "Orleans Parish", "Baltimore city" beside "Baltimore County") and qcew_annual's from_quarters (whether an
# annual average is BLS's or worked out from quarters); 13: the same, as released (a 12 made between two commits of
# 2026-12-04 lacks from_quarters; upgrade_schema turns a 6-12 into a 13); 14: exiter_outcomes and the WIOA tables
# made again, a quarter after exit before the first wage-record quarter "before the data starts" (it read observed
# with $0 earnings), a value the WIOA tables' status type gained; 15: the same for a quarter inside the wage records'
# span that holds no record at all (never loaded): "quarter not loaded" (it read observed with $0 earnings), another
# value of the status type; and a pre-employment exiter out of the credential cohort (prevocational services are
# career services, not training); 16: the WIOA tables made again, retention's "not in the cohort" for everyone not
# employed in the 2nd quarter after exit whatever their 4th (a 4th quarter not yet in the data or never loaded left
# them out of retention as unknown: the Notes counted them)
# Versions whose databases this code reads as they are: 6 differs from 7 only by wage_records' index, a reader of a 6
# or a 7 defines for itself what 8 added (define_what_version_8_added), and an 8's kept results are not read (they
# name neither their query's text nor their load).
READABLE_VERSIONS = frozenset({6, 7, 8, 9, 10, 11, 12, 13, 14, 15, SCHEMA_VERSION})
BEFORE_VERSION_8 = frozenset({6, 7})  # the readable versions whose reader defines what 8 added
# What data model 8 added: the macro every "in view" rests on (participants_in_view now calls it) and a table whose
# rows a reader of an older file can work out as a view of the same query.
VERSION_8_MACROS = ("participant_in_view", "participants_in_view")
# What data model 10 changed: two macros whose newer text a reader of an older file defines for itself.
VERSION_10_MACROS = ("partnership_served_counties", "partnerships_in_view", "participant_in_view", "exiters_in_view")
# What data model 12 changed: the counties' names, which a reader of an older file takes from the shipped counties,
# and a column of qcew_annual, unknown (empty) in an older file's rows.
VERSION_12_NAMES = "county_full_names"
VERSION_12_COLUMN = ("qcew_annual", "from_quarters")
VERSION_8_TABLE = "exiter_outcomes"
VERSION_8_KEPT_RESULTS = "kept_results"  # empty until the next load: the pages then run the queries themselves
# What data models 14 and 15 changed: the WIOA tables' status type took a value ("before the data starts", then
# "quarter not loaded"). DuckDB adds no value to an enum in place, so the upgrade makes the type and the tables again
# and fills them as a load does.
VERSION_14_TYPE = "wioa_status"
VERSION_14_TABLES = ("wioa_outcomes", "wioa_skill_gains")
QUARTER_NOT_LOADED_SINCE = 15  # the data model whose stored statuses know a wage-record quarter never loaded
# The rules by which a file of an older data model stores its worker figures, each with the data model that changed
# it, in words for the pages that read such a file as it is (``older_rules``)
OLDER_RULES = (
    (14, "a 2nd or 4th quarter after exit before the first wage-record quarter counted as not employed"),
    (QUARTER_NOT_LOADED_SINCE, "a quarter inside the wage records that was never loaded counted as not employed"),
    (15, "pre-employment training counted in the WIOA Credential Rate"),
    (16, "people not employed in the 2nd quarter after exit counted in the WIOA retention Notes as left out when "
         "their 4th quarter was not yet in the data or never loaded"),
)


def older_rules(version: int) -> list[str]:
    """What a file of data model ``version`` stores by rules a later data model changed (``OLDER_RULES``), oldest
    first; none for a current file."""
    return [rule for since, rule in OLDER_RULES if version < since]


# Columns data model 8 added to the WIOA tables, the person's columns a selection filters by, as the upgrade and a
# reader of an older file work them out from participants (alias p); a load writes them from the same columns.
VERSION_8_FILTER_COLUMNS = {
    "wioa_outcomes": {"partnership_id": "p.partnership_id", "county_fips": "p.county_fips",
                      "exit_year": "year(p.exited_on)::integer"},
    "wioa_skill_gains": {"partnership_id": "p.partnership_id", "county_fips": "p.county_fips"},
}

SCHEMA_FILE = Path(__file__).with_name("schema.sql")

# Tables a state supplies (or the demo generator emits), in the order a batch is written: parents first.
# Counties are not among them: every database gets the Census boundaries of all U.S. counties when created.
LOADABLE_TABLES: tuple[str, ...] = (
    "regions",
    "region_counties",
    "sectors",
    "partnerships",
    "partnership_counties",
    "partners",
    "grants",
    "system_changes",
    "stories",
    "employers",
    "participants",
    "wage_records",
    "employer_surveys",
    "qcew_annual",
    "qwi",
)

# Columns Sectorscope's own readers fill (a BLS file read as quarters or as annual averages): not offered in the
# templates or the data dictionary, where a state would be asked what it cannot know.
READER_COLUMNS: frozenset[tuple[str, str]] = frozenset({("qcew_annual", "from_quarters")})

# Keys the loader checks (duplicates in a file, rows already loaded) but the DDL does not declare: DuckDB keeps a
# declared key's index in memory while a load commits, which for 10 million wage records is about 400 MB.
UNINDEXED_KEYS: dict[str, tuple[str, ...]] = {"wage_records": ("participant_id", "year", "quarter")}

# (table, column) -> (parent table, parent column). Checked by the loader against the batch and what is loaded.
FOREIGN_KEYS: dict[tuple[str, str], tuple[str, str]] = {
    ("region_counties", "region_id"): ("regions", "region_id"),
    ("region_counties", "county_fips"): ("counties", "county_fips"),
    ("partnerships", "sector_code"): ("sectors", "sector_code"),
    ("partnerships", "region_id"): ("regions", "region_id"),
    ("partnership_counties", "partnership_id"): ("partnerships", "partnership_id"),
    ("partnership_counties", "county_fips"): ("counties", "county_fips"),
    ("partners", "partnership_id"): ("partnerships", "partnership_id"),
    ("grants", "partnership_id"): ("partnerships", "partnership_id"),
    ("system_changes", "partnership_id"): ("partnerships", "partnership_id"),
    ("stories", "partnership_id"): ("partnerships", "partnership_id"),
    ("employers", "county_fips"): ("counties", "county_fips"),
    ("participants", "partnership_id"): ("partnerships", "partnership_id"),
    ("participants", "county_fips"): ("counties", "county_fips"),
    ("wage_records", "participant_id"): ("participants", "participant_id"),
    ("employer_surveys", "employer_id"): ("employers", "employer_id"),
    ("employer_surveys", "partnership_id"): ("partnerships", "partnership_id"),
}


@dataclass(frozen=True)
class Column:
    """One column of the data model, as the DDL defines it."""

    name: str
    sql_type: str
    required: bool
    meaning: str

    @property
    def is_dollars(self) -> bool:
        """Does it hold an amount of US dollars (its comment in ``schema.sql`` says so)?"""
        return self.sql_type == "DOUBLE" and "US dollars" in self.meaning


@dataclass(frozen=True)
class Table:
    """One table of the data model: its columns in order and its key (declared in the DDL, or checked by the loader
    alone: ``UNINDEXED_KEYS``)."""

    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    meaning: str

    def column(self, name: str) -> Column:
        """The column called ``name``; KeyError if there is none."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table of the data model in an empty database and record the schema version."""
    con.execute(SCHEMA_FILE.read_text())
    con.execute(
        "insert into schema_meta values ('schema_version', $version)", {"version": str(SCHEMA_VERSION)}
    )


def upgrade_schema(con: duckdb.DuckDBPyConnection,
                   refresh_wioa: Callable[[duckdb.DuckDBPyConnection], object]) -> None:
    """Bring a database of a version this code reads but no longer makes (``READABLE_VERSIONS``) to
    ``SCHEMA_VERSION``, in its own transaction; a database already current is left alone. ``refresh_wioa`` fills
    the WIOA tables from what ``con``'s transaction holds, as a load does (``ingest.wioa_tables.refresh_wioa_tables``:
    the data model does not import the metrics that define them).

    6 -> 7: ``wage_records`` is made again from the DDL without its primary key index, with the same rows.
    7 -> 8: the ``participant_in_view`` macro (and ``participants_in_view`` resting on it), ``exiter_outcomes``
    computed from what the file holds (``queries/exiter_outcomes_rows.sql``), the WIOA tables with the columns a
    selection filters by (``VERSION_8_FILTER_COLUMNS``; made again by 14) and an empty ``kept_results`` (a load fills
    it).
    8 -> 9: ``kept_results`` made again, empty, with each result's query digest and load; the WIOA tables with their
    filter columns required, taken from the participants again (an older Sectorscope writing into an 8 left them
    empty; made again by 14).
    9 (or 10) -> 11: the macros ``VERSION_10_MACROS`` in their current text (a 9's kept results stay: the macros' new
    text gives the same rows with no county chosen, which is all a kept result holds).
    11 (or 12) -> 13: each county's name with its kind, from the shipped counties (``geo.counties_table``; the kept
    results hold no county name), and ``qcew_annual.from_quarters``, empty (unknown) in the rows loaded before (a 12
    made between two commits lacks it; one made after holds it already).
    8-13 -> 14: ``exiter_outcomes`` computed again (a 2nd or 4th quarter after exit before the first wage-record
    quarter was "observed" with no earnings; it is "before the data starts"), and the kept results resting on it
    emptied (a load, or the ``upgrade`` command, keeps them again).
    6-13 -> 14: the WIOA tables (``VERSION_14_TABLES``) and their status type made again from the DDL, the type with
    "before the data starts", and filled by ``refresh_wioa`` (their statuses read the same quarters "observed", with
    no earnings, before), each row with its filter columns.
    8-14 -> 15 and 6-14 -> 15: the same again, for a quarter after exit (or before entry) inside the wage records'
    span that holds no record at all, now "quarter not loaded" (it was "observed" with no earnings: a quarter the
    state never loaded read as a quarter nobody was paid in), the status type with that value.
    6-15 -> 16: the WIOA tables filled again (someone not employed in the 2nd quarter after exit is out of
    retention's cohort whatever their 4th quarter; 15 read them "not yet in the data" or "quarter not loaded" when
    that quarter was), with exiter_outcomes as above (its rows are 15's).
    """
    version = schema_version(con)
    if version == SCHEMA_VERSION or version not in READABLE_VERSIONS:
        return
    con.execute("begin transaction")
    try:
        if version == 6:
            _drop_wage_records_index(con)
        for name in VERSION_10_MACROS:
            con.execute(_macro_ddl(name))
        con.execute("update counties set county_name = named.county_name from "
                    f"({FULL_NAMES_SELECT}) as named where named.county_fips = counties.county_fips", FULL_NAMES_FILE)
        table, column = VERSION_12_COLUMN
        con.execute(f"alter table {table} add column if not exists {column} boolean")
        con.execute(next(comment for comment in _table_ddl(table)[1]
                         if comment.startswith(f"comment on column {table}.{column} is ")))
        if version == 8:
            con.execute(f"drop table {VERSION_8_KEPT_RESULTS}")
            _create_table(con, VERSION_8_KEPT_RESULTS)
        elif version in BEFORE_VERSION_8:
            for name in VERSION_8_MACROS:
                con.execute(_macro_ddl(name))
            for table in (VERSION_8_TABLE, VERSION_8_KEPT_RESULTS):
                _create_table(con, table)
            con.execute(f"insert into {VERSION_8_TABLE} by name " + query_sql("exiter_outcomes_rows"))
        if version not in BEFORE_VERSION_8:  # 8-14 (8 too: a reviewer): the rows as exiter_outcomes_rows makes now
            con.execute(f"delete from {VERSION_8_TABLE}")
            con.execute(f"insert into {VERSION_8_TABLE} by name " + query_sql("exiter_outcomes_rows"))
            con.execute(f"delete from {VERSION_8_KEPT_RESULTS}")
        # after exiter_outcomes and the macros: the WIOA rows are computed by the queries of this data model
        _remake_wioa_tables(con, refresh_wioa)
        con.execute("update schema_meta set value = $version where key = 'schema_version'",
                    {"version": str(SCHEMA_VERSION)})
        con.execute("commit")
    except BaseException:
        with contextlib.suppress(duckdb.Error):  # after a failed commit there is nothing to roll back: keep its error
            con.execute("rollback")
        raise


def _create_table(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Create ``table`` as ``schema.sql`` defines it, with its comments."""
    statement, comments = _table_ddl(table)
    con.execute(statement)
    for comment in comments:
        con.execute(comment)


def _drop_wage_records_index(con: duckdb.DuckDBPyConnection) -> None:
    """Data model 6 -> 7, in ``con``'s transaction: ``wage_records`` without its key's index, with the same rows."""
    con.execute("alter table wage_records rename to wage_records_version_6")
    _create_table(con, "wage_records")
    con.execute("insert into wage_records by name select * from wage_records_version_6")
    con.execute("drop table wage_records_version_6")


def _remake_wioa_tables(con: duckdb.DuckDBPyConnection,
                        refresh_wioa: Callable[[duckdb.DuckDBPyConnection], object]) -> None:
    """Data model 6-14 -> 15, in ``con``'s transaction: the WIOA tables and their status type made again from the DDL
    (an enum takes no new value in place, nor is a type in use dropped), then filled by ``refresh_wioa``."""
    for table in VERSION_14_TABLES:
        con.execute(f"drop table {table}")
    con.execute(f"drop type if exists {VERSION_14_TYPE}")
    con.execute(_type_ddl(VERSION_14_TYPE))
    for table in VERSION_14_TABLES:
        _create_table(con, table)
    refresh_wioa(con)


def _filter_columns_select(table: str) -> str:
    """The select list of ``table``'s filter columns worked out from its participant (``VERSION_8_FILTER_COLUMNS``)."""
    return ", ".join(f"{expression} as {name}" for name, expression in VERSION_8_FILTER_COLUMNS[table].items())


def has_filter_columns(con: duckdb.DuckDBPyConnection) -> bool:
    """Do the WIOA tables of the database ``con`` reads hold the columns a selection filters by
    (``VERSION_8_FILTER_COLUMNS``), filled? A version-8 file an unreleased commit wrote lacks them; one an older
    Sectorscope wrote into has them empty (data model 9 requires them: this is asked of an 8 only)."""
    wanted = {(table, column) for table, columns in VERSION_8_FILTER_COLUMNS.items() for column in columns}
    found = set(con.execute("select table_name, column_name from duckdb_columns() where schema_name = 'main' and "
                            "table_name in ('wioa_outcomes', 'wioa_skill_gains')").fetchall())
    if not wanted <= found:
        return False
    return not con.execute(
        "select exists(select 1 from wioa_outcomes where partnership_id is null or exit_year is null) "
        "or exists(select 1 from wioa_skill_gains where partnership_id is null)").fetchone()[0]


def define_what_version_8_added(con: duckdb.DuckDBPyConnection, catalog: str, file: str) -> None:
    """Let ``con``, reading the file attached as ``file`` (data model 6 or 7) read-only, run the queries of data
    model 8: the participant_in_view macro, ``exiter_outcomes`` (a view computing the rows the table would hold) and
    the WIOA tables with their filter columns (``define_filter_column_views``) are created in the writable database
    ``catalog``, which the reader's cursors search before the file. The file's own participants_in_view is its older
    text of the same rule. Slower than the tables: the file's next load upgrades it (``upgrade_schema``)."""
    con.execute(_macro_ddl("participant_in_view", f"{catalog}.main."))
    con.execute(f"create or replace view {catalog}.main.{VERSION_8_TABLE} as " + query_sql("exiter_outcomes_rows"))
    define_filter_column_views(con, catalog, file)


def define_what_version_10_changed(con: duckdb.DuckDBPyConnection, catalog: str) -> None:
    """Let ``con``, reading a file of an older data model, run the macros ``VERSION_10_MACROS`` in their current text:
    created in the writable database ``catalog``, which the reader's cursors search before the file."""
    for name in VERSION_10_MACROS:
        con.execute(_macro_ddl(name, f"{catalog}.main."))


# Every U.S. county's FIPS and name with its kind, from the counties Sectorscope ships (bind $counties_file to
# ``config.COUNTIES_FILE``)
FULL_NAMES_SELECT = "select county_fips, county_name from read_parquet($counties_file)"
FULL_NAMES_FILE = {"counties_file": str(config.COUNTIES_FILE)}


def define_what_version_12_changed(con: duckdb.DuckDBPyConnection, catalog: str, file: str) -> None:
    """Let ``con``, reading the file attached as ``file`` (data model 6-12), name counties with their kind: a view
    ``counties`` in the writable database ``catalog`` (searched before the file) with the file's rows and the shipped
    counties' names ("Lancaster County" where the file says "Lancaster"); and read ``qcew_annual`` with its
    ``from_quarters`` unknown (a view of the same name)."""
    con.execute(f"create or replace table {catalog}.main.{VERSION_12_NAMES} as {FULL_NAMES_SELECT}", FULL_NAMES_FILE)
    table, column = VERSION_12_COLUMN
    held = con.execute("select count(*) from duckdb_columns() where database_name = $file and schema_name = 'main' "
                       "and table_name = $table and column_name = $column",
                       {"file": file, "table": table, "column": column}).fetchone()[0]
    if not held:  # a 12 made after the column came holds it: read as it is
        con.execute(f"create or replace view {catalog}.main.{table} as select *, null::boolean as {column} "
                    f"from {file}.main.{table}")
    con.execute(f"create or replace view {catalog}.main.counties as select c.* replace "
                f"(coalesce(named.county_name, c.county_name) as county_name) from {file}.main.counties as c "
                f"left join {catalog}.main.{VERSION_12_NAMES} as named on named.county_fips = c.county_fips")


def define_filter_column_views(con: duckdb.DuckDBPyConnection, catalog: str, file: str) -> None:
    """The WIOA tables of the file attached as ``file`` as views in ``catalog`` with the filter columns worked out
    from its participants, in place of any the file's tables hold (absent or empty)."""
    for table in VERSION_8_FILTER_COLUMNS:
        con.execute(f"create or replace view {catalog}.main.{table} as "
                    + _rows_with_filter_columns(con, table, table, file))


def _rows_with_filter_columns(con: duckdb.DuckDBPyConnection, table: str, source: str,
                              database: str | None = None) -> str:
    """A SELECT of the rows of ``source`` (of the attached ``database``, or the one ``con`` uses) as rows of the WIOA
    table ``table``: its filter columns (``VERSION_8_FILTER_COLUMNS``) worked out from the participants, in place of
    any ``source`` holds (absent, or empty where an older writer left them so)."""
    held = {name for (name,) in con.execute(
        "select column_name from duckdb_columns() where schema_name = 'main' and table_name = $source "
        "and ($database is null or database_name = $database)", {"source": source, "database": database}).fetchall()}
    replaced = sorted(held & set(VERSION_8_FILTER_COLUMNS[table]))
    rows = f"w.* exclude ({', '.join(replaced)})" if replaced else "w.*"
    prefix = f"{database}.main." if database else ""
    return (f"select {rows}, {_filter_columns_select(table)} from {prefix}{source} as w "
            f"inner join {prefix}participants as p on p.participant_id = w.participant_id")


def _macro_ddl(name: str, prefix: str = "") -> str:
    """A CREATE OR REPLACE MACRO statement for macro ``name`` of ``schema.sql`` (named ``prefix + name``), as DuckDB's
    catalogue gives it back after running the DDL in memory (the one definition stays ``schema.sql``)."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(SCHEMA_FILE.read_text())
        kind, parameters, definition = con.execute(
            "select function_type, parameters, macro_definition from duckdb_functions() "
            "where function_name = $name and function_type in ('macro', 'table_macro')", {"name": name}).fetchone()
    finally:
        con.close()
    table = " table" if kind == "table_macro" else ""
    return f"create or replace macro {prefix}{name}({', '.join(parameters)}) as{table} {definition}"


def _table_ddl(name: str) -> tuple[str, list[str]]:
    """The CREATE TABLE statement of one table of ``schema.sql`` and its COMMENT statements, as DuckDB's catalogue
    gives them back after running the DDL in memory (the one definition stays ``schema.sql``)."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(SCHEMA_FILE.read_text())
        statement, table_comment = con.execute(
            "select sql, comment from duckdb_tables() where table_name = $name", {"name": name}).fetchone()
        columns = con.execute("select column_name, comment from duckdb_columns() where table_name = $name "
                              "and comment is not null order by column_index", {"name": name}).fetchall()
    finally:
        con.close()
    comments = [f"comment on table {name} is {_quoted(table_comment)}"] if table_comment else []
    comments += [f"comment on column {name}.{column} is {_quoted(comment)}" for column, comment in columns]
    return statement, comments


def _type_ddl(name: str) -> str:
    """A CREATE TYPE statement for the enum ``name`` of ``schema.sql``, its values as DuckDB's catalogue gives them
    back after running the DDL in memory (the one definition stays ``schema.sql``)."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(SCHEMA_FILE.read_text())
        (values,) = con.execute(f"select enum_range(null::{name})").fetchone()
    finally:
        con.close()
    return f"create type {name} as enum ({', '.join(_quoted(value) for value in values)})"


def _quoted(text: str) -> str:
    """``text`` as an SQL string literal (DDL takes no bound parameters)."""
    return "'" + text.replace("'", "''") + "'"


def schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The schema version recorded in the database, or None when it holds no Sectorscope schema."""
    found = con.execute(
        "select count(*) from duckdb_tables() where table_name = 'schema_meta' and schema_name = 'main'"
    ).fetchall()[0][0]
    if not found:
        return None
    rows = con.execute("select value from schema_meta where key = 'schema_version'").fetchall()
    return int(rows[0][0]) if rows else None


@functools.cache
def tables() -> dict[str, Table]:
    """Every table of the data model, read back from DuckDB's catalog after running the DDL in memory."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(SCHEMA_FILE.read_text())
        column_rows = con.execute(
            "select table_name, column_name, data_type, is_nullable, coalesce(comment, '') "
            "from duckdb_columns() where schema_name = 'main' and not internal "
            "order by table_name, column_index"
        ).fetchall()
        key_rows = con.execute(
            "select table_name, constraint_column_names from duckdb_constraints() "
            "where constraint_type = 'PRIMARY KEY'"
        ).fetchall()
        table_rows = con.execute(
            "select table_name, coalesce(comment, '') from duckdb_tables() where schema_name = 'main' and not internal"
        ).fetchall()
    finally:
        con.close()
    keys = {name: tuple(columns) for name, columns in key_rows} | UNINDEXED_KEYS
    table_meanings = dict(table_rows)
    columns: dict[str, list[Column]] = {}
    for table_name, column_name, data_type, nullable, comment in column_rows:
        columns.setdefault(table_name, []).append(Column(column_name, data_type, not nullable, comment))
    return {
        name: Table(name, tuple(cols), keys.get(name, ()), table_meanings.get(name, ""))
        for name, cols in columns.items()
    }
