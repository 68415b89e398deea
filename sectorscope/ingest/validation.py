"""Validation of incoming tables against the data model, before anything is written.

Every rule runs on every table in one pass, so one report lists every problem:
1. ``normalize`` matches column names (case- and space-insensitively) and parses each value into the column's type
   (dates, booleans, numbers, lists), recording every cell that cannot be read and keeping the values as typed;
2. ``check_normalized`` runs the rules as a pandera schema (required values, code lists, plausible ranges, unique
   keys, dates in order), and ``check_foreign_keys`` checks references across the batch and the loaded database.
Each problem names the source file, the row as a spreadsheet shows it (header = row 1), the column and the value as
the user typed it. A problem is an *error* (the batch is rejected) or a *warning* (the batch loads; the report says
what was left out or read differently, e.g. a column that is not part of the data model).
"""

from __future__ import annotations

import difflib
import functools
import math
import re
import warnings
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute as pc

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import pandera.pandas as pa

from sectorscope import codes, config, schema
from sectorscope.words import in_a_list, with_article

FIRST_DATA_ROW = 2  # row numbers as a spreadsheet shows them: the header is row 1

_TRUE = {"true", "t", "yes", "y", "1", "1.0"}
_FALSE = {"false", "f", "no", "n", "0", "0.0"}
FIPS_COLUMNS = {"county_fips": r"^\d{5}$", "state_fips": r"^\d{2}$"}
# Codes of other forms the data dictionary states: (pattern, what the message says the value is not). A NAICS code
# "62211O" or "Hospitals" loaded without a word, beside a dictionary saying "2 to 6 digits" (a data steward); the
# three sectors BLS writes as ranges are NAICS codes too (the QWI and the demo write them so). Checked where the file
# gives the column: an upsert without it keeps the values loaded before, which it does not make
CODE_FORMS: dict[tuple[str, str], tuple[str, str]] = {
    ("employers", "naics_code"): (r"^(\d{2,6}|31-33|44-45|48-49)$",
                                  "not a NAICS code of 2 to 6 digits (or a sector range: 31-33, 44-45, 48-49)"),
}

REQUIRED_COLUMN_MISSING = "required column is missing"

# Plausible ranges: (minimum, maximum). A value outside is rejected with the range in the message.
RANGES: dict[tuple[str, str], tuple[float, float]] = {
    ("participants", "pre_hourly_wage"): (0, 500),
    ("participants", "post_hourly_wage"): (0, 500),
    ("grants", "amount_usd"): (0, 100_000_000),
    ("wage_records", "earnings_usd"): (0, 2_000_000),
    ("wage_records", "hours"): (0, 2_200),
    ("wage_records", "quarter"): (1, 4),
    ("wage_records", "year"): (1990, 2100),
    ("employer_surveys", "survey_year"): (1990, 2100),
    ("employer_surveys", "turnover_rate_before"): (0, 1),
    ("employer_surveys", "turnover_rate_after"): (0, 1),
    ("employer_surveys", "hires_from_training"): (0, 100_000),
    ("qcew_annual", "year"): (1975, 2100),
    ("qcew_annual", "establishments"): (0, 1e9),
    ("qcew_annual", "employment"): (0, 1e10),
    ("qcew_annual", "total_wages"): (0, 1e16),
    ("qcew_annual", "avg_weekly_wage"): (0, 1e6),
    ("qwi", "year"): (1990, 2100),
    ("qwi", "quarter"): (1, 4),
    ("qwi", "employment"): (0, 1e9),
    ("qwi", "hires"): (0, 1e9),
    ("qwi", "separations"): (0, 1e9),
    ("qwi", "turnover_rate"): (0, 1),
    ("qwi", "avg_monthly_earnings"): (0, 1e7),
}

# Shares that people often write as percents: a column whose values exceed 1 but not 100 is read as percents.
RATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "employer_surveys": ("turnover_rate_before", "turnover_rate_after"),
    "qwi": ("turnover_rate",),
}

# Columns recording what has happened, with how they say when ("date" or "year"): none may come after the day the
# file is checked. A wage record of 2099 loaded, and the load warned of 302 quarters "missing" up to it (a data
# reviewer). Planned dates (a partnership's or a grant's end) may lie ahead, within ``latest_plausible_date``.
HAPPENED: dict[tuple[str, str], str] = {
    ("participants", "enrolled_on"): "date",
    ("participants", "exited_on"): "date",
    ("participants", "credential_on"): "date",
    ("system_changes", "changed_on"): "date",
    ("wage_records", "year"): "year",
    ("employer_surveys", "survey_year"): "year",
}

# (table, start column, end column): the end, when given, may not come before the start.
DATE_ORDER: tuple[tuple[str, str, str], ...] = (
    ("partnerships", "start_date", "end_date"),
    ("grants", "start_date", "end_date"),
    ("participants", "enrolled_on", "exited_on"),
)


ERROR, WARNING = "error", "warning"
MAX_REFERENCE_PROBLEMS = 200  # rows listed per unresolved reference; the rest are counted


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is, what is wrong, and whether it rejects the batch (``error``) or
    only needs saying (``warning``)."""

    source: str
    table: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    severity: str = ERROR
    # a line standing for rows of one kind a report does not list: (that kind's message, how many rows)
    counts_more_of: tuple[str, int] | None = None
    # the message of its kind, where this one's adds its row's own particulars (a short code's "08003 (Alamosa County,
    # Colorado)?"): reports sum up and count by it (every code made its own kind "In short": a data steward)
    kind: str | None = None

    @property
    def is_error(self) -> bool:
        """Does this problem reject the batch?"""
        return self.severity != WARNING

    def __str__(self) -> str:
        where = self.source + (f", row {self.row}" if self.row is not None else "")
        where += f", column {self.column}" if self.column else ""
        value = f" (value: {self.value!r})" if self.value is not None else ""
        label = "warning: " if not self.is_error else ""
        return f"{label}{where}: {self.message}{value}"


def column_named_as_in_file(problem: Problem, file_columns: Mapping[str, str]) -> Problem:
    """``problem`` with its column named as the file's header names it, our name after it where they differ
    ("Exit Date (exited_on)"); ``file_columns`` maps our columns to the file's headers."""
    theirs = file_columns.get(problem.column) if problem.column else None
    if theirs is None or theirs == problem.column:
        return problem
    return replace(problem, column=f"{theirs} ({problem.column})")


def combined_report(read: Iterable[Problem], checked: Iterable[Problem], files: Sequence[str] = ()) -> list[Problem]:
    """One report of the problems found reading the files (``read``) and checking their rows (``checked``): a cell
    the reader already reported (a spreadsheet formula) is not reported again by the checks ("not a number").
    Each file's problems in its rows' order (``in_row_order``), as ``validate_batch`` orders the
    checks' (a workbook's formula in row 4 was listed before the checks' rows 2 and 3: a data steward); the files in
    the order given (``files``, by the names problems give them; then as first met): a registry file's refusals,
    checked first, came before the files given before it (a data steward)."""
    read = list(read)
    # the reader names a column as the sheet spells it ("Amount USD"), the checks as the data model does
    reported = {(p.source, p.row, column_key(p.column)) for p in errors_of(read) if p.row is not None}
    problems = read + [p for p in checked if (p.source, p.row, column_key(p.column)) not in reported]
    order: dict[str, int] = {}
    # a workbook's sheets are its file's ("book.xlsx [grants]"), in the order their problems come
    for source in [*files, *(problem.source.split(" [", 1)[0] for problem in problems)]:
        order.setdefault(source, len(order))
    return sorted(problems, key=lambda p: (order[p.source.split(" [", 1)[0]], *in_row_order(p)))  # stable: ties kept


def in_row_order(problem: Problem) -> tuple[int, int]:
    """A file's problems in its rows' order (a sort key): those of the whole file first, then each row's, then the
    lines counting rows not listed ("10 more row(s) with this problem" came before row 2: a data steward)."""
    return (1 if problem.row is not None else 2 if problem.counts_more_of else 0), problem.row or 0


def errors_of(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that reject a batch."""
    return [problem for problem in problems if problem.is_error]


def warnings_of(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that are only reported: the batch still loads."""
    return [problem for problem in problems if not problem.is_error]


def without_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without its rows of only missing or blank values: a spreadsheet's cleared rows, saved as CSV as a
    line of separators (",,,,"), are skipped as empty lines are (and as a workbook's empty rows are); each other
    row keeps its index (its own row number)."""
    if frame.empty:
        return frame
    # both readers drop a value's leading spaces, so a blank value is missing or ""
    kept = (frame.notna() & frame.ne("")).to_numpy().any(axis=1)
    return frame if kept.all() else frame[kept]


def data_row_numbers(rows: int, empty_lines: Iterable[int], start: int = 0) -> np.ndarray:
    """The row number, as a spreadsheet shows it, of each of ``rows`` data records of a file whose empty lines
    (skipped by the readers) are ``empty_lines``: the header is its first line that is not empty, and each record
    is one line (a value over a line break is refused). Without empty lines: 2, 3, 4, ... (header = row 1).
    ``start``: the records from the ``start``-th (0-based) on, for a file read in chunks."""
    # in order already when an array (a file read in chunks converts its list once, not once per chunk)
    empty = empty_lines if isinstance(empty_lines, np.ndarray) else np.asarray(sorted(empty_lines), dtype=np.int64)
    header = 1 + int(np.searchsorted(empty - np.arange(len(empty)), 1, side="right"))  # after the leading ones
    after = empty[empty > header]
    # the j-th empty line after the header comes after this many records; record k moves down one line per such
    # empty line at or before it
    records_before = after - (header + 1) - np.arange(len(after))
    index = np.arange(start, start + rows, dtype=np.int64)
    return header + 1 + index + np.searchsorted(records_before, index, side="right")


# An unexpected error while checking or writing (a fault of Sectorscope's, not of the files): a load writes its
# private copy and swaps it in only after its transaction commits, so nothing was written.
FAULT_MESSAGE = "Sectorscope failed: a fault in Sectorscope, not a problem found in your files."
NOTHING_WRITTEN = " Nothing was written; the database is as it was."  # true of a load or check, not of every command


class ValidationError(Exception):
    """Raised with every problem found in a batch (errors first, then warnings); nothing was written."""

    def __init__(self, problems: list[Problem]):
        errors, warned = errors_of(problems), warnings_of(problems)
        self.problems = errors + warned
        shown = "\n".join(f"- {problem}" for problem in self.problems[:20])
        more = f"\n... and {len(self.problems) - 20} more" if len(self.problems) > 20 else ""
        also = f" and {len(warned)} warning(s)" if warned else ""
        short = "".join(f"\n{line}" for line in summary_lines(errors))  # the QWI and release commands print this
        super().__init__(f"{rows_with_problems(errors):,} problem(s){also}, nothing was loaded:\n{shown}{more}{short}")


REPORT_COLUMNS = ("severity", "source", "table", "row", "column", "value", "message")


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    """Problems as a table (one row each: severity, source, table, row, column, value, message), for display and
    CSV download."""
    frame = pd.DataFrame([[getattr(p, c) for c in REPORT_COLUMNS] for p in problems], columns=list(REPORT_COLUMNS))
    return frame.astype({"row": "Int64"})  # row 2, never 2.0 where some problems have no row


@dataclass(frozen=True)
class ProblemKind:
    """One kind of problem (the same message about the same column of the same file) and the rows that have it."""

    severity: str
    source: str
    table: str
    column: str | None
    message: str
    rows: int  # rows with it, those a report counts without listing included
    first_row: int | None  # the first and last row listed (None: a problem of the whole file)
    last_row: int | None
    listed: int  # rows listed one by one
    example: str | None  # the first value as typed

    @property
    def where(self) -> str:
        """The rows: "row 7", "rows 2–41" (every row between), "first row 2, last row 90" (not every row between),
        "first row 2" (more rows counted than listed), or "" for a problem of the whole file."""
        first, last = self.first_row, self.last_row
        if first is None or last is None:
            return ""
        if self.rows > self.listed:
            return f"first row {first}"
        if first == last:
            return f"row {first}"
        return f"rows {first}–{last}" if last - first + 1 == self.listed else f"first row {first}, last row {last}"

    def __str__(self) -> str:
        """"grants.csv, column amount_usd: 40 rows (rows 2–41, e.g. '12k'): not a number ..."."""
        place = self.source + (f", column {self.column}" if self.column else "")
        detail = ", ".join(part for part in (self.where, f"e.g. {self.example!r}" if self.example is not None
                                             else "") if part)
        if self.first_row is None and self.rows == 1:  # about the whole file, or a column: no row to count
            return f"{place}: {self.message}"
        counted = f"{self.rows:,} row" + ("" if self.rows == 1 else "s")
        return f"{place}: {counted}" + (f" ({detail})" if detail else "") + f": {self.message}"


REPEATED_KIND_ROWS = 5  # a kind of problem in this many rows makes a report worth summing up by kind


def problem_kinds(problems: Iterable[Problem]) -> list[ProblemKind]:
    """``problems`` by kind (file, table, column, message, severity), in the order first found: the rows having it
    (a line counting rows it does not list, ``Problem.counts_more_of``, adds them to its kind), the first and last
    row listed, the first value as typed. A systematic mistake ("1.234,00" in every row) read as 300 lines."""
    kinds: dict[tuple, dict] = {}
    for problem in problems:
        message, rows = problem.counts_more_of or (problem.kind or problem.message, 1)
        key = (problem.severity, problem.source, problem.table, problem.column, message)
        kind = kinds.setdefault(key, {"rows": 0, "first_row": None, "last_row": None, "listed": 0, "example": None})
        kind["rows"] += rows
        if problem.counts_more_of is None and problem.row is not None:
            kind["listed"] += 1
            kind["first_row"] = problem.row if kind["first_row"] is None else min(kind["first_row"], problem.row)
            kind["last_row"] = problem.row if kind["last_row"] is None else max(kind["last_row"], problem.row)
        if kind["example"] is None and problem.counts_more_of is None:
            kind["example"] = problem.value
    return [ProblemKind(*key, **found) for key, found in kinds.items()]


def worth_summing_up(kinds: list[ProblemKind]) -> bool:
    """Is a report of these kinds long because some kind repeats (``REPEATED_KIND_ROWS`` rows or more), and would a
    line per kind say it in at most half the lines? A message naming its own rows (a duplicate key's "rows 2, 3
    and 145 more") makes a kind per line: summed up, 201 lines read as 103 (a code reviewer)."""
    lines = sum(kind.listed or 1 for kind in kinds)
    return any(kind.rows >= REPEATED_KIND_ROWS for kind in kinds) and 2 * len(kinds) <= lines


def rows_with_problems(problems: Iterable[Problem]) -> int:
    """How many problems ``problems`` stand for: one per line, and a line standing for rows a report leaves out
    (``more_rows``) as many as it counts. A QCEW file of 3,325 bad rows read "Rejected: 102 problem(s)" (a data
    steward)."""
    return sum(problem.counts_more_of[1] if problem.counts_more_of else 1 for problem in problems)


def summary_lines(problems: Iterable[Problem]) -> list[str]:
    """The errors of a rejection summed up by kind for a command's output, "In short, ..." then a line per kind
    (``problem_kinds``), or none where it would not be shorter (``worth_summing_up``): one printer for every
    command that prints a rejection."""
    kinds = problem_kinds(errors_of(problems))
    if not worth_summing_up(kinds):
        return []
    return [f"In short, {len(kinds)} kind(s) of problem:", *(f"- {kind}" for kind in kinds)]


def _with_columns_range(expected: str | None, table: str, column: str) -> str | None:
    """What a cell of ``column`` must look like, its type's limit ("at most 2,147,483,647") replaced by the column's
    own range (``RANGES``): "1,234" in post_hourly_wage read "at most 10,000,000,000,000,000" for a column of 0 to
    500, "Q4" in quarter "at most 2,147,483,647" (a data steward)."""
    if expected is None or (table, column) not in RANGES:
        return expected
    low, high = RANGES[table, column]
    if HAPPENED.get((table, column)) == "year":  # a year still to come is refused as not happened yet
        high = min(high, pd.Timestamp.now().year)
    as_percent = f", or {low * 100:g}% to {high * 100:g}%" if column in RATE_COLUMNS.get(table, ()) else ""
    return re.sub(r"; at most [\d,.]+\)$", f"; from {format_limit(low, column)} to {format_limit(high, column)}"
                  f"{as_percent})", expected)


def format_limit(value: float, column: str = "") -> str:
    """A range limit as people write it: 500, 100,000,000, 0.5; a year without a separator (1990, not 1,990)."""
    if column == "year" or column.endswith("_year"):
        return f"{value:.0f}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def as_typed(value: object) -> str | None:
    """A cell's value as the user typed it, for a report: text as is; numbers and dates from programs without the
    artefacts of their type (``2000``, not ``2000.0``; ``2018-01-01``, not ``2018-01-01 00:00:00``)."""
    if value is None or (not isinstance(value, list | tuple | np.ndarray) and pd.isna(value)):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp | np.datetime64):
        stamp = pd.Timestamp(value)
        return stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat(sep=" ")
    if isinstance(value, list | tuple | np.ndarray):
        return "; ".join(str(item) for item in value)
    return str(value)


def column_key(name: object) -> str:
    """Comparable form of a column name: lower case, every run of other characters than letters and digits (spaces,
    dashes, underscores, slashes, dots) as one '_': "Race/Ethnicity" is race_ethnicity (it was left out of a load as
    no column of ours); letters of any alphabet are letters ("Año" is año, not a_o)."""
    return re.sub(r"[\W_]+", "_", str(name).strip().lower()).strip("_")


def column_key_before_punctuation(name: object) -> str:
    """``column_key`` as it was until 2026-12-06 (only spaces, dashes and underscores joined words): the key column
    mappings remembered before then were filed under (``mapping.remembered`` looks there too)."""
    return re.sub(r"[\s_\-]+", "_", str(name).strip().lower()).strip("_")


def closest_column(name: object, columns: Iterable[str]) -> str | None:
    """The one of ``columns`` (ours, missing from a file) a column of the file most likely meant, if any is close
    ("Exit Date" -> exited_on, "County" -> county_fips): for a hint, never read as it."""
    key = column_key(name)
    if not key:
        return None
    keys = {column_key(column): column for column in columns}
    starting = [column for found, column in keys.items() if found.startswith(key + "_")]
    if len(starting) == 1:
        return starting[0]
    # spelled alike and sharing a word (or a word's start: "exit" of "exited"): "state" was offered start_date
    # (a data steward)
    sharing = [found for found in keys if _share_a_word(key, found)]
    close = difflib.get_close_matches(key, sharing, n=1, cutoff=0.55)
    return keys[close[0]] if close else None


def _share_a_word(key: str, other: str) -> bool:
    """Do two column keys share a word, or words beginning with the same 4 letters or more ("enrollment" and
    "enrolled", "exitdate" and "exited", "gendr" and "gender")?"""
    words, others = key.split("_"), other.split("_")
    return any(a == b or (min(len(a), len(b)) >= 4 and a[:4] == b[:4]) for a in words for b in others)


def _text(series: pd.Series) -> pd.Series:
    """Values as trimmed text (pandas string dtype), blank cells as NA. Vectorised: files have a million rows."""
    text = series.astype("string").str.strip()
    return text.mask(text == "")


def _is_blank(series: pd.Series) -> pd.Series:
    return _text(series).isna().astype(bool)


# A number written plainly: an optional sign and dollar sign, digits with at most one decimal point, an optional
# exponent. No thousands separators or decimal commas: "4,50" is refused, never read as 450 (nor "1,234" as 1234,
# since a comma is ambiguous between the two; amounts' own form below).
_PLAIN_NUMBER = r"^[+-]?\$?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"  # ASCII digits only
# An amount of dollars as a US spreadsheet's currency format saves it to CSV: "$9,902.72", "$1,234", "1,234.50" (a
# steward's CSV was refused where the same workbook loaded). Commas group thousands in threes and are read as such
# only where the form says it is that convention: a dollar sign before, or a decimal point after; the first group
# never starts with 0 ("$0,125" is a decimal comma, not 125). "1,234" alone, "4,50" and the accounting format's
# "($1,234.50)" stay refused.
_GROUPED_AMOUNT = (r"^[+-]?(?:\$[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]*)?"
                   r"|\$?[1-9][0-9]{0,2}(?:,[0-9]{3})+\.[0-9]*)$")
# Whole dates only: 2020-12-31 (midnight may follow, as spreadsheets write it: 00:00, 0:00, 12:00 AM) or
# 12/31/2020; a cut-off "2020-12-3" or "12/31/202" is refused, never read as another date.
_ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[ T](?:0?0:00(?::00(?:\.0+)?)?|12:00(?::00)? ?[Aa][Mm]))?$"
# Excel writes a date cell it saves to CSV as "3/7/2024 0:00" (or with seconds, or "12:00:00 AM"): midnight only, so
# a time of day is never dropped silently.
_US_DATE = r"^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}(?: (?:0?0:00(?::00)?|12:00(?::00)? ?[Aa][Mm]))?$"
# A time of day after a date, which is refused unless midnight (for naming it as the reason)
_TIME_OF_DAY = r"(?<=[0-9])[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?: ?[AaPp][Mm])?\s*$"
# Cells a spreadsheet would run as a formula (CSV injection): =, +, -, @, a tab or a carriage return first.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What people type for "not known" in a text cell: stored, "N/A" became a partnership's convener and "-" was refused
# as a formula (a reviewer). Refused with their own reason: an empty cell is how a file says a value is not known.
MISSING_PLACEHOLDERS = frozenset({"-", "--", "---", "\u2013", "\u2014", "n/a", "#n/a", "na", "null"})
PLACEHOLDER_REASON = "a placeholder for a missing value: leave the cell empty where the value is not known"
FORMULA_REASON = "looks like a spreadsheet formula; enter the value itself"
# Largest magnitude per number type: INTEGER is 32-bit; BIGINT and DOUBLE are kept to what a double holds exactly
# (2^53) or to 1e16 (more than the U.S. total of annual wages in dollars); beyond is a problem, never an overflow.
NUMBER_LIMITS = {"INTEGER": 2**31 - 1, "BIGINT": 2**53, "DOUBLE": 1e16}
EARLIEST_DATE = pd.Timestamp("1900-01-01")


def latest_plausible_date() -> pd.Timestamp:
    """Latest date a file may hold: Dec 31 of this year + ``$SECTORSCOPE_MAX_YEARS_AHEAD`` (default 30)."""
    ahead = int(config.number_setting("SECTORSCOPE_MAX_YEARS_AHEAD"))
    return pd.Timestamp(year=min(pd.Timestamp.now().year + ahead, 2200), month=12, day=31)


def _arrow_text(series: pd.Series) -> tuple[pyarrow.Array, pyarrow.Array, pyarrow.Array]:
    """The cells as Arrow text: as typed, trimmed of white space, and whether each is blank (missing or empty)."""
    raw = pyarrow.array(series.astype("string"))
    trimmed = pc.utf8_trim_whitespace(raw)
    return raw, trimmed, pc.fill_null(pc.equal(trimmed, ""), True)


def _starts_as_formula(raw: pyarrow.Array, trimmed: pyarrow.Array) -> pyarrow.Array:
    """Cells a spreadsheet would run as a formula: one of ``_FORMULA_START`` first as typed, or "=" / "@" after
    leading spaces (missing where the cell is)."""
    return functools.reduce(pc.or_, [pc.starts_with(raw, prefix) for prefix in _FORMULA_START]
                            + [pc.starts_with(trimmed, prefix) for prefix in ("=", "@")])


def _is_placeholder(text: pyarrow.Array) -> np.ndarray:
    """Cells (trimmed text) that are only a placeholder for a missing value (``MISSING_PLACEHOLDERS``, any case)."""
    return pc.fill_null(pc.is_in(pc.utf8_lower(text), pyarrow.array(sorted(MISSING_PLACEHOLDERS))), False).to_numpy(
        zero_copy_only=False)


def _parse_varchar(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Trimmed text (blank cells None), and the cells refused: those that start as a spreadsheet formula would (raw
    text, before trimming, or "=" / "@" after it; a plain number is not one) and those that are only a placeholder
    for a missing value ("N/A", "-": ``MISSING_PLACEHOLDERS``).

    In Arrow's compute functions, as pandas' string methods run them, but without pandas' cost per call: most
    columns are text and a small file's columns are short (4.5 ms per column through pandas, 0.7 ms here). The
    number pattern runs only when some cell starts like a formula.
    """
    raw, trimmed, blank = _arrow_text(series)
    formula = pc.and_(pc.fill_null(_starts_as_formula(raw, trimmed), False), pc.invert(blank)).to_numpy(
        zero_copy_only=False)
    if formula.any():
        formula &= ~pc.fill_null(pc.match_substring_regex(trimmed, _PLAIN_NUMBER), False).to_numpy(
            zero_copy_only=False)
    refused = formula | _is_placeholder(trimmed)
    # a refused cell reads as missing past its own problem: "N/A" in a coded column was reported twice, as a
    # placeholder and as "not an allowed value" (a data steward)
    text = pc.if_else(pc.or_(blank, pyarrow.array(refused)), pyarrow.scalar(None, trimmed.type), trimmed)
    return (pd.Series(text.to_numpy(zero_copy_only=False), index=series.index, dtype=object),
            pd.Series(refused, index=series.index, dtype=bool))


def _is_missing_placeholder(typed_value: str | None) -> bool:
    """Is a cell as typed only a placeholder for a missing value (``MISSING_PLACEHOLDERS``, any case)?"""
    return (typed_value or "").strip().lower() in MISSING_PLACEHOLDERS


def _text_reason(typed_value: str | None) -> str:
    """Why a text cell was refused (``_parse_varchar``): a placeholder for a missing value, or a formula."""
    return PLACEHOLDER_REASON if _is_missing_placeholder(typed_value) else FORMULA_REASON


def _parse_number(series: pd.Series, whole: bool, limit: float = NUMBER_LIMITS["DOUBLE"],
                  dollars: bool = False) -> tuple[pd.Series, pd.Series]:
    """Numbers from text that is a number as a whole (see ``_PLAIN_NUMBER``; for amounts of ``dollars``,
    ``_GROUPED_AMOUNT`` too), within ``±limit``."""
    if pd.api.types.is_bool_dtype(series):
        return pd.Series(np.nan, index=series.index), ~_is_blank(series)
    if pd.api.types.is_numeric_dtype(series):
        numbers = pd.to_numeric(series, errors="coerce").astype("float64")
        blank = numbers.isna()
        bad = pd.Series(False, index=series.index)
    else:
        # In Arrow's compute functions: ten times pandas' speed on the million-row columns of a state's wage records
        # (to_numeric on Python strings took 15 of the 75 s of loading 10 million). Arrow reads a plain number as
        # Python does (correctly rounded; "+5", "5.", ".5", "1E+05"); only cells matching the pattern are read.
        _, text, blank_text = _arrow_text(series)
        pattern = f"{_PLAIN_NUMBER}|{_GROUPED_AMOUNT}" if dollars else _PLAIN_NUMBER
        plain_text = pc.and_(pc.fill_null(pc.match_substring_regex(text, pattern), False), pc.invert(blank_text))
        bare = pc.replace_substring(pc.replace_substring(text, "$", ""), ",", "")
        digits = pc.if_else(plain_text, bare, pyarrow.scalar(None, text.type))
        try:
            parsed = pc.cast(digits, pyarrow.float64()).to_numpy(zero_copy_only=False)
        except pyarrow.ArrowInvalid:  # e.g. an exponent beyond a double: read one by one, as pandas does
            parsed = pd.to_numeric(pd.Series(digits.to_pylist(), dtype=object), errors="coerce").to_numpy()
        numbers = pd.Series(parsed, index=series.index, dtype="float64")
        blank = pd.Series(blank_text.to_numpy(zero_copy_only=False), index=series.index, dtype=bool)
        plain = pd.Series(plain_text.to_numpy(zero_copy_only=False), index=series.index, dtype=bool)
        bad = ~plain & ~blank
    bad |= numbers.isna() & ~blank
    finite = numbers.where(np.isfinite(numbers.fillna(0)))
    bad |= finite.isna() & ~blank
    bad |= finite.abs() > limit
    if whole:
        bad |= finite.notna() & (finite != np.round(finite))
        return finite.where(~bad).round().astype("Int64"), bad
    return finite.where(~bad), bad


def _parse_date(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates from whole YYYY-MM-DD or MM/DD/YYYY text (midnight may follow, as spreadsheets write a date), between
    ``EARLIEST_DATE`` and ``latest_plausible_date()``."""
    if pd.api.types.is_datetime64_any_dtype(series):
        dates = series.dt.tz_localize(None) if getattr(series.dt, "tz", None) else series
        dates = dates.dt.normalize().astype("datetime64[us]")
        blank = dates.isna()
    else:
        text = _text(series)
        blank = text.isna().astype(bool)
        iso = text.str.fullmatch(_ISO_DATE).fillna(False).astype(bool)
        us = text.str.fullmatch(_US_DATE).fillna(False).astype(bool)
        plain = text.astype(object)
        dates = pd.to_datetime(plain.where(iso, None).str[:10], errors="coerce", format="%Y-%m-%d").fillna(
            pd.to_datetime(plain.where(us, None).str.split(" ", n=1).str[0], errors="coerce", format="%m/%d/%Y"))
        dates = dates.astype("datetime64[us]")
    outside = (dates < EARLIEST_DATE) | (dates > latest_plausible_date())
    bad = (dates.isna() & ~blank) | outside.fillna(False).astype(bool)
    return dates.where(~bad).dt.normalize().astype("datetime64[us]"), bad


def _parse_boolean(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    if pd.api.types.is_bool_dtype(series):
        return series.astype("boolean"), pd.Series(False, index=series.index)
    words = _text(series).str.lower()
    values = pd.Series(pd.NA, index=series.index, dtype="boolean")
    values[words.isin(_TRUE).fillna(False).astype(bool)] = True
    values[words.isin(_FALSE).fillna(False).astype(bool)] = False
    bad = words.notna().astype(bool) & values.isna()
    return values, bad


def _parse_list(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    blank = _is_blank(series)

    def read(value: object) -> object:
        if isinstance(value, list | tuple | np.ndarray):
            items = [str(item).strip() for item in value]
        elif isinstance(value, str):
            if value.startswith(_FORMULA_START) or value.strip().startswith(("=", "@")):
                return None  # a formula, not a list
            items = [item.strip() for item in re.split(r"[;,|]", value.strip("[] "))]
        else:
            return None
        items = [item.strip("'\"") for item in items if item.strip("'\"")]
        return items or None

    values = pd.Series(None, index=series.index, dtype=object)
    filled = series[~blank]  # blank cells read as None: only the others are split (most are blank)
    if len(filled):
        is_text = np.fromiter((isinstance(value, str) for value in filled), dtype=bool, count=len(filled))
        values[~blank] = filled.map(read).astype(object) if not is_text.all() else _split_lists(filled)
    bad = values.isna() & ~blank
    return values, bad


def _split_lists(text: pd.Series) -> pd.Series:
    """``_parse_list``'s reading of text cells, in Arrow's compute functions (a state's wage records have a million
    lists of employers; one by one in Python they took 14 of the 75 s of loading 10 million): a cell that starts as
    a formula is None; otherwise its text without surrounding brackets and spaces, split at ';', ',' or '|', each
    item trimmed of white space and then of quotes, empty items dropped, and None when none is left."""
    raw = pyarrow.array(text.to_numpy(), type=pyarrow.string())
    formula = _starts_as_formula(raw, pc.utf8_trim_whitespace(raw))
    parts = pc.split_pattern_regex(pc.utf8_trim(raw, characters="[] "), "[;,|]")
    items = pc.utf8_trim(pc.utf8_trim_whitespace(pc.list_flatten(parts)), characters="'\"")
    kept = pc.not_equal(items, "").to_numpy(zero_copy_only=False)
    owners = pc.list_parent_indices(parts).to_numpy()[kept]
    counts = np.bincount(owners, minlength=len(raw))
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    lists = pyarrow.ListArray.from_arrays(offsets, items.filter(pyarrow.array(kept))).to_pylist()
    empty = (counts == 0) | formula.to_numpy(zero_copy_only=False)
    return pd.Series([None if gone else found for found, gone in zip(lists, empty, strict=True)],
                     index=text.index, dtype=object)


def _date_with_time_reason(value: str | None, reason: str) -> str:
    """The reason a date is refused, naming a time of day where the value holds one ("2017-01-10 14:30"): only
    midnight is read, since dropping any other time would change what was typed without a word; or, for a date
    that can only be day first ("13/01/2020", which read "not a date": a data steward), the date month first."""
    day_first = re.fullmatch(r"\s*([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\s*", value or "")
    if day_first and int(day_first.group(1)) > 12 and 1 <= int(day_first.group(2)) <= 12:  # "13/01/2020"
        day, month, year = day_first.groups()
        return (f"a date written day first ({value.strip()}): dates are read month first (MM/DD/YYYY), so write "
                f"{int(month):02d}/{int(day):02d}/{year} or {year}-{int(month):02d}-{int(day):02d}")
    found = re.search(_TIME_OF_DAY, value or "")
    # named only where the rest is a whole date and the time is not midnight (else the date itself is the problem)
    if found is None or _parse_date(pd.Series([value[:found.start()]]))[1].iloc[0] or re.fullmatch(
            r"[ T](?:0?0:00(?::00(?:\.0+)?)?|12:00(?::00)? ?[Aa][Mm])\s*", found.group(0)):
        return reason
    return (f"a date with a time of day ({found.group(0).strip(' T')}): enter the date alone (only midnight is "
            f"read with a date, as a spreadsheet writes one); expected: {reason.removeprefix('not ')}")


def _parse_date_list(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Lists of dates from text such as "2018-02-01; 2018-09-15" (items as ``_parse_date`` reads them, separated by
    ';', ',' or '|'); a single date, typed or from a spreadsheet, is a list of one. A cell with any unreadable item
    is unreadable as a whole."""
    blank = _is_blank(series)
    if pd.api.types.is_datetime64_any_dtype(series):
        dates, bad = _parse_date(series)
        return dates.map(lambda day: None if pd.isna(day) else [day]).astype(object), bad

    def items_of(value: object) -> list:
        if isinstance(value, list | tuple | np.ndarray):
            return list(value)
        if isinstance(value, pd.Timestamp | np.datetime64):
            return [value]
        if isinstance(value, str):
            return [item for item in re.split(r"[;,|]", value.strip("[] ")) if item.strip()]
        return []

    items = series.map(items_of)
    flat = items.explode()
    flat = flat[flat.notna()]
    days, unreadable = _parse_date(flat.map(lambda v: v if isinstance(v, str) else pd.Timestamp(v).isoformat()[:10]))
    wrong = unreadable.groupby(level=0).any().reindex(series.index, fill_value=False).astype(bool)
    values = days.groupby(level=0).agg(lambda group: sorted(set(group.dropna())) or None).reindex(series.index)
    values = values.astype(object).where(values.notna() & ~wrong, None)
    bad = (wrong | (values.isna() & ~blank)).astype(bool)
    return values, bad


@functools.cache
def _missing_column(sql_type: str) -> pd.Series:
    """How one missing cell of a column of ``sql_type`` reads (a column the file lacks is this in every row):
    parsed once per type, not once per load and row."""
    parse, _ = _parser(sql_type)
    values, _ = parse(pd.Series([None], dtype=object))
    return values


def _parser(sql_type: str, dollars: bool = False):
    """How a column of ``sql_type`` (of US dollars: ``dollars``, ``schema.Column.is_dollars``) is read from text,
    and what a cell must look like, for the report."""
    if sql_type == "DATE[]":
        return _parse_date_list, (f"dates separated by ';' (each a whole YYYY-MM-DD or MM/DD/YYYY, from "
                                  f"{EARLIEST_DATE:%Y-%m-%d} to {latest_plausible_date():%Y-%m-%d})")
    if sql_type.endswith("[]"):
        return _parse_list, "a list of codes separated by ';'"
    if sql_type == "VARCHAR":
        return _parse_varchar, None
    if sql_type == "DATE":
        return _parse_date, (f"a date (a whole YYYY-MM-DD or MM/DD/YYYY, from {EARLIEST_DATE:%Y-%m-%d} "
                             f"to {latest_plausible_date():%Y-%m-%d})")
    if sql_type == "BOOLEAN":
        return _parse_boolean, "true/false (or yes/no, 1/0)"
    if sql_type in {"INTEGER", "BIGINT"}:
        limit = NUMBER_LIMITS[sql_type]
        return ((lambda s: _parse_number(s, whole=True, limit=limit)),
                f"a whole number (digits only, no thousands separators; at most {limit:,})")
    if sql_type == "DOUBLE" and dollars:
        limit = NUMBER_LIMITS["DOUBLE"]
        return ((lambda s: _parse_number(s, whole=False, limit=limit, dollars=True)),
                "a number of dollars with a point for decimals, e.g. 1234.50 or $1,234.50 (commas grouping thousands "
                f"only after a dollar sign or before a decimal point; no decimal commas; at most {limit:,.0f})")
    if sql_type == "DOUBLE":
        limit = NUMBER_LIMITS["DOUBLE"]
        return ((lambda s: _parse_number(s, whole=False, limit=limit)),
                "a number (written plainly with a point for decimals, e.g. 1234.50: no thousands separators or "
                f"decimal commas; at most {limit:,.0f})")
    raise ValueError(f"no parser for SQL type {sql_type}")


@dataclass
class NormalizedTable:
    """One input table after reading: typed values, the values as the user typed them, and what could not be read.

    ``typed`` and ``raw`` share a positional index (row ``i`` is spreadsheet row ``i + 2``, or ``row_numbers[i]``
    where the reader skipped empty lines and gave each row its own number as the frame's index). ``typed`` has every
    column of the table (columns the file lacks are all missing); ``raw`` has the file's columns under the table's
    names. ``unreadable`` marks, per column, the cells that could not be read as the column's type.
    """

    table: str
    source: str
    typed: pd.DataFrame
    raw: pd.DataFrame
    absent: frozenset[str]
    unreadable: dict[str, pd.Series]
    problems: list[Problem]
    row_numbers: np.ndarray | None = None

    def value_as_typed(self, index: object, column: str) -> str | None:
        """The value of one cell as the user typed it (from the file where the file has the column)."""
        if column in self.raw.columns:
            return as_typed(self.raw.at[index, column])
        return as_typed(self.typed.at[index, column])

    def row(self, index: object) -> int:
        """The row of ``index`` as a spreadsheet numbers it (the header is row 1)."""
        return spreadsheet_row(self.row_numbers, index)

    def rows(self, index: pd.Index) -> np.ndarray:
        """``row`` of each of ``index``."""
        positions = np.asarray(index, dtype=np.int64)
        return positions + FIRST_DATA_ROW if self.row_numbers is None else self.row_numbers[positions]

    def present_values(self, column: str) -> set:
        """The distinct values of one column (missing left out)."""
        return set(self.typed[column].dropna())

    def unresolved(self, column: str, known: set, limit: int) -> tuple[list[tuple[int, str | None]], int]:
        """Rows whose ``column`` holds a value that is not in ``known``: the first ``limit`` as (row, value as
        typed), and how many there are in all."""
        values = self.typed[column]
        missing = values.notna() & ~values.isin(known)
        if column in FIPS_COLUMNS:  # a code of the wrong form is reported once, as such, not also as unknown
            missing &= values.astype("string").str.fullmatch(FIPS_COLUMNS[column]).fillna(False).astype(bool)
        return ([(self.row(index), self.value_as_typed(index, column)) for index in missing[missing].index[:limit]],
                int(missing.sum()))


def _duplicate_of(name: str, wanted: Mapping[str, str]) -> str | None:
    """The column a reader renamed because it appeared twice ('name.1' is a second 'name'), if any."""
    match = re.fullmatch(r"(.+)\.\d+", name.strip())
    return wanted.get(column_key(match.group(1))) if match else None


def table_of_its_columns(columns: Sequence[str], named: str) -> str | None:
    """The table whose columns a file's header holds, where that is not ``named`` (the table its name or the user
    chose): most of the file's columns are the other table's and few are the named one's. A participants file saved
    as grants.csv read as 5 missing columns and 19 left out, with no word of what it was (a data steward)."""
    keys = {column_key(column) for column in columns}
    fits = {table: len(keys & {column_key(name) for name in spec.column_names}) / len(keys)
            for table, spec in schema.tables().items() if table in schema.LOADABLE_TABLES} if keys else {}
    best = max(fits, key=fits.__getitem__, default=None)
    if best is None or best == named or fits[best] < 0.8 or fits.get(named, 0.0) >= 0.5:
        return None
    return best


def normalize(table: str, frame: pd.DataFrame, source: str) -> NormalizedTable:
    """Match ``frame``'s columns to ``table`` and parse every value into the column's type.

    Columns that are not part of the table are left out of the load with a warning; a missing required column and
    a column given twice are errors. Every cell that cannot be read is an error, named with the value as typed.
    The parsing goes on whatever the column problems, so one report holds everything.
    """
    spec = schema.tables()[table]
    problems: list[Problem] = []
    wanted = {column_key(name): name for name in spec.column_names}
    chosen: dict[str, int] = {}
    unknown: list[str] = []
    for position, original in enumerate(frame.columns):
        name = wanted.get(column_key(original))
        twice = name in chosen or (name is None and _duplicate_of(str(original), wanted) in chosen)
        if twice:  # named as typed ("name", not the "name.1" a reader makes of the second)
            typed_name = str(original) if name in chosen else re.sub(r"\.\d+$", "", str(original).strip())
            problems.append(Problem(source, table, None, typed_name, None,
                                    "this column appears twice in the header; keep one"))
        elif name is None:
            unknown.append(str(original))
        else:
            chosen[name] = position
    absent = frozenset(set(spec.column_names) - set(chosen))
    for original in unknown:  # with the column of ours it most likely is, where the file lacks one close to it
        meant = closest_column(original, sorted(absent))
        problems.append(Problem(source, table, None, original, None,
                                f"not a column of {table}; left out of the load"
                                + (f" (did you mean {meant}, which the file lacks? " if meant else " (")
                                + "to keep it, map it to one of ours: --map on the command line, or the column "
                                "picker on the Data page)", WARNING))
    for column in spec.columns:
        if column.required and column.name in absent:
            problems.append(Problem(source, table, None, column.name, None, REQUIRED_COLUMN_MISSING))
    meant_table = table_of_its_columns(list(map(str, frame.columns)), table) if unknown else None
    if meant_table is not None:  # said first: the rest follows from it
        problems.insert(0, Problem(source, table, None, None, None, (
            f"its columns are those of {meant_table}, not {table}: is it {meant_table}.csv? Name it so, or choose its "
            "table (--table on the command line, the table picker on the Data page)")))

    row_numbers = _own_row_numbers(frame.index)
    raw = frame.iloc[:, list(chosen.values())].set_axis(list(chosen), axis=1).reset_index(drop=True)
    typed: dict[str, pd.Series] = {}
    unreadable: dict[str, pd.Series] = {}
    percent_signed: dict[str, pd.Series] = {}
    for column in spec.columns:
        parse, expected = _parser(column.sql_type, column.is_dollars)
        expected = _with_columns_range(expected, table, column.name)
        if column.name in chosen:
            text = raw[column.name]
            if column.name in RATE_COLUMNS.get(table, ()):
                text, percent_signed[column.name] = without_percent_signs(text)
            values, bad = parse(text)
            bad = pd.Series(np.asarray(bad, dtype=bool), index=raw.index)
        else:  # a column the file lacks: every cell is missing, none unreadable
            values = _missing_column(column.sql_type).iloc[[0] * len(raw)]
            bad = pd.Series(False, index=raw.index)
        reason = f"not {expected}"
        for index in bad[bad].index:
            typed_value = as_typed(raw.at[index, column.name])
            said = (_text_reason(typed_value) if column.sql_type == "VARCHAR" else
                    # "N/A" in a number or date column: to leave it empty, not the column's form ("not a number
                    # ... at most 10,000,000,000,000,000" read as the column's range)
                    PLACEHOLDER_REASON if _is_missing_placeholder(typed_value) else
                    _date_with_time_reason(typed_value, reason) if column.sql_type.startswith("DATE") else reason)
            problems.append(Problem(source, table, spreadsheet_row(row_numbers, index), column.name, typed_value,
                                    said))
        typed[column.name] = values.reset_index(drop=True)
        unreadable[column.name] = bad
    typed_frame = pd.DataFrame(typed, index=raw.index)
    for column, allowed in codes.CODED_COLUMNS.get(table, {}).items():
        if column in chosen:
            typed_frame[column] = as_coded(typed_frame[column], allowed)
    for column in RATE_COLUMNS.get(table, ()):
        signed = percent_signed.get(column)
        if column in chosen:
            problems += _mixed_rate_problems(source, table, column, typed_frame[column], signed, raw[column],
                                             row_numbers)
        typed_frame[column] = percent_to_share(typed_frame[column], signed)
    return NormalizedTable(table, source, typed_frame, raw, absent, unreadable, problems, row_numbers)


def as_coded(values: pd.Series, allowed: Iterable[str]) -> pd.Series:
    """A coded column's values written as the code list writes them, whatever their case and spacing ("Female",
    "Occupational  Skills" -> "female", "occupational skills": column names were matched so, values were refused);
    a value that is no code, in any case, stays as typed (and is refused by the check)."""
    canonical = {" ".join(code.split()).casefold(): code for code in allowed}
    return values.map(lambda value: canonical.get(" ".join(value.split()).casefold(), value)
                      if isinstance(value, str) else value)


def spreadsheet_row(row_numbers: np.ndarray | None, position: object) -> int:
    """The spreadsheet row of the row at ``position`` (0-based) of a table read with ``row_numbers`` (None: in
    order from row 2)."""
    return int(position) + FIRST_DATA_ROW if row_numbers is None else int(row_numbers[int(position)])


def _own_row_numbers(index: pd.Index) -> np.ndarray | None:
    """The spreadsheet rows a reader gave the rows of a frame as its index (row = index + 2; after empty lines
    they are not consecutive), or None for the default 0, 1, 2, ... (or an index that is not such a numbering)."""
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        return None
    if not pd.api.types.is_integer_dtype(index):
        return None
    return np.asarray(index, dtype=np.int64) + FIRST_DATA_ROW


def normalize_table(table: str, frame: pd.DataFrame, source: str) -> tuple[pd.DataFrame, list[Problem]]:
    """The typed frame (schema column order, positional index) and the problems of reading it (``normalize``)."""
    normalized = normalize(table, frame, source)
    return normalized.typed, normalized.problems


def without_percent_signs(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A rate column's text without a trailing percent sign ("25%", "25 %" -> "25"), and where there was one."""
    signed = text.map(lambda value: isinstance(value, str) and value.rstrip().endswith("%")
                      and bool(value.rstrip()[:-1].strip())).astype(bool)  # a lone "%" stays as typed: refused
    if not signed.any():
        return text, signed
    return text.where(~signed, text[signed].str.rstrip().str.removesuffix("%").str.rstrip()), signed


def percent_to_share(rates: pd.Series, percent_signed: pd.Series | None = None) -> pd.Series:
    """Rates as shares 0-1: a value written with a percent sign ("25%") is a percent (share = value / 100); the
    others are percents when some of them is above 1 and none above 100 (a column written as 25, 40, ...), else
    shares as they are. A column holding both shares and percents without signs is refused beforehand
    (``mixed_rates``), so no value is divided by 100 because of another row."""
    signed = pd.Series(False, index=rates.index) if percent_signed is None else percent_signed.to_numpy(dtype=bool)
    unsigned = rates[~np.asarray(signed, dtype=bool)].dropna()
    if len(unsigned) and unsigned.max() > 1 and unsigned.max() <= 100 and unsigned.min() >= 0:
        return rates / 100
    return rates.where(~np.asarray(signed, dtype=bool), rates / 100)


def mixed_rates(rates: pd.Series, percent_signed: pd.Series | None = None) -> tuple[pd.Series, pd.Series]:
    """(shares, percents): the values of a rate column written without a percent sign that read as a share (above
    0, at most 1) and those that read as a percent (above 1, at most 100). When a column holds both, neither
    reading is safe: "0.30" beside "15" is 30% if the column is shares, 0.3% if it is percents (``percent_to_share``
    would read all as percents and store 0.003). 0 is 0 either way; a value above 100 is refused by its range."""
    signed = (pd.Series(False, index=rates.index) if percent_signed is None
              else pd.Series(np.asarray(percent_signed, dtype=bool), index=rates.index))
    unsigned = rates.where(~signed)
    return (unsigned > 0) & (unsigned <= 1), (unsigned > 1) & (unsigned <= 100)


def _mixed_rate_problems(source: str, table: str, column: str, rates: pd.Series, percent_signed: pd.Series | None,
                         typed: pd.Series, row_numbers: np.ndarray | None) -> list[Problem]:
    """An error for each row of a rate column that mixes shares and percents (``mixed_rates``): the rows of the
    kind fewer rows hold (both kinds when as many), each with an example of the other kind."""
    shares, percents = mixed_rates(rates, percent_signed)
    if not (shares.any() and percents.any()):
        return []

    def example(rows: pd.Series) -> str:
        first = rows[rows].index[0]
        return f"row {spreadsheet_row(row_numbers, first)}: {as_typed(typed.at[first])}"

    messages = []
    if shares.sum() <= percents.sum():
        messages.append((shares, f"a share (0 to 1) in a column of percents (e.g. {example(percents)})"))
    if percents.sum() <= shares.sum():
        messages.append((percents, f"a percent (above 1) in a column of shares (e.g. {example(shares)})"))
    advice = ("; it could be read either way: write every rate of the column the same way, or give each percent "
              "its % sign (\"0.3%\", \"15%\")")
    problems = []
    for wrong, message in messages:
        rows = wrong[wrong].index
        problems += [Problem(source, table, spreadsheet_row(row_numbers, index), column, as_typed(typed.at[index]),
                             message + advice) for index in rows[:MAX_PROBLEMS_PER_RULE]]
        if len(rows) > MAX_PROBLEMS_PER_RULE:
            problems.append(more_rows(source, table, column, len(rows) - MAX_PROBLEMS_PER_RULE,
                                      MAX_PROBLEMS_PER_RULE, message + advice))
    return problems


def _schema_for(table: str, absent: frozenset[str] = frozenset(), with_key: bool = True) -> pa.DataFrameSchema:
    spec = schema.tables()[table]
    coded = codes.CODED_COLUMNS.get(table, {})
    columns = {}
    for column in spec.columns:
        checks = []
        if column.name in coded:
            allowed = coded[column.name]
            checks.append(pa.Check.isin(allowed, error=f"not an allowed value; allowed: {', '.join(allowed)}"))
        if column.name in FIPS_COLUMNS and column.sql_type == "VARCHAR":
            width = 5 if column.name == "county_fips" else 2
            checks.append(pa.Check.str_matches(FIPS_COLUMNS[column.name],
                                               error=f"not a {width}-digit FIPS code (keep leading zeros)"))
        if (table, column.name) in CODE_FORMS and column.name not in absent:
            pattern, what = CODE_FORMS[table, column.name]
            checks.append(pa.Check.str_matches(pattern, error=what))
        if (table, column.name) in RANGES:
            low, high = RANGES[table, column.name]
            # a rate may be typed as a share or a percent: its range said both ways ("150%" read "0 to 1")
            as_percent = (f" (as a percent, {low * 100:g}% to {high * 100:g}%)"
                          if column.name in RATE_COLUMNS.get(table, ()) else "")
            # a year that records what has happened ends at this one, as an unreadable one's range says it
            # ("1800" read "1990 to 2100", "Y2020" "from 1990 to 2026": a data steward)
            shown_high = (min(high, pd.Timestamp.now().year) if HAPPENED.get((table, column.name)) == "year"
                          else high)
            checks.append(pa.Check.in_range(low, high, error="outside the plausible range "
                                            f"{format_limit(low, column.name)} to "
                                            f"{format_limit(shown_high, column.name)}" + as_percent))
        if (table, column.name) in HAPPENED:
            today = pd.Timestamp.now().normalize()
            checks.append(pa.Check.le(today, error=f"after today ({today:%Y-%m-%d}): it records what has happened")
                          if HAPPENED[table, column.name] == "date" else
                          pa.Check.le(today.year, error=f"after this year ({today.year}): it records what has "
                                                        "happened"))
        # A missing required column is reported once as missing, not once per row as empty.
        nullable = not column.required or column.name in absent
        columns[column.name] = pa.Column(None, nullable=nullable, checks=checks)
    frame_checks = [
        pa.Check(lambda d, s=start, e=end: d[e].isna() | d[s].isna() | (d[e] >= d[s]),
                 error=f"{end} comes before {start}")
        for order_table, start, end in DATE_ORDER
        if order_table == table
    ]
    key = list(spec.primary_key) if with_key else []
    return pa.DataFrameSchema(columns, checks=frame_checks, unique=key or None, report_duplicates="all")


def check_normalized(table: NormalizedTable, with_key: bool = True) -> list[Problem]:
    """Run the table's rules (required values, codes, FIPS form, ranges, unique key, date order) on a read table.

    Cells already reported as unreadable are not reported again as empty. Without ``with_key`` the unique key is
    not checked (a chunk of a large file: the loader checks the key over all chunks in DuckDB).
    """
    if table.typed.empty:
        return []
    warned = check_credentials_after_enrolment(table) if table.table == "participants" else []
    warned += check_person_ids(table)
    warned += check_ids_in_scientific_notation(table)
    try:
        _schema_for(table.table, table.absent, with_key).validate(table.typed, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return _problems_from_failures(table, errors.failure_cases) + warned
    return warned


# A person's id written as a Social Security number is ("123-45-6789", or with spaces): the data dictionary asks for
# an opaque id, and a state's extract keyed on SSNs was loaded without a word (a data steward)
SSN_FORM = r"[0-9]{3}[- ][0-9]{2}[- ][0-9]{4}"
SSN_REASON = ("written as a Social Security number is: a person's id must be opaque (never a name or SSN); give "
              "each person a pseudonymous id, the same in every file (README, Your own state's data)")


def check_person_ids(table: NormalizedTable) -> list[Problem]:
    """Refuse the rows whose participant_id is written as an SSN is (``SSN_FORM``): the first
    ``MAX_PROBLEMS_PER_RULE``, then a line counting the rest."""
    if "participant_id" not in table.typed.columns:
        return []
    return _rows_written_as(table, "participant_id", SSN_FORM, SSN_REASON)


def _rows_written_as(table: NormalizedTable, column: str, form: str, reason: str) -> list[Problem]:
    """A problem (``reason``) for each row whose ``column``, trimmed, is written whole as ``form`` (a regular
    expression): the first ``MAX_PROBLEMS_PER_RULE``, then a line counting the rest."""
    written = table.typed[column].astype("string").str.strip()
    rows = written.index[written.str.fullmatch(form).fillna(False).astype(bool)]
    found = [Problem(table.source, table.table, table.row(index), column, table.value_as_typed(index, column), reason)
             for index in rows[:MAX_PROBLEMS_PER_RULE]]
    if len(rows) > MAX_PROBLEMS_PER_RULE:
        found.append(more_rows(table.source, table.table, column, len(rows) - MAX_PROBLEMS_PER_RULE,
                               MAX_PROBLEMS_PER_RULE, reason))
    return found


# An id as a spreadsheet shows a long number, and saves it to CSV so: "1.23457E+11" for 123456789012, its last
# digits gone (loaded as text, it matched no one and joined two people who share its first six digits)
SCIENTIFIC_ID = r"[0-9]+(?:\.[0-9]+)?[eE]\+[0-9]+"
SCIENTIFIC_ID_REASON = ("an id written in scientific notation, as a spreadsheet shows a long number: its last digits "
                        "are lost. Format the column as Text in the spreadsheet, type or paste the ids again, and save")


# An id holding a character that shows as nothing (a zero-width space, joiner or mark, a soft hyphen, a byte order
# mark), as text pasted from a web page or a document brings: "000102\u200b" loaded as a new person beside 000102
# (a data steward). Trimming takes white space only; these are refused wherever they are in the id.
# Those that show as nothing or as a space: format marks (Unicode's Cf: zero-width, direction, word joiner, tags),
# fillers and variation selectors, and spaces other than the ordinary one (a no-break space inside "000 104"); the
# direction isolates, U+034F and the tag characters loaded as new people in a first version (a data steward).
INVISIBLE_IN_ID = (r".*[\u00a0\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2000-\u200f"
                   r"\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
                   r"\U000e0000-\U000e007f].*")
INVISIBLE_IN_ID_REASON = ("an id holding an invisible character (a zero-width space or mark, as pasted from a web page "
                          "or a document): it would be another id that looks the same. Type the id again and save")


def check_ids_in_scientific_notation(table: NormalizedTable) -> list[Problem]:
    """Refuse the rows whose id (a text column named ``*_id``) is written as ``SCIENTIFIC_ID``, or whose id or key
    holds an invisible character (``INVISIBLE_IN_ID``): the first ``MAX_PROBLEMS_PER_RULE`` of each column and
    kind, then a line counting the rest."""
    found: list[Problem] = []
    spec = schema.tables()[table.table]
    columns = {column.name: column for column in spec.columns}
    for name in table.typed.columns:
        if name not in columns or columns[name].sql_type != "VARCHAR":
            continue
        if name.endswith("_id"):
            found += _rows_written_as(table, name, SCIENTIFIC_ID, SCIENTIFIC_ID_REASON)
        if name.endswith("_id") or name in spec.primary_key:  # a partner's organization is its key too
            found += _rows_written_as(table, name, INVISIBLE_IN_ID, INVISIBLE_IN_ID_REASON)
    return found


def check_credentials_after_enrolment(participants: NormalizedTable) -> list[Problem]:
    """Warn, per row, about a credential dated before the enrolment date: it loads, but the WIOA credential rate
    counts credentials earned during participation or within a year after exit (TEGL 10-16 Change 2), so this one
    does not count there. Usually a typing slip in one of the two dates."""
    typed = participants.typed
    if "credential_on" not in typed.columns or "enrolled_on" not in typed.columns:
        return []
    credential = pd.to_datetime(typed["credential_on"], errors="coerce")
    enrolled = pd.to_datetime(typed["enrolled_on"], errors="coerce")
    early = (credential < enrolled).fillna(False).astype(bool)
    return [Problem(participants.source, "participants", participants.row(index), "credential_on",
                    participants.value_as_typed(index, "credential_on"),
                    f"credential date comes before the enrolment date ({enrolled[index]:%Y-%m-%d}); it loads, but "
                    "the WIOA credential rate will not count it (credentials count from enrolment to a year after "
                    "exit). Check the dates", WARNING)
            for index in early[early].index]


KEY_ALREADY_LOADED = ("key already loaded: use upsert to replace the loaded rows with these keys, or replace to load "
                      "the whole table anew")
ROWS_NAMED = 5  # rows listed in a duplicate key's message; more are counted
MAX_PROBLEMS_PER_RULE = 100  # rows listed per kind of problem (duplicate keys; every kind in a large file); the rest
# are counted


# A state's UI wage file has a row per person, quarter and employer; ours one per person and quarter (a data steward's
# extract was refused row by row, with nothing said of what to do)
WAGE_ROWS_PER_EMPLOYER = ("; where such rows are one per employer, as a UI wage file's are, make them one row: "
                          "earnings_usd and hours added up, employer_id the employer paying most, the others in "
                          "other_employer_ids (README, UI wage records with a row per employer)")


def duplicate_key_message(key: list[str], first_rows: Iterable[int], copies: int) -> str:
    """"duplicate key: rows 3 and 9 have the same participant_id": the first rows sharing it (at most
    ``ROWS_NAMED``, as a spreadsheet numbers them, in order: "row 250001", as the problem's own row reads, not
    "250,001" beside it) and how many share it (``copies``)."""
    named = [str(int(row)) for row in sorted(first_rows)[:ROWS_NAMED]]
    if copies > len(named):
        named.append(f"{copies - len(named):,} more")
    listed = in_a_list(named)
    same = " + ".join(key)
    hint = WAGE_ROWS_PER_EMPLOYER if tuple(key) == schema.tables()["wage_records"].primary_key else ""
    return (f"duplicate key: rows {listed} have the same {same}" if copies > 1 else
            f"duplicate key: another row has the same {same}") + hint


def _duplicate_messages(table: NormalizedTable, key: list[str]) -> dict[int, str]:
    """Each row whose key another row has -> its message (``duplicate_key_message``), worked out once per key."""
    typed = table.typed[key]
    shared = typed[typed.duplicated(keep=False) & typed.notna().all(axis=1)]
    rows = pd.Series(table.rows(shared.index), index=shared.index)
    out: dict[int, str] = {}
    for _, group in rows.groupby([shared[column] for column in key], sort=False):
        ordered = np.sort(group.to_numpy())
        message = duplicate_key_message(key, ordered[:ROWS_NAMED], len(ordered))
        out.update(dict.fromkeys(ordered.tolist(), message))
    return out


def _problems_from_failures(table: NormalizedTable, failures: pd.DataFrame) -> list[Problem]:
    key = list(schema.tables()[table.table].primary_key)
    source, name = table.source, table.table
    problems: list[Problem] = []
    seen: set[tuple] = set()
    duplicates = (_duplicate_messages(table, key) if (failures["check"] == "multiple_fields_uniqueness").any()
                  else {})
    for failure in failures.itertuples(index=False):
        index = failure.index
        row = table.row(index) if index is not None and not pd.isna(index) else None
        check = str(failure.check)
        if check == "multiple_fields_uniqueness":
            # a key with a part missing (unreadable, or empty) is no key: that part is its own problem ("Q1" in two
            # rows' quarter also read as a duplicate key: a data steward); ``duplicates`` holds whole keys only
            if (row, check) in seen or row not in duplicates:
                continue
            seen.add((row, check))
            values = ", ".join(table.value_as_typed(index, k) or "" for k in key)
            problems.append(Problem(source, name, row, ", ".join(key), values, duplicates[row]))
        elif check == "not_nullable":
            unreadable = table.unreadable.get(failure.column)
            if row is not None and unreadable is not None and bool(unreadable.get(index, False)):
                continue  # reported already, with its value, as unreadable
            problems.append(Problem(source, name, row, failure.column, None, "required value is empty"))
        elif failure.schema_context == "DataFrameSchema" and " comes before " in check:
            if (row, check) in seen:
                continue
            seen.add((row, check))
            end_column, start_column = check.split(" comes before ")
            lacked = [column for column in (end_column, start_column) if column in table.absent]
            said = check + (f" ({lacked[0]} as already loaded: the file lacks it)" if lacked else "")  # an upsert's
            problems.append(Problem(source, name, row, end_column, table.value_as_typed(index, end_column), said))
        elif row is not None and failure.column in table.typed.columns:
            typed_value = table.value_as_typed(index, failure.column)
            hint = dropped_zero_hint(failure.column, typed_value)
            problems.append(Problem(source, name, row, failure.column, typed_value, check + hint,
                                    kind=check if hint else None))
        else:
            problems.append(Problem(source, name, row, failure.column, as_typed(failure.failure_case), check))
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return _duplicates_capped(problems, source, name, key)


def dropped_zero_hint(column: str, typed_value: str | None) -> str:
    """For a FIPS code one or two digits short, all digits ("8001" for Colorado's Adams County): the code its lost
    leading zeros would make, as a spreadsheet drops them from a number ("; written 8001: a spreadsheet may have
    dropped its leading zero, 08001?"), or that it would be no county even so ("4271"); for a county's three
    digits alone ("071", as many state systems keep them) that the state's go in front; for a county's name, how to
    give codes instead; "" otherwise. The message alone left a state's analyst to guess (a data reviewer; "071" was
    offered "00071?", a data steward)."""
    width = {"county_fips": 5, "state_fips": 2}.get(column)
    text = (typed_value or "").strip()
    if width is None or not text:
        return ""
    if column == "county_fips" and len(text) == 3 and text.isdigit():  # "071": no state of 00 to have lost
        return (f"; written {text}: a county's own three digits, without its state's two in front (Lancaster "
                "County, Pennsylvania, is 42071)")
    if column == "county_fips" and not any(character.isdigit() for character in text):  # "Lancaster County"
        return ("; a county's name is not read as its code: write the code, or translate names to codes in a "
                "mapping file's [values.county_fips] (README, Map your column names)")
    if not text.isdigit() or not width - 2 <= len(text) < width:
        return ""
    from sectorscope.sources.geo import us_county_fips  # shapely's import only where a code is short

    padded = text.zfill(width)
    known = us_county_fips() if column == "county_fips" else {code[:2] for code in us_county_fips()}
    if padded not in known:  # "4271" in a Pennsylvania file was offered "04271?", which is no county (a reviewer);
        # the list is the Census 2016 boundaries Sectorscope ships: Connecticut's planning regions (09110) are not
        # in it, so the code is still given
        return (f"; written {text}: with leading zeros it would be {padded}, which is not a {column[:-5]} of the "
                "Census 2016 list Sectorscope ships")
    if column != "county_fips":
        return f"; written {text}: a spreadsheet may have dropped its leading zero, {padded}?"
    from sectorscope.sources.geo import us_county_name

    # the county it would be, by name and state: "08003?" in a Pennsylvania file did not say it is Colorado's (a
    # data steward), which tells a zero dropped from a code that was wrong already
    return (f"; written {text}: a spreadsheet may have dropped its leading zero, {padded} ({us_county_name(padded)}, "
            f"{codes.state_name(padded[:2])})?")


def _duplicates_capped(problems: list[Problem], source: str, table: str, key: list[str]) -> list[Problem]:
    """At most ``MAX_PROBLEMS_PER_RULE`` duplicate-key rows, then one line counting the rest, as a file read in
    chunks reports them (8,000 rows of one key once made a report of 8,000 lines)."""
    duplicates = [p for p in problems if p.message.startswith("duplicate key")]
    if len(duplicates) <= MAX_PROBLEMS_PER_RULE:
        return problems
    left_out = {id(p) for p in duplicates[MAX_PROBLEMS_PER_RULE:]}
    kept = [p for p in problems if id(p) not in left_out]
    return [more_rows(source, table, ", ".join(key), len(left_out), MAX_PROBLEMS_PER_RULE, "duplicate key"), *kept]


def more_rows(source: str, table: str, column: str | None, left_out: int, listed: int, message: str,
              severity: str = ERROR) -> Problem:
    """The line standing for the rows of one kind of problem a report leaves out: "4,900 more row(s) with this
    problem (the first 100 are listed): ..."."""
    return Problem(source, table, None, column, None,
                   f"{left_out:,} more row(s) with this problem (the first {listed} are listed): {message}", severity,
                   counts_more_of=(message, left_out))


def shifted(problems: Iterable[Problem], rows: int) -> list[Problem]:
    """Problems found in a chunk of a file, with their rows moved down by the ``rows`` data rows before it."""
    return [replace(problem, row=problem.row + rows) if problem.row is not None else problem
            for problem in problems]


class ProblemCap:
    """Problems of a large file, at most ``per_rule`` of one kind (source, column, message, severity) in the order
    found; the rest of each kind are counted and become one line saying how many more rows have it."""

    def __init__(self, per_rule: int):
        self.per_rule = per_rule
        self.kept: list[Problem] = []
        self.seen: dict[tuple, int] = {}

    def add(self, problems: Iterable[Problem]) -> None:
        """Keep these problems, or count them where their kind already has ``per_rule`` rows listed."""
        for problem in problems:
            kind = (problem.source, problem.table, problem.column, problem.kind or problem.message, problem.severity)
            self.seen[kind] = self.seen.get(kind, 0) + 1
            if self.seen[kind] <= self.per_rule or problem.row is None:
                self.kept.append(problem)

    def problems(self) -> list[Problem]:
        """The problems kept, then one line per kind with rows left out."""
        more = [more_rows(source, table, column, count - self.per_rule, self.per_rule, message, severity)
                for (source, table, column, message, severity), count in self.seen.items() if count > self.per_rule]
        return self.kept + more


def _file_name(table: str) -> str:
    return f"{table}.csv"


def _text_keyed(batch: Mapping[str, NormalizedTable]) -> Iterator[tuple[str, NormalizedTable, str]]:
    """The tables of ``batch`` keyed by one text column (ids): each with its read rows and that column."""
    for table, read in batch.items():
        key = schema.tables()[table].primary_key
        if len(key) == 1 and schema.tables()[table].column(key[0]).sql_type == "VARCHAR":
            yield table, read, key[0]


def ids_short_of_their_zeros(batch: Mapping[str, NormalizedTable], loaded_keys,
                             replaced: Collection[str] = ()) -> list[Problem]:
    """A warning for each id of a batch (a table's one-column text key) that equals another id, loaded before or in
    the batch, but for leading zeros it lacks: a spreadsheet stores an id typed as a number without them, so the
    person 000123 came back as 123 and was loaded as a second person (a data steward). It loads (123 and 000123 may
    be two people), and the report says which id it matches.

    ``loaded_keys(table, column)`` returns the values already in the database, those of a table the batch replaces
    too: a file whose every id lost its zeros was refused in mode replace for removing the ids it
    holds, without a word of why (a data steward). An id loaded already is an update, not a second person, and is
    not warned of; nor, in a table the batch ``replaced``, is an id whose loaded twin lacks its zeros (the file
    mending them: a code reviewer)."""
    problems: list[Problem] = []
    for table, read, column in _text_keyed(batch):
        incoming = {str(value) for value in read.present_values(column)}
        loaded = {str(value) for value in loaded_keys(table, column)}
        longer: dict[str, str] = {}  # digits without leading zeros -> the longest id written with them
        for value in incoming | loaded:
            if value.isdigit():
                bare = value.lstrip("0") or "0"
                if len(value) > len(longer.get(bare, "")):
                    longer[bare] = value
        short = {value: longer[value.lstrip("0") or "0"] for value in incoming - loaded
                 if value.isdigit() and len(longer[value.lstrip("0") or "0"]) > len(value)}
        # the other way round: the loaded id lost its zeros (participants loaded from a spreadsheet's numbers hold
        # 201), and the file brings them back (000201 loaded as a second person without a word: a code reviewer)
        cut_before = {} if table in replaced else {bare: value for value in loaded - incoming if value.isdigit()
                                                    for bare in (value.lstrip("0") or "0",)}
        regained = {value: cut_before[value.lstrip("0") or "0"] for value in incoming - loaded if value.isdigit()
                    and len(cut_before.get(value.lstrip("0") or "0", value)) < len(value)}
        if not short and not regained:
            continue
        found, count = read.unresolved(column, incoming - set(short) - set(regained), MAX_REFERENCE_PROBLEMS)
        for row, value in found:
            # the value as typed may carry spaces the id read without (" 123": a code reviewer's KeyError)
            text = str(value).strip()
            if text in short:
                message = (f"the same id as {short[text]} but for its leading zeros: a spreadsheet drops them from an "
                           f"id stored as a number, so this may be {short[text]} again, loaded as another row; "
                           "format the column as Text and write the zeros")
            else:
                matched = regained.get(text, "another id")
                message = (f"the same id as {matched}, loaded before, but for the leading zeros it lacks: a "
                           f"spreadsheet drops them from an id stored as a number, so this may be {matched} again, "
                           f"loaded as another row; write the id as loaded, or load {table} again with the zeros "
                           "in every id")
            problems.append(Problem(read.source, table, row, column, value, message, WARNING))
        if count > MAX_REFERENCE_PROBLEMS:
            problems.append(Problem(read.source, table, None, column, None,
                                    f"{count - MAX_REFERENCE_PROBLEMS:,} more ids equal to another but for their "
                                    "leading zeros", WARNING))
    return problems


def ids_differing_only_by_case(batch: Mapping[str, NormalizedTable], loaded_keys,
                               replaced: Collection[str] = ()) -> list[Problem]:
    """A warning for each new id of a batch (a table's one-column text key) equal to another id, loaded before or
    elsewhere in the batch, but for the case of its letters: ids are told apart by case, so a grant re-keyed "g1"
    beside the loaded "G1" loaded as a second grant and its dollars counted twice, without a word (a data steward).
    It loads (g1 and G1 may be two), and the report names the id it matches. ``loaded_keys`` and ``replaced`` as
    ``ids_short_of_their_zeros``'s: a table the batch replaces is matched against the batch alone."""
    problems: list[Problem] = []
    for table, read, column in _text_keyed(batch):
        incoming = {str(value) for value in read.present_values(column)}
        loaded = set() if table in replaced else {str(value) for value in loaded_keys(table, column)}
        # the ids equal to another lowercased, found in C (a set per id took 12 s and 880 MB over 2.5M ids, counting
        # in Python 3.4 s over 1.8M: a reviewer, and measured), their spellings only then gathered
        every = pyarrow.array(list(incoming | loaded), pyarrow.string())
        shared = pd.Series(pc.utf8_lower(every).to_pandas()).duplicated(keep=False).to_numpy(dtype=bool)
        if not shared.any():
            continue
        spellings: dict[str, set[str]] = {}
        for value in every.filter(pyarrow.array(shared)).to_pylist():
            spellings.setdefault(value.lower(), set()).add(value)
        # each new id with another spelling, in the batch before it or loaded: the first spelling is not warned of
        twins = {value: sorted(spellings[value.lower()] - {value}) for value in incoming - loaded
                 if value.lower() in spellings}
        if not twins:
            continue
        said: set[str] = set()
        found, count = read.unresolved(column, incoming - set(twins), MAX_REFERENCE_PROBLEMS)
        for row, value in found:
            text = str(value).strip()
            others = [other for other in twins.get(text, []) if other in loaded or other in said]
            said.add(text)
            if not others:
                continue
            problems.append(Problem(read.source, table, row, column, value,
                                    f"the same id as {in_a_list(others)} but for the case of its letters: ids are "
                                    "told apart by case, so this loads as another row; write it as "
                                    f"{others[0]} if it is the same", WARNING))
        if count > MAX_REFERENCE_PROBLEMS:
            problems.append(Problem(read.source, table, None, column, None,
                                    f"up to {count - MAX_REFERENCE_PROBLEMS:,} more ids equal to another but for the "
                                    "case of their letters", WARNING))
    return problems


# Which counties there are: the boundaries Sectorscope maps. A Connecticut steward's planning regions (09110) read
# only "not in counties", a table they never loaded (a data steward)
COUNTIES_LISTED = (", the Census Bureau's 2016 county list Sectorscope maps (a code made since, such as Connecticut's "
                   "planning regions of 2022 or Alaska's Chugach and Copper River census areas of 2019, is not in it)")


def _known_with_their_zeros(known: set, missing: list[tuple[int | None, object]]) -> dict[str, str]:
    """For each missing reference of digits alone, the known value it equals but for leading zeros, one or the other
    lacking them ("123" -> "000123"; "000201" -> "201", the ids loaded from a spreadsheet's numbers): a reference to a
    person whose id a spreadsheet cut short read only "not in participants" (a data steward), where a key of the
    same kind says which id it matches (``ids_short_of_their_zeros``); the other way round, with the zeros in the
    reference and not in the loaded ids, it said nothing (a steward). Known values are looked through only where such
    a reference is missing; of several known, the longest."""
    wanted: dict[str, list[str]] = {}  # digits without their leading zeros -> the references written so
    for _, value in missing:
        text = "" if value is None else str(value).strip()
        if text.isdigit():
            wanted.setdefault(text.lstrip("0") or "0", []).append(text)
    if not wanted:
        return {}
    longest: dict[str, str] = {}
    for value in known:
        text = str(value)
        bare = text.lstrip("0") or "0"
        if bare in wanted and text.isdigit() and len(text) > len(longest.get(bare, "")):
            longest[bare] = text
    return {text: longest[bare] for bare, texts in wanted.items() if bare in longest for text in texts
            if longest[bare] != text}


def check_foreign_keys(
    batch: Mapping[str, NormalizedTable],
    loaded_keys,
    replaced: set[str],
) -> list[Problem]:
    """Check that every reference resolves, against the batch and what is loaded.

    ``batch`` maps table -> its read table; ``loaded_keys(table, column)`` returns the set of values already in the
    database; tables in ``replaced`` lose their loaded rows, so only the batch counts for them. References from
    loaded tables that the batch leaves alone must still resolve after a replace. Where the referenced table is
    neither loaded nor in the batch, the report says which file to add to the batch.
    """
    problems: list[Problem] = []
    lacking: dict[str, list[str]] = {}  # parent table neither loaded nor in the batch -> the tables that need it

    def parent_values(parent: str, parent_column: str) -> set:
        values: set = set()
        if parent in batch:
            values |= batch[parent].present_values(parent_column)
        if parent not in replaced:
            values |= loaded_keys(parent, parent_column)
        return values

    for (child, column), (parent, parent_column) in schema.FOREIGN_KEYS.items():
        if child in batch:
            read = batch[child]
            known = parent_values(parent, parent_column)
            missing, count = read.unresolved(column, known, MAX_REFERENCE_PROBLEMS)
            if not count:
                continue
            referred = with_article(parent_column)  # "an employer_id": it read "a employer_id" (a reviewer)
            if known:
                reason = f"refers to {referred} that is not in {parent}" + (COUNTIES_LISTED if parent == "counties"
                                                                               else "")
            else:
                lacking.setdefault(parent, []).append(child)
                reason = (f"refers to {referred} that is not in {parent}: no {parent} are loaded or in this batch; "
                          f"add {_file_name(parent)} to the same batch")
            # loaded before, and left out of the file that replaces them: the replace is the cause, not the value
            # (a data steward read "not in partnerships" of a partnership on every page)
            dropped = {str(value) for value in loaded_keys(parent, parent_column)} if parent in replaced else set()
            removed_reason = (f"refers to {referred} loaded before that this batch's {parent} file lacks: mode "
                              f"replace would remove it. Load {_file_name(parent)} in mode upsert to keep the "
                              f"{parent} loaded before, or add the missing ones to it")
            for row, value in missing:
                problems.append(Problem(read.source, child, row, column, value,
                                        removed_reason if value is not None and str(value) in dropped else reason))
            # one line for those equal to a known id but for its leading zeros: the rows keep one message, so a
            # column of ids a spreadsheet cut short still sums up as one kind of problem (a code reviewer)
            # said apart by which side lacks them: the advice differs (one advice for both told a file of 123,
            # where the parent holds 000123, to write the parent's ids as it holds them: a code reviewer)
            zeros = _known_with_their_zeros(known, missing)
            for lacking_here in (True, False):
                pairs = {reference: held for reference, held in zeros.items()
                         if (len(held) > len(reference)) == lacking_here}
                if not pairs:
                    continue
                reference, held = next(iter(pairs.items()))
                problems.append(Problem(read.source, child, None, column, reference, (
                    f"{len(pairs):,} of the references listed equal {with_article(parent_column)} in {parent} but "
                    f"for its leading zeros ({reference} and {held}): a spreadsheet drops them from an id stored as "
                    "a number; format the column as Text and write the zeros" + (
                        "" if lacking_here else f" in {_file_name(parent)}, or write the ids as it holds them")),
                    WARNING))
            if count > MAX_REFERENCE_PROBLEMS:
                problems.append(Problem(read.source, child, None, column, None,
                                        f"{count - MAX_REFERENCE_PROBLEMS:,} more rows refer to unknown {parent}",
                                        counts_more_of=(reason, count - MAX_REFERENCE_PROBLEMS)))
        elif parent in replaced and child not in replaced:
            known = parent_values(parent, parent_column)
            orphans = sorted(loaded_keys(child, column) - known)
            if orphans:
                source = batch[parent].source
                listed = "" if len(orphans) <= 10 else " (the first 10)"
                problems.append(Problem(source, parent, None, parent_column, ", ".join(map(str, orphans[:10])),
                                        f"rows already loaded in {child} refer to {len(orphans):,} "
                                        f"{parent_column} value{'s' if len(orphans) != 1 else ''}{listed} that this "
                                        "file lacks and, in mode replace, would remove; load it in mode upsert to "
                                        "add and update rows without removing any, or, to remove them, add "
                                        f"{_file_name(child)} without their rows to the same batch (mode replace; "
                                        "README, Removing a partnership)"))
    if lacking:
        files = " and ".join(_file_name(parent) for parent in lacking)
        needed_by = sorted({child for children in lacking.values() for child in children})
        first = batch[needed_by[0]]
        problems.insert(0, Problem(first.source, first.table, None, None, None,
                                   f"{', '.join(needed_by)} refer to {' and '.join(lacking)}, which are neither "
                                   f"loaded nor in this batch: add {files} to the same batch"))
    return problems


# --- Rules across tables --------------------------------------------------------------------------------------


def resolve_sector_codes(partnerships: NormalizedTable, sectors: pd.DataFrame) -> list[Problem]:
    """Read sectors given as NAICS codes or sector names as sector codes (``codes.resolve_sector``), in place.

    ``sectors`` (sector_code, sector_name, naics_prefixes) are the sectors of the batch and the database; the
    standard list in ``codes.SECTORS`` comes after them. Each distinct value read differently is reported once, as
    a warning; a value that stands for no sector is left as typed and fails the reference check.
    """
    column = partnerships.typed["sector_code"]
    known = [(row.sector_code, row.sector_name, _prefixes(row.naics_prefixes))
             for row in sectors.itertuples(index=False)]
    known_codes = {code for code, _, _ in known}
    names = {code: name for code, name, _ in [*((c.code, c.name, ()) for c in codes.SECTORS), *known]}
    readings = []
    for value in sorted(set(column.dropna()) - known_codes):
        code = codes.resolve_sector(value, known)
        if code is None or code == value:
            continue
        rows = column.index[column == value]
        partnerships.typed.loc[rows, "sector_code"] = code
        readings.append(f"{partnerships.value_as_typed(rows[0], 'sector_code')!r} as {code} ({names.get(code)}, "
                        f"{len(rows)} row{'s' if len(rows) > 1 else ''})")
    if not readings:
        return []
    return [Problem(partnerships.source, "partnerships", None, "sector_code", None,
                    "sectors given as NAICS codes or names were read as sector codes: " + "; ".join(readings),
                    WARNING)]


def _prefixes(value: object) -> tuple[str, ...]:
    """A sector's NAICS prefixes as a tuple, whether typed in this batch (a list) or read from the database (an
    array, whose truth value is ambiguous: ``array or ()`` failed for two prefixes); none when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ()
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(";") if part.strip())
    return tuple(str(part) for part in value)


def check_partnership_places(partnerships: NormalizedTable, with_counties: set) -> list[Problem]:
    """Every partnership needs a place on the map: a region_id, or at least one county in partnership_counties
    (``with_counties`` holds the partnership ids that have one, in the batch or loaded)."""
    typed = partnerships.typed
    placeless = typed["partnership_id"].notna() & typed["region_id"].isna() & ~typed["partnership_id"].isin(
        with_counties)
    return [Problem(partnerships.source, "partnerships", partnerships.row(index), "region_id", None,
                    "no region and no county: give a region_id, or list its counties in partnership_counties.csv "
                    "(in the same batch)")
            for index in placeless[placeless].index]


def check_public_consent(partnerships: NormalizedTable) -> list[Problem]:
    """Partnerships whose ``is_public`` is empty are never shown in public (empty means not agreed): one warning
    saying how many, so a list loaded without the column is not read on the Showcase as a state with no partnership
    ("Public partnerships 0", a reviewer loading Colorado's list)."""
    typed = partnerships.typed
    # empty as typed: a value that could not be read ("maybe") has its own error, and was counted here as empty
    # ("empty for 1 of 5 partnerships ... row 7" of a row holding "maybe": a data steward)
    typed_blank = (_is_blank(partnerships.raw["is_public"]).reindex(typed.index, fill_value=True)
                   if "is_public" in partnerships.raw.columns else pd.Series(True, index=typed.index))
    unstated = typed["partnership_id"].notna() & typed["is_public"].isna() & typed_blank
    if not unstated.any():
        return []
    count, total = int(unstated.sum()), int(typed["partnership_id"].notna().sum())
    first = unstated[unstated].index[0]
    return [Problem(partnerships.source, "partnerships", partnerships.row(first) if count == 1 else None, "is_public",
                    None, f"is_public is empty for {count:,} of {total:,} partnerships: a partnership is shown on "
                    "public pages (the Showcase, public decks and one-pagers) only where it is true; write true for "
                    "those that agreed to be shown, false for the others", WARNING)]


def check_regions_have_counties(regions: NormalizedTable, with_counties: set) -> list[Problem]:
    """A region without counties cannot be picked in the Region filter (which selects its counties): a warning per
    region, so it is explained rather than silently absent."""
    typed = regions.typed
    empty = typed["region_id"].notna() & ~typed["region_id"].isin(with_counties)
    if not empty.any():
        return []
    ids = ", ".join(regions.value_as_typed(index, "region_id") or "" for index in empty[empty].index)
    return [Problem(regions.source, "regions", regions.row(empty[empty].index[0]) if empty.sum() == 1 else None,
                    "region_id", ids, f"{int(empty.sum())} region(s) have no counties in region_counties, so they "
                    "are not offered in the Region filter and not drawn on maps (partnerships keep their region); "
                    "add region_counties.csv to name their counties", WARNING)]


def check_exits_after_end(participants: NormalizedTable, end_dates: pd.Series) -> list[Problem]:
    """Warn, once per partnership, about participants who exit after its end date (``end_dates`` by
    partnership_id): pages that count exiters in a selection of years would disagree about them."""
    typed = participants.typed
    if end_dates.empty:
        return []
    ends = pd.to_datetime(typed["partnership_id"].map(end_dates), errors="coerce")
    exits = pd.to_datetime(typed["exited_on"], errors="coerce")
    late = (exits > ends).fillna(False).astype(bool)
    problems = []
    for partnership_id, rows in typed.index[late].groupby(typed["partnership_id"][late]).items():
        first = rows[0]
        problems.append(Problem(
            participants.source, "participants", participants.row(first), "exited_on",
            participants.value_as_typed(first, "exited_on"),
            f"{len(rows)} participant(s) of partnership {partnership_id} exit after its end date "
            f"({ends[first]:%Y-%m-%d}); this row is the first. Check the dates", WARNING))
    return problems


def check_end_dates_before_exits(partnerships: NormalizedTable, last_exits: pd.Series) -> list[Problem]:
    """Warn about partnerships whose end date comes before the last exit of their loaded participants
    (``last_exits`` by partnership_id)."""
    typed = partnerships.typed
    if last_exits.empty:
        return []
    last = pd.to_datetime(typed["partnership_id"].map(last_exits), errors="coerce")
    ends = pd.to_datetime(typed["end_date"], errors="coerce")
    early = (last > ends).fillna(False).astype(bool)
    return [Problem(partnerships.source, "partnerships", partnerships.row(index), "end_date",
                    partnerships.value_as_typed(index, "end_date"),
                    f"participants already loaded exit after this end date (the last on {last[index]:%Y-%m-%d}); "
                    "check the dates", WARNING)
            for index in early[early].index]
