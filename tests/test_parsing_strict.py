"""A value must parse whole as its column's type: no cut-off dates or numbers read as other values, no decimal commas
read as hundreds, no formulas, no overflow tracebacks, no dates outside a plausible range."""

from __future__ import annotations

import pandas as pd
import pytest
from tiny_state import tiny_tables

from sectorscope.ingest.validation import normalize_table


def problems_for(table: str, column: str, value: str, row: int = 0):
    frame = tiny_tables()[table].copy()
    frame.loc[row, column] = value
    _, problems = normalize_table(table, frame, f"{table}.csv")
    return [p for p in problems if p.column == column]


@pytest.mark.parametrize(
    ("table", "column", "value", "words"),
    [
        ("participants", "exited_on", "2020-12-3", "not a date"),  # 2020-12-31 cut off
        ("participants", "exited_on", "12/31/202", "not a date"),
        ("participants", "exited_on", "2020-02-30", "not a date"),
        ("participants", "exited_on", "9999-12-31", "not a date"),  # no exit in 9999
        ("participants", "exited_on", "1850-01-01", "not a date"),
        ("participants", "exited_on", "3/7/2020 13:45", "time of day (13:45)"),  # a time of day is not dropped silently
        ("participants", "exited_on", "3/7/2020 0:30", "time of day (0:30)"),
        ("participants", "exited_on", "3/7/2020 12:00 PM", "time of day (12:00 PM)"),
        ("participants", "exited_on", "2020-03-07 13:45", "time of day (13:45)"),
        ("participants", "exited_on", "2020-03-07T08:00:00", "time of day (08:00:00)"),
        ("participants", "exited_on", "2020-13-07 13:45", "not a date ("),  # month 13: the date is the problem
        ("participants", "exited_on", "13:45", "not a date"),  # a time alone is no date with a time
        ("participants", "exited_on", "2020-02-30 00:00", "not a date ("),  # the date is wrong, not midnight
        ("participants", "exited_on", "Jan 5 2020 14:30", "not a date ("),  # the date's form is refused anyway
        # day first, as much of the world writes it: the date month first is said (a data steward read "not a date")
        ("participants", "exited_on", "13/01/2020", "day first (13/01/2020): dates are read month first (MM/DD/YYYY), "
                                                    "so write 01/13/2020 or 2020-01-13"),
        ("participants", "exited_on", "31/12/2020", "write 12/31/2020 or 2020-12-31"),
        ("participants", "pre_hourly_wage", "4,50", "not a number"),  # a decimal comma is not $450
        ("participants", "pre_hourly_wage", "1,234", "commas grouping thousands only"),  # 1.234 or 1234?
        ("participants", "pre_hourly_wage", "1,23.50", "not a number"),  # groups of three only
        ("participants", "pre_hourly_wage", "$1,2345", "not a number"),
        ("participants", "pre_hourly_wage", "1.234,50", "not a number"),  # a European amount
        ("participants", "pre_hourly_wage", "$,234", "not a number"),
        ("grants", "amount_usd", "$0,125", "not a number"),  # a decimal comma, not 125
        ("grants", "amount_usd", "0,500.", "not a number"),
        ("grants", "amount_usd", "($1,234.50)", "not a number"),  # the accounting format's negative: refused
        ("employer_surveys", "turnover_rate_before", "1,234.5", "no thousands separators"),  # not an amount
        ("employer_surveys", "hires_from_training", "1,200.", "no thousands separators"),  # counts never take commas
        ("participants", "pre_hourly_wage", "7516.8x", "not a number"),
        ("participants", "pre_hourly_wage", "1e19", "not a number"),
        ("participants", "pre_hourly_wage", "inf", "not a number"),
        ("grants", "amount_usd", "99999999999999999999", "not a number"),
        ("employer_surveys", "survey_year", "99999999999999999999", "not a whole number"),  # was a traceback
        ("employer_surveys", "survey_year", "1e19", "not a whole number"),
        ("employer_surveys", "survey_year", "2019.5", "not a whole number"),
        ("employer_surveys", "hires_from_training", "3000000000", "not a whole number"),  # beyond 32 bits
        ("participants", "gender", "=1+2", "formula"),
        ("participants", "gender", "+SUM(A1)", "formula"),
        ("participants", "gender", "-x", "formula"),
        ("participants", "gender", "@foo", "formula"),
        ("participants", "gender", "\tfemale", "formula"),
        ("participants", "gender", " =x", "formula"),
        ("participants", "pre_hourly_wage", "$-3", "not a number"),
        ("participants", "pre_hourly_wage", "1e999", "not a number"),  # beyond a double: infinite
        ("participants", "pre_hourly_wage", "0x10", "not a number"),
        ("participants", "pre_hourly_wage", "1_000", "not a number"),
        ("wage_records", "other_employer_ids", "=HYPERLINK(1)", "list of codes"),  # a formula is not a list
        ("wage_records", "other_employer_ids", "[ ; , ]", "list of codes"),  # separators alone name no one
    ],
)
def test_values_that_do_not_parse_whole_are_problems(table, column, value, words):
    found = problems_for(table, column, value)
    assert len(found) == 1 and found[0].row == 2 and words in found[0].message, found
    assert found[0].value == value


@pytest.mark.parametrize(
    ("table", "column", "value", "expected"),
    [
        ("participants", "pre_hourly_wage", "7", 7.0),  # a short number is still a number
        ("participants", "pre_hourly_wage", "$13.50", 13.5),
        ("participants", "pre_hourly_wage", " 12.25 ", 12.25),
        ("participants", "exited_on", "12/31/2020", pd.Timestamp("2020-12-31")),
        ("participants", "exited_on", "2020-12-31 00:00:00", pd.Timestamp("2020-12-31")),
        # Excel's CSV of a date cell: midnight after a US date
        ("participants", "exited_on", "3/7/2020 0:00", pd.Timestamp("2020-03-07")),
        ("participants", "exited_on", "03/07/2020 00:00:00", pd.Timestamp("2020-03-07")),
        ("participants", "exited_on", "3/7/2020 12:00:00 AM", pd.Timestamp("2020-03-07")),
        ("participants", "exited_on", "2020-03-07 0:00", pd.Timestamp("2020-03-07")),  # the ISO form too
        ("participants", "exited_on", "2020-03-07 12:00 AM", pd.Timestamp("2020-03-07")),
        ("employer_surveys", "survey_year", "2019", 2019),
        ("employer_surveys", "survey_year", "2019.0", 2019),
        ("participants", "gender", "-5", "-5"),  # a negative number is not a formula
        ("participants", "pre_hourly_wage", "+5", 5.0),  # as Python reads a number (here in Arrow)
        ("participants", "pre_hourly_wage", "5.", 5.0),
        ("participants", "pre_hourly_wage", ".5", 0.5),
        ("participants", "pre_hourly_wage", "1.25E+01", 12.5),
        ("participants", "pre_hourly_wage", "-$3", -3.0),  # then out of the plausible range, but read
        # a US spreadsheet's currency cell saved to CSV (a steward's file was refused where the workbook loaded)
        ("grants", "amount_usd", "$9,902.72", 9902.72),
        ("grants", "amount_usd", "$1,234,567", 1234567.0),
        ("grants", "amount_usd", "12,500.00", 12500.0),
        ("grants", "amount_usd", "-$1,000.5", -1000.5),
    ],
)
def test_plain_values_still_parse(table, column, value, expected):
    frame = tiny_tables()[table].copy()
    frame.loc[0, column] = value
    typed, problems = normalize_table(table, frame, f"{table}.csv")
    assert [p for p in problems if p.column == column] == []
    assert typed.loc[0, column] == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("E2;E3", ["E2", "E3"]),
        ("[E2, 'E3' | \"E4\"]", ["E2", "E3", "E4"]),  # brackets, quotes and every separator
        ("E2;;\u2003E3\u00a0;", ["E2", "E3"]),  # empty items dropped, Unicode spaces trimmed
    ],
)
def test_lists_of_codes_split_as_typed(value, expected):
    frame = tiny_tables()["wage_records"].copy()
    frame["other_employer_ids"] = [value] + [""] * (len(frame) - 1)
    typed, problems = normalize_table("wage_records", frame, "wage_records.csv")
    assert [p for p in problems if p.column == "other_employer_ids"] == []
    assert typed.loc[0, "other_employer_ids"] == expected and pd.isna(typed.loc[1, "other_employer_ids"])


@pytest.mark.parametrize(("table", "column", "value", "range_words"), [
    ("participants", "post_hourly_wage", "1,234", "from 0 to 500)"),
    ("wage_records", "hours", "1,040", "from 0 to 2,200)"),
    ("wage_records", "quarter", "Q4", "from 1 to 4)"),
    ("employer_surveys", "turnover_rate_before", "1,234.5", "from 0 to 1, or 0% to 100%)"),
])
def test_a_cell_that_does_not_parse_is_told_its_columns_range_not_its_types_limit(table, column, value, range_words):
    """"1,234" in post_hourly_wage read "... at most 10,000,000,000,000,000" and "Q4" in quarter "at most
    2,147,483,647", limits of the number type, where the column takes 0 to 500 and 1 to 4 (a data steward)."""
    message = " ".join(problem.message for problem in problems_for(table, column, value))
    assert message.endswith(range_words) and "at most" not in message, message


def test_a_year_that_does_not_parse_is_told_the_years_up_to_this_one():
    """"2O24" in survey_year read "from 1990 to 2100" where a year after this one is refused as not happened yet
    (a code reviewer)."""
    import datetime as dt

    message = " ".join(problem.message for problem in problems_for("employer_surveys", "survey_year", "2O24"))
    assert message.endswith(f"from 1990 to {dt.date.today().year})"), message
