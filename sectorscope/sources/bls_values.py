"""The cells of a BLS QCEW file checked as BLS writes them, row by row, before any annual average is made.

What BLS writes (its CSV layouts, and every one of the 947,299 rows of the real files in ../shared/data/qcew-bls):
every numeric cell holds a plain number (digits, a minus sign in over-the-year changes, a point for decimals); a
suppressed cell (``disclosure_code`` N) holds 0, and so do its withheld LQs and over-the-year changes
(``lq_disclosure_code`` / ``oty_disclosure_code`` N); ``disclosure_code`` is empty, N or "-" (no activity: its
cells hold 0, or "-", read as 0); establishment counts are published even for suppressed cells. So a cell that is
not a number (``234,156``, ``abc``, ``(D)``), an empty cell where BLS wrote a number, a negative level or wage, a
quarter that is not 1-4 or an impossible size is a damaged or edited file: each is reported with the file's line,
the BLS column and the value as typed, never read as missing. An empty cell is accepted only where BLS withheld the
value (it is missing either way).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute as pc

from sectorscope.ingest.validation import (
    MAX_PROBLEMS_PER_RULE,
    RANGES,
    Problem,
    dropped_zero_hint,
    format_limit,
    more_rows,
)
from sectorscope.sources.csv_records import line_numbers

TABLE = "qcew_annual"
SUPPRESSED = "N"
NO_ACTIVITY = "-"
DISCLOSURE_CODES = ("", SUPPRESSED, "-")  # disclosed, suppressed, no activity (BLS writes 0s)
DISCLOSURE_COLUMNS = ("disclosure_code", "lq_disclosure_code", "oty_disclosure_code")
REQUIRED_CODES = ("area_fips", "own_code", "industry_code", "agglvl_code")
QUARTERS = ("1", "2", "3", "4")
# A BLS area code: five digits or capital letters (a county 42071, a state 42000, the nation US000, a metro area
# C1018); every one of the 4,649 codes in the real files in ../shared/data/qcew-bls is so.
AREA_CODE = re.compile(r"[0-9A-Z]{5}")
NOT_AN_AREA_CODE = "not a BLS area code (five digits or capital letters: 42071 a county, 42000 a state, US000, C1018)"
# A number, in a column some cell of which pandas could not read as one: what pandas' reader reads as a number
# elsewhere (an optional sign, digits, an optional decimal part and exponent). No thousands separators, dollar signs
# or letters.
BLS_NUMBER = r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"


@dataclass(frozen=True)
class NumberRule:
    """What a numeric BLS column may hold: ``negative`` values (over-the-year changes) or not; values within
    ``plausible`` (the range of the ``qcew_annual`` column it becomes); empty only in rows whose ``withheld_by``
    disclosure code is N (BLS writes 0 there, and the value is missing either way)."""

    negative: bool = False
    plausible: tuple[float, float] | None = None
    withheld_by: tuple[str, ...] = ()


_CELL = ("disclosure_code",)
_LQ = ("disclosure_code", "lq_disclosure_code")
_OTY = ("disclosure_code", "oty_disclosure_code")
NUMBER_RULES: dict[str, NumberRule] = {
    "year": NumberRule(plausible=RANGES[TABLE, "year"]),
    **dict.fromkeys(("annual_avg_estabs_count", "annual_avg_estabs", "qtrly_estabs_count", "qtrly_estabs"),
                    NumberRule(plausible=RANGES[TABLE, "establishments"])),
    **dict.fromkeys(("annual_avg_emplvl", "month1_emplvl", "month2_emplvl", "month3_emplvl"),
                    NumberRule(plausible=RANGES[TABLE, "employment"], withheld_by=_CELL)),
    **dict.fromkeys(("total_annual_wages", "total_qtrly_wages"),
                    NumberRule(plausible=RANGES[TABLE, "total_wages"], withheld_by=_CELL)),
    "annual_avg_wkly_wage": NumberRule(plausible=RANGES[TABLE, "avg_weekly_wage"], withheld_by=_CELL),
    **dict.fromkeys(("lq_annual_avg_emplvl", "lq_month1_emplvl", "lq_month2_emplvl", "lq_month3_emplvl"),
                    NumberRule(withheld_by=_LQ)),
    **dict.fromkeys(("oty_annual_avg_emplvl_chg", "oty_annual_avg_emplvl_pct_chg", "oty_month1_emplvl_chg",
                     "oty_month2_emplvl_chg", "oty_month3_emplvl_chg"),
                    NumberRule(negative=True, withheld_by=_OTY)),
}

NOT_A_NUMBER = ("not a number as BLS writes one (digits, a minus sign, a point for decimals: no thousands "
                "separators or letters)")
EMPTY = ("empty, where BLS writes a number (0 where it withholds a value, with disclosure_code N): a cut-off or "
         "edited file?")
NEGATIVE = "negative: QCEW employment, wages, establishments and LQs are never below 0"


def _cells(series: pd.Series) -> tuple[pyarrow.Array, np.ndarray]:
    """The cells as trimmed Arrow text, and which are empty (missing or blank)."""
    text = pc.utf8_trim_whitespace(pyarrow.array(series, type=pyarrow.string(), from_pandas=True))
    return text, pc.fill_null(pc.equal(text, ""), True).to_numpy(zero_copy_only=False)


def _numbers_of(text: pyarrow.Array, empty: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(numbers, not a number) of trimmed cells: those that are not ``BLS_NUMBER`` are missing among the numbers."""
    plain = pc.fill_null(pc.match_substring_regex(text, BLS_NUMBER), False)
    numbers = pc.cast(pc.if_else(plain, text, pyarrow.scalar(None, pyarrow.string())), pyarrow.float64())
    return numbers.to_numpy(zero_copy_only=False), ~plain.to_numpy(zero_copy_only=False) & ~empty


def bls_numbers(series: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(numbers, empty, not a number) of a column of BLS numbers as typed: empty cells and cells that are not
    ``BLS_NUMBER`` are missing among the numbers. A column read as numbers already is returned as it is."""
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        numbers = series.astype("float64")
        # pandas reads "inf" and "Infinity" as numbers: BLS writes none (an LQ of inf loaded silently: a reviewer)
        endless = pd.Series(np.isinf(numbers.to_numpy()), index=series.index)
        return numbers.mask(endless), numbers.isna(), endless
    text, empty = _cells(series)
    numbers, malformed = _numbers_of(text, empty)
    return (pd.Series(numbers, index=series.index), pd.Series(empty, index=series.index),
            pd.Series(malformed, index=series.index))


class _Cells:
    """A frame's code columns, each factorized once (a few distinct codes in many rows: comparing the codes, not the
    cells, is what keeps the checks cheap). Codes are compared as typed: BLS writes them without spaces, so " N" is
    no disclosure code of BLS's (and is refused)."""

    def __init__(self, frame: pd.DataFrame):
        self.frame, self.known = frame, {}

    def _factorized(self, column: str) -> tuple[np.ndarray, list[str]]:
        """Each row's code number (-1 for an empty cell) and the codes."""
        if column not in self.known:
            numbers, codes = pd.factorize(self.frame[column].to_numpy(dtype=object))
            self.known[column] = (numbers, [str(code) for code in codes])
        return self.known[column]

    def within(self, column: str, codes: tuple[str, ...]) -> np.ndarray:
        """Rows whose ``column`` holds one of ``codes`` ("": empty; none where the frame lacks the column)."""
        if column not in self.frame.columns:
            return np.zeros(len(self.frame), dtype=bool)
        numbers, found = self._factorized(column)
        wanted = [number for number, code in enumerate(found) if code in codes] + ([-1] if "" in codes else [])
        return np.isin(numbers, wanted)

    def equal(self, column: str, code: str) -> np.ndarray:
        """Rows whose ``column`` holds ``code``."""
        return self.within(column, (code,))

    def outside(self, column: str, codes: tuple[str, ...]) -> np.ndarray:
        """Rows whose ``column`` holds none of ``codes`` (an empty cell is "")."""
        return ~self.within(column, codes)

    def empty(self, column: str) -> np.ndarray:
        """Rows whose ``column`` is empty."""
        return self.within(column, ("",))

    def codes_not_matching(self, column: str, pattern: re.Pattern) -> list[str]:
        """The codes of ``column`` (not empty) that ``pattern`` does not match whole (none where the frame lacks it)."""
        if column not in self.frame.columns:
            return []
        return [code for code in self._factorized(column)[1] if not pattern.fullmatch(code)]


class _Report:
    """Problems of one file, at most ``MAX_PROBLEMS_PER_RULE`` rows per column and kind, the rest counted."""

    def __init__(self, source: str, frame: pd.DataFrame):
        self.source, self.frame, self.lines = source, frame, line_numbers(frame)
        self.problems: list[Problem] = []

    def add(self, column: str, wrong: np.ndarray, message: str) -> None:
        at_rows = np.flatnonzero(wrong)
        typed = self.frame[column]
        self.problems += [Problem(self.source, TABLE, int(self.lines[at]), column, _as_typed(typed.iat[at]), message)
                          for at in at_rows[:MAX_PROBLEMS_PER_RULE]]
        if len(at_rows) > MAX_PROBLEMS_PER_RULE:
            self.problems.append(more_rows(self.source, TABLE, column, len(at_rows) - MAX_PROBLEMS_PER_RULE,
                                           MAX_PROBLEMS_PER_RULE, message))


def _as_typed(value: object) -> str:
    """A cell as the file holds it ('' for an empty one, so the report shows it was empty)."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def checked_bls_values(source: str, frame: pd.DataFrame, quarterly: bool) -> tuple[pd.DataFrame, list[Problem]]:
    """The frame with its numeric BLS columns as numbers (float; empty cells missing), and a problem for every cell
    that is not as BLS writes it (see the module's docstring), named by the file's line (``line_numbers``), the
    BLS column and the value as typed. ``quarterly``: the frame is a quarterly layout, whose ``qtr`` is 1-4.

    Vectorised per column (numpy, and Arrow's compute functions for a column of text): Pennsylvania's 355,612
    quarterly rows take about 0.3 s.
    """
    report = _Report(source, frame)
    cells = _Cells(frame)
    withheld = {flags: functools.reduce(np.logical_or, [cells.equal(flag, SUPPRESSED) for flag in flags],
                                        np.zeros(len(frame), dtype=bool))
                for flags in {rule.withheld_by for rule in NUMBER_RULES.values()}}
    no_activity = cells.equal("disclosure_code", NO_ACTIVITY)
    numbers = {}
    for column, rule in NUMBER_RULES.items():
        if column not in frame.columns:
            continue
        # numbers already where pandas read every cell as one; else the text of each cell is checked
        values, empty, malformed = (part.to_numpy() for part in bls_numbers(frame[column]))
        if column != "year" and malformed.any() and no_activity.any():  # "-" in a row of no activity: 0
            dash = malformed & no_activity & cells.equal(column, NO_ACTIVITY)
            values, malformed = np.where(dash, 0.0, values), malformed & ~dash
        report.add(column, malformed, NOT_A_NUMBER)
        report.add(column, empty & ~withheld[rule.withheld_by], EMPTY)
        negative = (values < 0) & (not rule.negative)
        report.add(column, negative, NEGATIVE)
        if rule.plausible is not None:
            low, high = rule.plausible
            report.add(column, ((values < low) | (values > high)) & ~negative,
                       f"outside the plausible range {format_limit(low, column)} to {format_limit(high, column)}")
        numbers[column] = pd.Series(values, index=frame.index)
    for column in REQUIRED_CODES:
        if column in frame.columns:
            report.add(column, cells.empty(column), "required code is empty")
    # "8003" was stored beside Alamosa's "08003" as an area of its own (a spreadsheet had dropped the zero: a steward);
    # one report line per kind, so the cap on rows holds (a file of 64 counties each cut short: a code reviewer)
    wrong = cells.codes_not_matching("area_fips", AREA_CODE)
    cut_short = [code for code in wrong if dropped_zero_hint("county_fips", code)]
    if cut_short:
        report.add("area_fips", cells.within("area_fips", tuple(cut_short)),
                   NOT_AN_AREA_CODE + dropped_zero_hint("county_fips", cut_short[0]).replace("; written", "; e.g.", 1)
                   if len(cut_short) > 1 else NOT_AN_AREA_CODE + dropped_zero_hint("county_fips", cut_short[0]))
    others = [code for code in wrong if code not in cut_short]
    if others:
        report.add("area_fips", cells.within("area_fips", tuple(others)), NOT_AN_AREA_CODE)
    for column in DISCLOSURE_COLUMNS:
        if column in frame.columns:
            report.add(column, cells.outside(column, DISCLOSURE_CODES), "not a BLS disclosure code (empty, N or -)")
    if quarterly and "qtr" in frame.columns:
        report.add("qtr", cells.outside("qtr", QUARTERS), "not a quarter of a quarterly file (1 to 4)")
    return frame.assign(**numbers), report.problems
