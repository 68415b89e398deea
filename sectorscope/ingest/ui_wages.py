"""A state's UI wage file, with a row per person, quarter and employer, made into wage records (one row per person
and quarter), before it is loaded: a data steward's extract was refused row by row as duplicate keys, with nothing to
say how to combine them (``queries/ui_wage_rows_combined.sql`` says how).

Every cell is read as the loader reads it (``validation.normalize``): a value that cannot be read is refused, named
by file, row, column and value as typed, and so is a row given twice (the same person, quarter and employer), which
adding up would count twice. The combined file is then loaded, and checked whole, as any wage-record file.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from sectorscope.db import run_query
from sectorscope.ingest.readers import read_upload
from sectorscope.ingest.validation import (
    MAX_PROBLEMS_PER_RULE,
    Problem,
    check_normalized,
    errors_of,
    in_row_order,
    more_rows,
    normalize,
)

TABLE = "wage_records"
COLUMNS = ("participant_id", "year", "quarter", "employer_id", "earnings_usd", "hours", "other_employer_ids")
TWICE = ("the same person, quarter and employer (or no employer id in both) as another row: added up, its earnings "
         "would count twice; keep one, or give each its employer id")


@dataclass(frozen=True)
class Combined:
    """The wage records made, or the problems that kept them from being made."""

    records: pd.DataFrame | None  # COLUMNS, one row per person and quarter
    problems: list[Problem]
    rows_read: int = 0
    quarters_with_several: int = 0  # person-quarters made of more than one row


def combine_employer_rows(name: str, data: bytes, encoding: str | None = None) -> Combined:
    """Read a UI wage file (``name``, its bytes) and combine its rows per person and quarter."""
    read = read_upload(name, data, TABLE, encoding=encoding)
    if not read.inputs:
        return Combined(None, errors_of(read.problems))
    item = read.inputs[0]  # where some rows could not be read (a malformed row, a byte not in the encoding), the
    # others, checked in the same report: the rows after a bad byte went unchecked until it was mended (a steward)
    normalized = normalize(TABLE, item.frame, item.source)
    # every rule the loader holds a row to but the key (required values, ranges, an SSN for an id), per row of
    # this file: a row without earnings was added up as if it had none, and named later by a row of another file
    problems = errors_of(read.problems + normalized.problems + check_normalized(normalized, with_key=False))
    typed = normalized.typed
    if "other_employer_ids" in item.frame.columns and typed["other_employer_ids"].notna().any():
        problems.append(Problem(item.source, TABLE, None, "other_employer_ids", None,
                                "already one row per person and quarter (it lists other employers): load it as it is"))
    problems += _rows_twice(normalized.source, typed, normalized.row)
    if problems:
        return Combined(None, sorted(problems, key=in_row_order), len(typed))
    con = duckdb.connect()
    try:
        # a table, not a registered frame: the query runs on a cursor of its own, which sees tables only
        con.register("incoming", typed[list(COLUMNS[:-1])])
        con.execute("create table ui_rows as select * from incoming")
        combined = run_query(con, "ui_wage_rows_combined")
    finally:
        con.close()
    several = int((combined["rows_combined"] > 1).sum())
    return Combined(combined[list(COLUMNS)], [], len(typed), several)


def _rows_twice(source: str, typed: pd.DataFrame, row_of) -> list[Problem]:
    """Each row whose person, quarter and employer another row has, naming the rows that share them."""
    key = ["participant_id", "year", "quarter", "employer_id"]
    # rows without an employer id count as one employer: two of a person's quarter cannot be told from a row twice
    shared = typed[typed.duplicated(key, keep=False) & typed[key[:3]].notna().all(axis=1)]
    problems = []
    for _, group in shared.groupby(key, sort=False, dropna=False):
        rows = [row_of(index) for index in group.index]
        words = ", ".join(f"{row:,}" for row in rows[:5]) + (f" and {len(rows) - 5:,} more" if len(rows) > 5 else "")
        problems += [Problem(source, TABLE, row, ", ".join(key),
                             ", ".join("" if pd.isna(value) else str(value) for value in group.loc[index, key]),
                             f"{TWICE} (rows {words})") for index, row in zip(group.index, rows, strict=True)]
    if len(problems) > MAX_PROBLEMS_PER_RULE:
        return [*problems[:MAX_PROBLEMS_PER_RULE],
                more_rows(source, TABLE, ", ".join(key), len(problems) - MAX_PROBLEMS_PER_RULE,
                          MAX_PROBLEMS_PER_RULE, TWICE)]
    return problems
