"""Validation of incoming tables against the data model, before anything is written.

Two steps, both collecting every problem instead of stopping at the first:
1. ``normalize_table`` matches column names (case- and space-insensitively) and parses each value into the
   column's type (dates, booleans, numbers, lists), recording every cell that cannot be read;
2. ``check_table`` runs the rules as a pandera schema (required values, code lists, plausible ranges, unique keys,
   dates in order), and ``check_foreign_keys`` checks references across the batch and the loaded database.
Each problem names the source file, the row as a spreadsheet shows it (header = row 1), the column and the value.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import pandera.pandas as pa

from sectorscope import codes, schema

FIRST_DATA_ROW = 2  # row numbers as a spreadsheet shows them: the header is row 1

_TRUE = {"true", "t", "yes", "y", "1", "1.0"}
_FALSE = {"false", "f", "no", "n", "0", "0.0"}
_FIPS_COLUMNS = {"county_fips": r"^\d{5}$", "state_fips": r"^\d{2}$"}

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

# (table, start column, end column): the end, when given, may not come before the start.
DATE_ORDER: tuple[tuple[str, str, str], ...] = (
    ("partnerships", "start_date", "end_date"),
    ("grants", "start_date", "end_date"),
    ("participants", "enrolled_on", "exited_on"),
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what is wrong."""

    source: str
    table: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = self.source + (f", row {self.row}" if self.row is not None else "")
        where += f", column {self.column}" if self.column else ""
        value = f" (value: {self.value!r})" if self.value is not None else ""
        return f"{where}: {self.message}{value}"


class ValidationError(Exception):
    """Raised with every problem found in a batch; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"- {problem}" for problem in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s), nothing was loaded:\n{shown}{more}")


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    """Problems as a table (one row each), for display and CSV download."""
    columns = ["source", "table", "row", "column", "value", "message"]
    return pd.DataFrame([[getattr(p, c) for c in columns] for p in problems], columns=columns)


def column_key(name: object) -> str:
    """Comparable form of a column name: lower case, runs of spaces, dashes and underscores as one '_'."""
    return re.sub(r"[\s_\-]+", "_", str(name).strip().lower()).strip("_")


def _as_text(value: object) -> str:
    return str(value) if not isinstance(value, float) else repr(value)


def _text(series: pd.Series) -> pd.Series:
    """Values as trimmed text (pandas string dtype), blank cells as NA. Vectorised: files have a million rows."""
    text = series.astype("string").str.strip()
    return text.mask(text == "")


def _is_blank(series: pd.Series) -> pd.Series:
    return _text(series).isna().astype(bool)


# A number written plainly: an optional sign and dollar sign, digits with at most one decimal point, an optional
# exponent. No thousands separators or decimal commas: "4,50" is refused, never read as 450 (nor "1,234" as 1234,
# since a comma is ambiguous between the two).
_PLAIN_NUMBER = r"^[+-]?\$?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"  # ASCII digits only
# Whole dates only: 2020-12-31 (a time of 00:00 may follow, as spreadsheets write it) or 12/31/2020; a cut-off
# "2020-12-3" or "12/31/202" is refused, never read as another date.
_ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[ T]00:00(?::00(?:\.0+)?)?)?$"
_US_DATE = r"^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$"
# Cells a spreadsheet would run as a formula (CSV injection): =, +, -, @, a tab or a carriage return first.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Largest magnitude per number type: INTEGER is 32-bit; BIGINT and DOUBLE are kept to what a double holds exactly
# (2^53) or to 1e16 (more than the U.S. total of annual wages in dollars); beyond is a problem, never an overflow.
NUMBER_LIMITS = {"INTEGER": 2**31 - 1, "BIGINT": 2**53, "DOUBLE": 1e16}
EARLIEST_DATE = pd.Timestamp("1900-01-01")
DEFAULT_YEARS_AHEAD = 30


def latest_plausible_date() -> pd.Timestamp:
    """Latest date a file may hold: Dec 31 of this year + ``$SECTORSCOPE_MAX_YEARS_AHEAD`` (default 30)."""
    try:
        ahead = int(os.environ.get("SECTORSCOPE_MAX_YEARS_AHEAD", DEFAULT_YEARS_AHEAD))
    except ValueError:
        ahead = DEFAULT_YEARS_AHEAD
    return pd.Timestamp(year=min(pd.Timestamp.now().year + max(ahead, 0), 2200), month=12, day=31)


def _looks_like_formula(series: pd.Series) -> pd.Series:
    """Cells starting as a spreadsheet formula would (raw text, before trimming); a plain number is not one."""
    raw = series.astype("string")
    starts = raw.str.startswith(_FORMULA_START).fillna(False).astype(bool)
    trimmed = raw.str.strip()
    starts |= trimmed.str.startswith(("=", "@")).fillna(False).astype(bool)
    number = trimmed.str.fullmatch(_PLAIN_NUMBER).fillna(False).astype(bool)
    return starts & ~number & ~_is_blank(series)


def _parse_varchar(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = _text(series)
    formula = _looks_like_formula(series)
    return text.astype(object).where(text.notna(), None), formula


def _parse_number(series: pd.Series, whole: bool, limit: float = NUMBER_LIMITS["DOUBLE"]) -> tuple[pd.Series,
                                                                                                    pd.Series]:
    """Numbers from text that is a number as a whole (see ``_PLAIN_NUMBER``), within ``±limit``."""
    if pd.api.types.is_bool_dtype(series):
        return pd.Series(np.nan, index=series.index), ~_is_blank(series)
    if pd.api.types.is_numeric_dtype(series):
        numbers = pd.to_numeric(series, errors="coerce").astype("float64")
        blank = numbers.isna()
        bad = pd.Series(False, index=series.index)
    else:
        text = _text(series)
        blank = text.isna().astype(bool)
        plain = text.str.fullmatch(_PLAIN_NUMBER).fillna(False).astype(bool)
        digits = text.str.replace("$", "", regex=False)
        numbers = pd.to_numeric(digits.astype(object).where(plain, None), errors="coerce").astype("float64")
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
    """Dates from whole YYYY-MM-DD or MM/DD/YYYY text, between ``EARLIEST_DATE`` and ``latest_plausible_date()``."""
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
            pd.to_datetime(plain.where(us, None), errors="coerce", format="%m/%d/%Y"))
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

    values = series.map(read).astype(object)
    bad = values.isna() & ~blank
    return values, bad


def _parser(sql_type: str):
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
    if sql_type == "DOUBLE":
        limit = NUMBER_LIMITS["DOUBLE"]
        return ((lambda s: _parse_number(s, whole=False, limit=limit)),
                "a number (written plainly with a point for decimals, e.g. 1234.50: no thousands separators or "
                f"decimal commas; at most {limit:,.0f})")
    raise ValueError(f"no parser for SQL type {sql_type}")


def normalize_table(table: str, frame: pd.DataFrame, source: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Match ``frame``'s columns to ``table`` and parse every value into the column's type.

    Returns the typed frame (schema column order, positional index) and the problems found: missing required
    columns, unknown or repeated columns, and every cell that cannot be read as its column's type.
    """
    spec = schema.tables()[table]
    problems: list[Problem] = []
    wanted = {column_key(name): name for name in spec.column_names}
    renamed: dict[object, str] = {}
    for original in frame.columns:
        key = column_key(original)
        if key not in wanted:
            problems.append(Problem(source, table, None, str(original), None,
                                    f"unknown column for table {table}; expected: {', '.join(spec.column_names)}"))
        elif wanted[key] in renamed.values():
            problems.append(Problem(source, table, None, str(original), None, "column appears twice"))
        else:
            renamed[original] = wanted[key]
    for column in spec.columns:
        if column.required and column.name not in renamed.values():
            problems.append(Problem(source, table, None, column.name, None, "required column is missing"))
    if problems:
        return pd.DataFrame(columns=list(spec.column_names)), problems

    data = frame.loc[:, list(renamed)].set_axis(list(renamed.values()), axis=1).reset_index(drop=True)
    typed: dict[str, pd.Series] = {}
    for column in spec.columns:
        if column.name not in data.columns:
            typed[column.name] = pd.Series([None] * len(data), dtype=object)
            continue
        parse, expected = _parser(column.sql_type)
        values, bad = parse(data[column.name])
        if column.sql_type == "VARCHAR":
            for index in bad[bad].index:
                problems.append(Problem(source, table, int(index) + FIRST_DATA_ROW, column.name,
                                        str(data.at[index, column.name]),
                                        "looks like a spreadsheet formula; enter the value itself"))
        else:
            for index in bad[bad].index:
                problems.append(Problem(source, table, int(index) + FIRST_DATA_ROW, column.name,
                                        _as_text(data.at[index, column.name]), f"not {expected}"))
        typed[column.name] = values
    typed_frame = pd.DataFrame(typed)
    for column in RATE_COLUMNS.get(table, ()):
        typed_frame[column] = percent_to_share(typed_frame[column])
    return typed_frame, problems


def percent_to_share(rates: pd.Series) -> pd.Series:
    """Read a column of rates written as percents (some value above 1, none above 100) as shares 0-1."""
    present = rates.dropna()
    if len(present) and present.max() > 1 and present.max() <= 100 and present.min() >= 0:
        return rates / 100
    return rates


def _schema_for(table: str) -> pa.DataFrameSchema:
    spec = schema.tables()[table]
    coded = codes.CODED_COLUMNS.get(table, {})
    columns = {}
    for column in spec.columns:
        checks = []
        if column.name in coded:
            allowed = coded[column.name]
            checks.append(pa.Check.isin(allowed, error=f"not an allowed value; allowed: {', '.join(allowed)}"))
        if column.name in _FIPS_COLUMNS and column.sql_type == "VARCHAR":
            width = 5 if column.name == "county_fips" else 2
            checks.append(pa.Check.str_matches(_FIPS_COLUMNS[column.name],
                                               error=f"not a {width}-digit FIPS code (keep leading zeros)"))
        if (table, column.name) in RANGES:
            low, high = RANGES[table, column.name]
            checks.append(pa.Check.in_range(low, high, error=f"outside the plausible range {low:,g} to {high:,g}"))
        columns[column.name] = pa.Column(None, nullable=not column.required, checks=checks)
    frame_checks = [
        pa.Check(lambda d, s=start, e=end: d[e].isna() | d[s].isna() | (d[e] >= d[s]),
                 error=f"{end} comes before {start}")
        for order_table, start, end in DATE_ORDER
        if order_table == table
    ]
    key = list(spec.primary_key)
    return pa.DataFrameSchema(columns, checks=frame_checks, unique=key or None, report_duplicates="all")


def check_table(table: str, frame: pd.DataFrame, source: str) -> list[Problem]:
    """Run the table's rules (required values, codes, FIPS form, ranges, unique key, date order) on a typed frame."""
    if frame.empty:
        return []
    try:
        _schema_for(table).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return _problems_from_failures(table, frame, source, errors.failure_cases)
    return []


def _problems_from_failures(table: str, frame: pd.DataFrame, source: str, failures: pd.DataFrame) -> list[Problem]:
    spec = schema.tables()[table]
    key = list(spec.primary_key)
    problems: list[Problem] = []
    seen: set[tuple] = set()
    for failure in failures.itertuples(index=False):
        index = failure.index
        row = int(index) + FIRST_DATA_ROW if index is not None and not pd.isna(index) else None
        check = str(failure.check)
        if check == "multiple_fields_uniqueness":
            if (row, check) in seen:
                continue
            seen.add((row, check))
            values = ", ".join(_as_text(frame.at[index, k]) for k in key)
            problems.append(Problem(source, table, row, ", ".join(key), values,
                                    "duplicate key: another row has the same " + " + ".join(key)))
        elif check == "not_nullable":
            problems.append(Problem(source, table, row, failure.column, None, "required value is empty"))
        elif failure.schema_context == "DataFrameSchema" and " comes before " in check:
            if (row, check) in seen:
                continue
            seen.add((row, check))
            end_column = check.split(" comes before ")[0]
            problems.append(Problem(source, table, row, end_column, _as_text(frame.at[index, end_column]), check))
        else:
            problems.append(Problem(source, table, row, failure.column, _as_text(failure.failure_case), check))
    return sorted(problems, key=lambda p: (p.row or 0, p.column or ""))


def check_foreign_keys(
    batch: Mapping[str, tuple[pd.DataFrame, str]],
    loaded_keys,
    replaced: set[str],
) -> list[Problem]:
    """Check that every reference resolves, against the batch and what is loaded.

    ``batch`` maps table -> (typed frame, source name); ``loaded_keys(table, column)`` returns the set of values
    already in the database; tables in ``replaced`` lose their loaded rows, so only the batch counts for them.
    References from loaded tables that the batch leaves alone must still resolve after a replace.
    """
    problems: list[Problem] = []

    def parent_values(parent: str, parent_column: str) -> set:
        values: set = set()
        if parent in batch:
            values |= set(batch[parent][0][parent_column].dropna())
        if parent not in replaced:
            values |= loaded_keys(parent, parent_column)
        return values

    for (child, column), (parent, parent_column) in schema.FOREIGN_KEYS.items():
        if child in batch:
            frame, source = batch[child]
            known = parent_values(parent, parent_column)
            values = frame[column]
            missing = values.notna() & ~values.isin(known)
            for index in missing[missing].index[:200]:
                problems.append(Problem(source, child, int(index) + FIRST_DATA_ROW, column, _as_text(values[index]),
                                        f"refers to a {parent_column} that is not in {parent}"))
            if missing.sum() > 200:
                problems.append(Problem(source, child, None, column, None,
                                        f"{int(missing.sum()) - 200} more rows refer to unknown {parent}"))
        elif parent in replaced and child not in replaced:
            known = parent_values(parent, parent_column)
            orphans = sorted(loaded_keys(child, column) - known)
            if orphans:
                source = batch[parent][1]
                problems.append(Problem(source, parent, None, parent_column, ", ".join(map(str, orphans[:10])),
                                        f"rows already loaded in {child} refer to these {parent_column} values, "
                                        "which this file would remove"))
    return problems
