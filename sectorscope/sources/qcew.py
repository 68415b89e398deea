"""BLS QCEW files in their official CSV layouts, turned into rows of the ``qcew_annual`` table and loaded.

Layouts read here (BLS, "QCEW CSV data files" and "QCEW Open Data Access"):
- annual "by area" files: ``annual_avg_estabs_count``, title columns, lq_* and oty_* columns;
- annual open-data API slices: the same without title columns, ``annual_avg_estabs`` instead;
- quarterly "by area" files and quarterly API slices (``qtrly_estabs_count`` or ``qtrly_estabs``, three monthly
  employment levels, quarterly wages, monthly over-the-year changes), from which annual averages and their change
  over the year are made the way BLS makes them.
Files may be plain CSV, gzipped CSV or ZIP archives of CSVs, one by one or whole folders.
Suppressed cells (``disclosure_code`` N, whose numeric fields BLS writes as 0) become missing, never zero. BLS
publishes establishment counts even for suppressed cells, so those are kept.
Every source row is checked before any average is made, as the loader checks a CSV: the header's number of values
(``csv_records``), every cell as BLS writes it (``bls_values``); a batch of another state than the database's is
refused unless asked for (``state_rule``). Each problem names the file, its line, the BLS column and the value as
typed, all in one report; nothing is written.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import re
import socket
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from sectorscope import db, references
from sectorscope.ingest import load as ingest
from sectorscope.ingest import state_rule
from sectorscope.ingest.validation import MAX_PROBLEMS_PER_RULE, Problem, ValidationError, as_typed
from sectorscope.sources.bls_values import bls_numbers, checked_bls_values
from sectorscope.sources.csv_records import line_numbers, read_checked_csv
from sectorscope.words import in_a_list

SUPPRESSED = "N"
US_AREA = "US000"
KEY = ("area_fips", "own_code", "industry_code", "year")
FILE_SUFFIXES = (".csv", ".csv.gz", ".zip")
TABLE = "qcew_annual"

def state_area(state_fips: str) -> str:
    """The QCEW area code of a whole state: '42' -> '42000'."""
    return f"{state_fips}000"


def own_state_area(area_fips: Sequence[str]) -> str | None:
    """The QCEW area of the one state every area of ``area_fips`` lies in ('36015', '36097' -> '36000'): what an
    area is compared with "against the state" (Chemung County, New York, against New York, whichever state the
    dashboard shows). None when the areas lie in several states (no one state is theirs) or none is given."""
    states = {code[:2] for code in area_fips}
    return state_area(states.pop()) if len(states) == 1 else None


# BLS's titles of the totals, domains, supersectors and NAICS sectors, for files that carry no titles (API slices).
INDUSTRY_TITLES: dict[str, str] = {
    "10": "Total, all industries",
    "101": "Goods-producing",
    "102": "Service-providing",
    "1011": "Natural resources and mining",
    "1012": "Construction",
    "1013": "Manufacturing",
    "1021": "Trade, transportation, and utilities",
    "1022": "Information",
    "1023": "Financial activities",
    "1024": "Professional and business services",
    "1025": "Education and health services",
    "1026": "Leisure and hospitality",
    "1027": "Other services",
    "1028": "Public administration",
    "1029": "Unclassified",
    "11": "Agriculture, forestry, fishing and hunting",
    "21": "Mining, quarrying, and oil and gas extraction",
    "22": "Utilities",
    "23": "Construction",
    "31-33": "Manufacturing",
    "42": "Wholesale trade",
    "44-45": "Retail trade",
    "48-49": "Transportation and warehousing",
    "51": "Information",
    "52": "Finance and insurance",
    "53": "Real estate and rental and leasing",
    "54": "Professional and technical services",
    "55": "Management of companies and enterprises",
    "56": "Administrative and waste services",
    "61": "Educational services",
    "62": "Health care and social assistance",
    "71": "Arts, entertainment, and recreation",
    "72": "Accommodation and food services",
    "81": "Other services, except public administration",
    "92": "Public administration",
    "99": "Unclassified",
}

# BLS column -> qcew_annual column; the first name found wins.
_ANNUAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "area_fips": ("area_fips",),
    "own_code": ("own_code",),
    "industry_code": ("industry_code",),
    "industry_title": ("industry_title",),
    "agglvl_code": ("agglvl_code",),
    "year": ("year",),
    "disclosure_code": ("disclosure_code",),
    "establishments": ("annual_avg_estabs_count", "annual_avg_estabs"),
    "employment": ("annual_avg_emplvl",),
    "total_wages": ("total_annual_wages",),
    "avg_weekly_wage": ("annual_avg_wkly_wage",),
    "lq_employment": ("lq_annual_avg_emplvl",),
    "oty_employment_chg": ("oty_annual_avg_emplvl_chg",),
    "oty_employment_pct_chg": ("oty_annual_avg_emplvl_pct_chg",),
}
_NUMERIC = ("establishments", "employment", "total_wages", "avg_weekly_wage", "lq_employment",
            "oty_employment_chg", "oty_employment_pct_chg")
_SUPPRESSIBLE = ("employment", "total_wages", "avg_weekly_wage", "lq_employment", "oty_employment_chg",
                 "oty_employment_pct_chg")
_CODES = ("area_fips", "own_code", "industry_code", "agglvl_code", "disclosure_code")
_QUARTERLY_ESTABLISHMENTS = ("qtrly_estabs_count", "qtrly_estabs")
_MONTHS = ("month1_emplvl", "month2_emplvl", "month3_emplvl")
_LQ_MONTHS = ("lq_month1_emplvl", "lq_month2_emplvl", "lq_month3_emplvl")
_OTY_MONTHS = ("oty_month1_emplvl_chg", "oty_month2_emplvl_chg", "oty_month3_emplvl_chg")
# Columns worth reading from any layout (BLS files have 38-47 columns; the rest is not stored).
_READ_COLUMNS = frozenset(
    {name for names in _ANNUAL_COLUMNS.values() for name in names}
    | {"size_code", "qtr", "lq_disclosure_code", "oty_disclosure_code", "total_qtrly_wages",
       *_QUARTERLY_ESTABLISHMENTS, *_MONTHS, *_LQ_MONTHS, *_OTY_MONTHS}
)

_TEXT_COLUMNS = ("area_fips", "own_code", "industry_code", "agglvl_code", "size_code", "qtr", "disclosure_code",
                 "industry_title", "lq_disclosure_code", "oty_disclosure_code")

Progress = Callable[[float, str], None]


def is_bls_annual_layout(frame: pd.DataFrame) -> bool:
    """Does the frame look like a BLS annual QCEW file (by-area CSV or open-data slice)?"""
    return {"area_fips", "own_code", "industry_code", "annual_avg_emplvl"} <= set(frame.columns)


def is_bls_quarterly_layout(frame: pd.DataFrame) -> bool:
    """Does the frame look like a BLS quarterly QCEW file (by-area CSV or open-data slice)?"""
    return {"area_fips", "own_code", "industry_code", "qtr", *_MONTHS, "total_qtrly_wages"} <= set(frame.columns)


def _text(series: pd.Series) -> pd.Series:
    """Codes as clean text (no quotes or spaces); empty becomes missing."""
    text = series.astype("string").str.strip().str.strip('"').str.strip()
    return text.mask(text.eq("")).astype(object).where(lambda s: s.notna(), None)


def _number(series: pd.Series) -> pd.Series:
    """A BLS numeric column as numbers: empty cells (BLS's withheld values) missing. A frame of a file was checked
    cell by cell before (``checked_bls_values``), so nothing else is missing here."""
    return bls_numbers(series)[0]


def _round_half_up(values: pd.Series) -> pd.Series:
    """Whole numbers rounded as BLS rounds them (34.5 -> 35), not to even."""
    return np.floor(values + 0.5)


_TITLE = re.compile(r"^(?:NAICS\d*\s+)?(\S+)\s+(.*)$")


def _strip_code(code: object, title: object) -> str | None:
    if not isinstance(title, str) or not title.strip():
        return INDUSTRY_TITLES.get(str(code))
    match = _TITLE.match(title.strip())
    return match.group(2) if match and match.group(1) == code else title.strip()


def industry_titles(codes: pd.Series, bls_titles: pd.Series | None) -> pd.Series:
    """Titles without their code ('NAICS 62 Health care ...' -> 'Health care ...'); BLS's sector titles where the
    file has none."""
    if bls_titles is None:
        known = codes.map(INDUSTRY_TITLES)
        return known.astype(object).where(known.notna(), None)
    pairs = pd.DataFrame({"code": codes.to_numpy(dtype=object), "title": bls_titles.to_numpy(dtype=object)},
                         index=codes.index)
    unique = pairs.drop_duplicates()
    lookup = {(c, b): _strip_code(c, b) for c, b in zip(unique["code"], unique["title"], strict=True)}
    titles = [lookup[pair] for pair in zip(pairs["code"], pairs["title"], strict=True)]
    return pd.Series(titles, index=codes.index, dtype=object)


def annual_rows_from_bls(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``qcew_annual`` from a BLS annual-layout frame (any extra BLS columns are ignored).

    Codes stay text (``area_fips`` '42071', ``industry_code`` '31-33'); cells of suppressed rows become missing,
    and so do published LQ/over-the-year values that BLS marks as not disclosed. Establishment counts, which BLS
    publishes for suppressed cells too, are kept.
    """
    rows = pd.DataFrame(index=frame.index)
    for target, candidates in _ANNUAL_COLUMNS.items():
        source = next((name for name in candidates if name in frame.columns), None)
        rows[target] = frame[source] if source is not None else None
    for code in _CODES:
        rows[code] = _text(rows[code])
    rows["industry_title"] = industry_titles(rows["industry_code"],
                                             frame["industry_title"] if "industry_title" in frame.columns else None)
    rows["year"] = _number(rows["year"])
    # "-" (no activity: BLS writes 0s) is disclosed, as annual averages made from quarters record it
    rows["disclosure_code"] = rows["disclosure_code"].where(rows["disclosure_code"].ne("-"), None)
    suppressed = rows["disclosure_code"].eq(SUPPRESSED)
    for column in _NUMERIC:
        rows[column] = _number(rows[column])
    for column in _SUPPRESSIBLE:
        rows[column] = rows[column].mask(suppressed)
    for flag, columns in (("lq_disclosure_code", ("lq_employment",)),
                          ("oty_disclosure_code", ("oty_employment_chg", "oty_employment_pct_chg"))):
        if flag in frame.columns:
            hidden = _text(frame[flag]).eq(SUPPRESSED)
            for column in columns:
                rows[column] = rows[column].mask(hidden)
    return rows[_size_total(frame)].reset_index(drop=True)


@dataclass(frozen=True)
class QuarterGap:
    """An area and year whose rows lack some quarters, so no annual averages were made for them."""

    area_fips: str
    year: int
    quarters: tuple[int, ...]
    keys: int

    def __str__(self) -> str:
        have = ", ".join(f"Q{q}" for q in self.quarters) or "no quarter"
        return (f"{self.area_fips} {self.year}: only {have} present for {self.keys:,} series; "
                "annual averages need all four quarters")


def annual_rows_from_quarters(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[QuarterGap]]:
    """Annual rows of ``qcew_annual`` from a BLS quarterly-layout frame, made as BLS makes annual averages.

    Per area x ownership x industry x year, with all four quarters present:
    employment = mean of the 12 monthly levels, rounded half up; total wages = sum of the 4 quarters' wages;
    average weekly wage = total wages / unrounded mean employment / 52, rounded half up (missing when nobody was
    employed); establishments = mean of the 4 quarterly counts, rounded half up. If any quarter is suppressed
    (``N``), employment and wages are missing and the row is marked ``N``. Series with quarters missing give no
    row; they come back as ``QuarterGap`` notes. (Checked against BLS's own annual file for Lancaster County,
    2016: every disclosed value is equal.) lq_employment, against the U.S., is derived from BLS's published
    monthly LQs (``us_shares_from_monthly_lq``), so a state with only its own files has LQs against the U.S.
    oty_employment_chg and oty_employment_pct_chg, the change over the year, come from BLS's 12 monthly
    over-the-year changes where the files carry all of them disclosed (``change_over_the_year``); else missing.
    """
    estab_column = next((c for c in _QUARTERLY_ESTABLISHMENTS if c in frame.columns), None)
    lq_hidden = _lq_hidden(frame) if any(m in frame.columns for m in _LQ_MONTHS) else None
    data = pd.DataFrame({
        "area_fips": _text(frame["area_fips"]),
        "own_code": _text(frame["own_code"]),
        "industry_code": _text(frame["industry_code"]),
        "agglvl_code": _text(frame["agglvl_code"]) if "agglvl_code" in frame.columns else None,
        "year": _number(frame["year"]),
        "quarter": _number(frame["qtr"]),
        "suppressed": _text(frame["disclosure_code"]).eq(SUPPRESSED) if "disclosure_code" in frame.columns
        else False,
        "months": sum(_number(frame[m]) for m in _MONTHS),
        "wages": _number(frame["total_qtrly_wages"]),
        "estabs": _number(frame[estab_column]) if estab_column else np.nan,
        **{f"month{k}": _number(frame[m]) for k, m in enumerate(_MONTHS, start=1)},
        **{f"lq{k}": _published_lq(frame, m, lq_hidden) for k, m in enumerate(_LQ_MONTHS, start=1)},
        "oty": _monthly_changes(frame),
    })
    data["industry_title"] = frame["industry_title"] if "industry_title" in frame.columns else None
    if "_source" in frame.columns:  # which file a row came from, when several are converted together
        data["_source"] = frame["_source"]
    data = data[_size_total(frame)]
    data = data[data["quarter"].isin([1, 2, 3, 4])]
    grouped = data.groupby(list(KEY), sort=False, dropna=False)
    extra = {"_source": ("_source", "first")} if "_source" in data.columns else {}
    annual = grouped.agg(
        **extra,
        industry_title=("industry_title", "first"),
        agglvl_code=("agglvl_code", "first"),
        quarters=("quarter", "nunique"),
        rows=("quarter", "size"),
        suppressed=("suppressed", "any"),
        months=("months", "sum"),
        months_known=("months", "count"),
        wages=("wages", "sum"),
        wages_known=("wages", "count"),
        estabs=("estabs", "sum"),
        estabs_known=("estabs", "count"),
        oty=("oty", "sum"),
        oty_known=("oty", "count"),
    ).reset_index()
    for column in ("months", "wages", "estabs", "oty"):  # a quarter with an empty value leaves the sum unknown
        annual[column] = annual[column].where(annual[f"{column}_known"].eq(4))
    complete = annual["quarters"].eq(4) & annual["rows"].eq(4)
    gaps = _quarter_gaps(data, annual[~complete])
    annual = annual[complete]
    shown = ~annual["suppressed"]
    mean_employment = annual["months"] / 12
    lq = _annual_lq_from_monthly(data, annual)
    change, pct_change = change_over_the_year(annual["months"], annual["oty"])
    rows = pd.DataFrame({
        "area_fips": annual["area_fips"],
        "own_code": annual["own_code"],
        "industry_code": annual["industry_code"],
        "industry_title": industry_titles(annual["industry_code"], annual["industry_title"]),
        "agglvl_code": annual["agglvl_code"],
        "year": annual["year"],
        "establishments": _round_half_up(annual["estabs"] / 4),
        "employment": _round_half_up(mean_employment).where(shown),
        "total_wages": annual["wages"].where(shown),
        "avg_weekly_wage": _round_half_up(annual["wages"] / mean_employment.where(mean_employment > 0) / 52)
        .where(shown),
        "disclosure_code": np.where(annual["suppressed"], SUPPRESSED, None),
        "lq_employment": lq.where(shown),
        "oty_employment_chg": change.where(shown),
        "oty_employment_pct_chg": pct_change.where(shown),
    })
    if "_source" in annual.columns:
        rows["_source"] = annual["_source"]
    return rows.reset_index(drop=True), gaps


def change_over_the_year(month_total: pd.Series, change_total: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The change over the year of annual average employment, and its percent, from a year's 12 monthly levels
    and BLS's 12 monthly over-the-year changes (``month_total`` = Σ levels, ``change_total`` = Σ changes).

    The annual average is the mean of the months, so last year's mean is (Σ levels − Σ changes) / 12 and the
    change of the annual average is the mean of the monthly changes. BLS rounds both means half up and publishes
    change = E − E₋₁ of the rounded means and percent = round(change / E₋₁ × 100, 1) (``numpy.round``: it gives
    every percent of Lancaster's annual files 2014-2016, where rounding half up misses a dozen: 19 / 304 = 6.25%
    is published 6.2). Exact when all 12 monthly changes are disclosed: Lancaster's 2016 quarterly file gives
    BLS's annual change to the job in every series its annual file discloses. Missing where either total is
    missing; the percent also where last year's mean rounds to 0.
    """
    months = pd.to_numeric(month_total, errors="coerce").astype("float64")
    changes = pd.to_numeric(change_total, errors="coerce").astype("float64")
    now = _round_half_up(months / 12)
    before = _round_half_up((months - changes) / 12)
    change = (now - before).where(changes.notna())
    percent = (change / before.where(before > 0) * 100).round(1)
    return change, percent


def _monthly_changes(frame: pd.DataFrame) -> pd.Series:
    """Each quarterly row's three monthly over-the-year changes, summed; missing where the file has none, BLS
    withheld them (the cell or its over-the-year change marked N) or one of them is empty."""
    if not all(column in frame.columns for column in _OTY_MONTHS):
        return pd.Series(np.nan, index=frame.index)
    hidden = pd.Series(False, index=frame.index)
    for flag in ("disclosure_code", "oty_disclosure_code"):
        if flag in frame.columns:
            hidden |= _text(frame[flag]).eq(SUPPRESSED).fillna(False).astype(bool)
    return sum(_number(frame[column]) for column in _OTY_MONTHS).where(~hidden)


def _published_lq(frame: pd.DataFrame, column: str, hidden: pd.Series) -> pd.Series:
    """One month's published LQ against the U.S.; missing where the file has none, BLS withheld it (``hidden``:
    cell or LQ disclosure code N) or it is not positive (no share can be derived from it)."""
    if column not in frame.columns:
        return pd.Series(np.nan, index=frame.index)
    lq = _number(frame[column])
    return lq.where(~hidden & (lq > 0))


def _lq_hidden(frame: pd.DataFrame) -> pd.Series:
    """Rows whose published LQs BLS withheld (the cell or its LQ marked N)."""
    hidden = pd.Series(False, index=frame.index)
    for flag in ("disclosure_code", "lq_disclosure_code"):
        if flag in frame.columns:
            hidden |= _text(frame[flag]).eq(SUPPRESSED).fillna(False).astype(bool)
    return hidden


def us_shares_from_monthly_lq(data: pd.DataFrame) -> pd.Series:
    """The U.S. industry shares of employment in each year, derived from BLS's published monthly LQs.

    BLS's LQ of month m is LQ = (e_m / t_m) / (E_m / T_m): the industry's share of the area's all-industry,
    all-ownership employment over its U.S. share. So the U.S. share of month m is s_m = (e_m / t_m) / LQ_m, the
    same from every area; it is taken from the area with the largest LQ (BLS rounds LQs to hundredths, so the
    largest has the smallest relative error). The year's share is the mean of the 12 monthly shares (the U.S.
    all-industry total varies by a few percent over a year, so this is within rounding of E / T of the annual
    averages). ``data`` has area_fips, own_code, industry_code, year, quarter, month1..3 and lq1..3 (missing
    where withheld). Index (own_code, industry_code, year); only series with all 12 months.
    """
    key = ["area_fips", "year", "quarter"]
    is_total = data["own_code"].eq("0") & data["industry_code"].eq("10")
    totals = data.loc[is_total, [*key, "month1", "month2", "month3"]].drop_duplicates(key)
    totals = totals.rename(columns={f"month{k}": f"total{k}" for k in (1, 2, 3)})
    joined = data[[*KEY, "quarter", "month1", "month2", "month3", "lq1", "lq2", "lq3"]].merge(totals, on=key)
    series = ["own_code", "industry_code", "year", "quarter"]
    parts = []
    for k in (1, 2, 3):
        share = joined[f"month{k}"] / joined[f"total{k}"].where(joined[f"total{k}"] > 0) / joined[f"lq{k}"]
        usable = np.isfinite(share) & share.gt(0)
        month = joined.loc[usable, series].assign(lq=joined.loc[usable, f"lq{k}"], share=share[usable])
        best = month.loc[month.groupby(series, sort=False)["lq"].idxmax()]
        parts.append(best[["own_code", "industry_code", "year", "share"]])
    per_year = pd.concat(parts, ignore_index=True).groupby(["own_code", "industry_code", "year"])["share"].agg(
        ["mean", "count"])
    return per_year.loc[per_year["count"].eq(12), "mean"].rename("us_share")


def _annual_lq_from_monthly(data: pd.DataFrame, annual: pd.DataFrame) -> pd.Series:
    """Each annual row's LQ against the U.S.: its share of the area's all-industry, all-ownership employment
    (annual averages rounded as BLS rounds them) over the U.S. share derived from BLS's monthly LQs
    (``us_shares_from_monthly_lq``). Missing where no such U.S. share or area total is in the files."""
    if data[["lq1", "lq2", "lq3"]].isna().all().all():
        return pd.Series(np.nan, index=annual.index)
    shares = us_shares_from_monthly_lq(data)
    is_total = annual["own_code"].eq("0") & annual["industry_code"].eq("10")
    area_totals = annual.loc[is_total, ["area_fips", "year", "months"]].drop_duplicates(["area_fips", "year"])
    keys = annual[["area_fips", "own_code", "industry_code", "year"]]
    joined = keys.merge(area_totals.rename(columns={"months": "total"}), on=["area_fips", "year"], how="left")
    joined = joined.merge(shares.reset_index(), on=["own_code", "industry_code", "year"], how="left")
    total = pd.Series(joined["total"].to_numpy(dtype="float64"), index=annual.index)
    share = pd.Series(joined["us_share"].to_numpy(dtype="float64"), index=annual.index)
    # BLS divides rounded annual averages (an industry of 22.4 jobs counts as 22), so the ratio does too
    return _round_half_up(annual["months"] / 12) / _round_half_up(total / 12).where(total > 0) / share


def _quarter_gaps(data: pd.DataFrame, incomplete: pd.DataFrame) -> list[QuarterGap]:
    if incomplete.empty:
        return []
    present = data.groupby(["area_fips", "year"])["quarter"].agg(lambda s: tuple(sorted({int(q) for q in s})))
    counts = incomplete.groupby(["area_fips", "year"]).size()
    return [QuarterGap(str(area), int(year), present.get((area, year), ()), int(n))
            for (area, year), n in counts.items()]


def _not_a_layout(source: str, frame: pd.DataFrame) -> Problem:
    # the file's own header (read_bls_csv keeps it): the columns kept were none of it for a file of another layout,
    # and the report read "found " with nothing after it
    shown = ", ".join(map(str, frame.attrs.get("header", list(frame.columns))[:8]))[:300] or "no columns"
    return Problem(source, TABLE, None, None, None,
                   "not a BLS QCEW layout: expected the columns area_fips, own_code, industry_code and "
                   "annual_avg_emplvl (annual) or month1_emplvl..month3_emplvl and total_qtrly_wages (quarterly); "
                   f"found {shown}")


# --- Reading files ----------------------------------------------------------------------------------------------
def qcew_files(paths: Iterable[Path]) -> list[Path]:
    """The QCEW files among ``paths``: files as given, folders searched (recursively) for .csv, .csv.gz, .zip."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(FILE_SUFFIXES)))
        else:
            found.append(path)
    return found


def read_bls_file(source: str, data: bytes) -> tuple[pd.DataFrame, list[Problem]]:
    """One BLS CSV (plain or gzipped), keeping only the columns ``qcew_annual`` is made from, indexed by
    each row's line in the file; and a problem for every row that does not hold the header's number of values on
    one line (``read_checked_csv``: a cut-off download, a value missing or added, an unquoted comma in a title),
    which is left out. Its cells are checked as BLS writes them by ``checked_bls_values``."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    # a spreadsheet's "CSV UTF-8" starts with a byte order mark: read as Latin-1, it stuck to the first column's
    # name ("ï»¿area_fips"), and the file was called no BLS layout (a steward)
    data = data.removeprefix(b"\xef\xbb\xbf")

    def read(part: bytes) -> pd.DataFrame:
        # index_col=False: a first row with one value more than the header would make pandas take the first
        # column for the index and shift every value
        # numbers parsed by pandas' C reader (a column with a cell it cannot read stays text, and
        # checked_bls_values names that cell): twice as fast as reading them as text and parsing them apart
        return pd.read_csv(io.BytesIO(part), dtype={name: str for name in _TEXT_COLUMNS}, keep_default_na=False,
                           na_values=[""], usecols=lambda c: c in _READ_COLUMNS, encoding="latin-1",
                           index_col=False)

    frame, problems = read_checked_csv(data, source, TABLE, read, encoding="latin-1")
    if not (is_bls_annual_layout(frame) or is_bls_quarterly_layout(frame)):
        # the file's own header, for the report (the columns kept are none of it); only then, since pandas copies a
        # frame's attrs each time a column is taken (0.3 s of Pennsylvania's 69 files)
        frame.attrs["header"] = list(pd.read_csv(io.BytesIO(data), nrows=0, encoding="latin-1").columns)
    return frame, problems


def read_bls_csv(data: bytes, source: str = "QCEW file") -> pd.DataFrame:
    """``read_bls_file`` of one file, raising ``ValidationError`` with its malformed rows."""
    frame, problems = read_bls_file(source, data)
    if problems:
        raise ValidationError(problems)
    return frame


def read_qcew_files(name: str, data: bytes) -> tuple[list[tuple[str, pd.DataFrame]], list[Problem]]:
    """(source name, frame) for each CSV in one file (a CSV, a gzipped CSV or a ZIP archive of CSVs), and the
    problems of all their rows (``read_bls_file``)."""
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [m for m in archive.namelist() if m.lower().endswith((".csv", ".csv.gz"))]
            read = [(f"{name}:{member}", read_bls_file(f"{name}:{member}", archive.read(member)))
                    for member in sorted(members)]
    else:
        read = [(name, read_bls_file(name, data))]
    return [(source, frame) for source, (frame, _) in read], [p for _, (_, found) in read for p in found]


def read_qcew_upload(name: str, data: bytes) -> list[tuple[str, pd.DataFrame]]:
    """(source name, frame) for each CSV in one file; ``ValidationError`` with every malformed row."""
    frames, problems = read_qcew_files(name, data)
    if problems:
        raise ValidationError(problems)
    return frames


@dataclass
class QcewLoadResult(ingest.LoadResult):
    """What a QCEW load wrote, plus what it read and what it could not turn into annual rows."""

    files: int = 0
    source_rows: int = 0
    gaps: list[QuarterGap] = field(default_factory=list)
    replaced_by_annual: int = 0
    loaded_quarters_replaced: int = 0  # rows loaded before, worked out from quarters, now BLS's annual averages
    state_fips: str | None = None
    settled_state: str | None = None  # the state this load recorded, the database having recorded none

    def summary(self) -> str:
        """One paragraph for the command line and the Data page."""
        verb = "Checked" if self.dry_run else "Loaded"
        text = (f"{verb} {self.rows.get(TABLE, 0):,} annual rows into qcew_annual from {self.files:,} file(s) "
                f"({self.source_rows:,} rows read).")
        if self.replaced_by_annual:
            text += (f" {self.replaced_by_annual:,} series came both as quarters and as BLS annual averages; "
                     "the annual file's values were kept.")
        if self.loaded_quarters_replaced:
            text += (f" {self.loaded_quarters_replaced:,} loaded row(s) worked out from quarters "
                     f"{'would be' if self.dry_run else 'were'} replaced by BLS's annual averages.")
        if self.gaps:
            text += f" No annual averages for {len(self.gaps):,} area-year(s) with quarters missing: " + "; ".join(
                map(str, self.gaps[:5])) + (" …" if len(self.gaps) > 5 else "")
        if self.settled_state:
            text += " " + state_rule.settled_words(self.settled_state)
        return text


def checked_sources(sources: Sequence[tuple[str, pd.DataFrame]]) -> tuple[list[tuple[str, pd.DataFrame]],
                                                                           list[Problem]]:
    """Each file's frame with its numbers read, and every problem of every file's rows before anything is
    aggregated (``checked_bls_values``: the file's line, the BLS column, the value as typed), or of a file in no
    BLS layout."""
    checked, problems = [], []
    for source, frame in sources:
        if not (is_bls_annual_layout(frame) or is_bls_quarterly_layout(frame)):
            problems.append(_not_a_layout(source, frame))
            continue
        frame, found = checked_bls_values(source, frame, quarterly=not is_bls_annual_layout(frame))
        checked.append((source, frame))
        problems += found
    return checked, problems


def qcew_batch(sources: Sequence[tuple[str, pd.DataFrame]], *,
               keep_origin: bool = False) -> tuple[pd.DataFrame, list[QuarterGap], int]:
    """Annual rows from several files, merged: where one series comes both from BLS's annual averages and from
    quarters, the annual file wins (it also carries BLS's LQ and over-the-year changes). The same series in two
    files of the same kind is an error naming both files. Every file's rows are checked first
    (``checked_sources``): any problem rejects the batch with all of them, before any aggregation.

    Returns (rows, quarter gaps, series replaced by annual values); with ``keep_origin`` the rows keep a column
    ``from_quarters`` (True for annual averages made from quarterly files).
    """
    checked, problems = checked_before_aggregating(sources)
    if problems:
        raise ValidationError(problems)
    names = [name for name, _ in checked]  # every file is in a BLS layout, else a problem said so
    parts, gaps, quarterly = [], [], []
    for number, (_, frame) in enumerate(checked):
        if is_bls_annual_layout(frame):
            parts.append(annual_rows_from_bls(frame).assign(_source=number, _quarterly=False))
        else:
            quarterly.append(frame.assign(_source=number))
    if quarterly:  # converted together: API slices hold one quarter each, so a year spans four files
        rows, gaps = annual_rows_from_quarters(pd.concat(quarterly, ignore_index=True))
        parts.append(rows.assign(_quarterly=True))
    if not parts:
        return pd.DataFrame(columns=[*KEY, *(["from_quarters"] if keep_origin else [])]), gaps, 0
    combined = pd.concat(parts, ignore_index=True)
    key = list(KEY)
    duplicated = combined.duplicated(key, keep=False)
    replaced = 0
    if duplicated.any():
        clash = combined[duplicated]
        kinds = clash.groupby(key)["_quarterly"].agg(["nunique", "size"])
        mixed = kinds[(kinds["nunique"] == 2) & (kinds["size"] == 2)].index
        is_mixed = pd.MultiIndex.from_frame(combined[key]).isin(mixed)
        drop = is_mixed & combined["_quarterly"].to_numpy()
        replaced = int(drop.sum())
        combined = combined[~drop]
        still = combined[combined.duplicated(key, keep=False)]
        # what the files' own repeats (``checked_before_aggregating``) leave: a series from quarters of two files
        # beside a year of annual averages
        for values, group in list(still.groupby(key))[:MAX_PROBLEMS_PER_RULE]:
            files = " and ".join(names[i] for i in sorted(set(group["_source"])))
            problems.append(Problem(names[int(group["_source"].iloc[0])], TABLE, None, ", ".join(key),
                                    ", ".join(as_typed(v) or "" for v in values),
                                    f"the same series is in {files}; load one of them"))
    if problems:
        raise ValidationError(problems)
    combined = combined.rename(columns={"_quarterly": "from_quarters"}).drop(columns="_source")
    if not keep_origin:
        combined = combined.drop(columns="from_quarters")
    return combined.reset_index(drop=True), gaps, replaced


def keep_published_annual(db_path: Path, rows: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The batch's rows less the annual averages made from quarters that must not replace what is loaded.

    A loaded row stays when it is disclosed and either the quarterly one is suppressed (a quarter withheld does
    not withhold the annual value BLS published: never re-suppress) or the loaded one came from BLS's annual
    file (its ``from_quarters`` false; in rows loaded before Sectorscope recorded it, a published over-the-year
    change tells, which BLS withholds for some series: their published LQ was replaced by one from quarters).
    Returns (rows to load, rows kept as loaded), with ``from_quarters``, as ``qcew_batch(..., keep_origin=True)``
    gives it.
    """
    from_quarters = rows["from_quarters"].astype(bool)
    if not Path(db_path).exists() or not from_quarters.any():
        return rows, 0
    con = db.connect_read_only(Path(db_path))  # a file of an older data model too, read as this version reads it
    try:
        loaded = db.run_query(con, "qcew_series_disclosed", area_fips=sorted(rows["area_fips"].dropna().unique()),
                              years=sorted(int(y) for y in rows["year"].dropna().unique()))
    finally:
        con.close()
    if loaded.empty:
        return rows, 0
    merged = rows[list(KEY)].assign(year=rows["year"].astype("int64")).merge(
        loaded.assign(year=loaded["year"].astype("int64")), on=list(KEY), how="left")
    is_loaded = merged["is_disclosed"].fillna(False).astype(bool).to_numpy()
    origin_known = merged["from_quarters"].notna()
    from_annual_file = (origin_known & ~merged["from_quarters"].fillna(True).astype(bool)) | (
        ~origin_known & merged["has_published_change"].fillna(False).astype(bool))
    from_annual_file = from_annual_file.to_numpy()
    suppressed_now = rows["disclosure_code"].eq(SUPPRESSED).fillna(False).to_numpy(dtype=bool)
    keep_loaded = from_quarters.to_numpy() & is_loaded & (suppressed_now | from_annual_file)
    return rows[~keep_loaded].reset_index(drop=True), int(keep_loaded.sum())


def loaded_quarters_replaced(db_path: Path, rows: pd.DataFrame) -> int:
    """How many rows loaded into ``db_path`` as annual averages worked out from quarters the batch's rows from BLS's
    annual files replace (``rows`` with ``from_quarters``, as ``qcew_batch(..., keep_origin=True)`` gives them):
    Lancaster's annual files after Pennsylvania's quarterly ones replaced 1,931 such rows, and the summary said only
    "Loaded 7,745 annual rows" (a reviewer)."""
    from_annual_file = ~rows["from_quarters"].astype(bool)
    if not Path(db_path).exists() or not from_annual_file.any():
        return 0
    annual = rows[from_annual_file.to_numpy()]
    con = db.connect_read_only(Path(db_path))
    try:
        loaded = db.run_query(con, "qcew_series_disclosed", area_fips=sorted(annual["area_fips"].dropna().unique()),
                              years=sorted(int(y) for y in annual["year"].dropna().unique()))
    finally:
        con.close()
    loaded = loaded[loaded["from_quarters"].fillna(False).astype(bool).to_numpy()]
    if loaded.empty:
        return 0
    return len(annual[list(KEY)].assign(year=annual["year"].astype("int64")).merge(
        loaded[list(KEY)].assign(year=loaded["year"].astype("int64")), on=list(KEY)))


SERIES_TWICE = "the same series is twice in the files"  # of annual files (by ``KEY``)
QUARTER_TWICE = "the same series and quarter is twice in the files"  # of quarterly files
QUARTER_KEY = ("area_fips", "own_code", "industry_code", "year", "qtr")


def checked_before_aggregating(sources: Sequence[tuple[str, pd.DataFrame]]) -> tuple[
        list[tuple[str, pd.DataFrame]], list[Problem]]:
    """The batch's files with their cells checked (``checked_sources``) and every problem found before their rows are
    made annual, in one report: each cell, and each series (annual files) or series and quarter (quarterly files)
    on two lines of the files (``repeated_rows``; a file given twice, its header among its rows, was refused for the
    header's line alone, and for its 3,324 repeated quarters only when loaded again: a steward)."""
    checked, problems = checked_sources(sources)
    names = [name for name, _ in checked]
    for annual, key, message in ((True, KEY, SERIES_TWICE), (False, QUARTER_KEY, QUARTER_TWICE)):
        # a file lacking a key column is said elsewhere (as its rows' own problems): nothing to match here
        frames = [frame.assign(_line=line_numbers(frame), _source=number)[[*key, "_line", "_source"]]
                  [_size_total(frame)] for number, (_, frame) in enumerate(checked)
                  if is_bls_annual_layout(frame) == annual and set(key) <= set(frame.columns)]
        if frames:
            problems += repeated_rows(pd.concat(frames, ignore_index=True), list(key), names, message)
    return checked, problems


def _size_total(frame: pd.DataFrame) -> np.ndarray:
    """The rows of all establishment sizes (size_code 0 or none), the only ones made annual rows: an
    establishment-size file repeats each series once per size class."""
    if "size_code" not in frame.columns:
        return np.ones(len(frame), dtype=bool)
    return _text(frame["size_code"]).fillna("0").eq("0").to_numpy()


def repeated_rows(rows: pd.DataFrame, key: list[str], names: Sequence[str], message: str) -> list[Problem]:
    """The same ``key`` on two lines of the files (``rows``: their key with ``_source``, the file's number in
    ``names``, and ``_line``, its line): one error per key, at its first line, naming every line it is on and its
    values as typed; at most ``MAX_PROBLEMS_PER_RULE``, the rest counted under the file each first appears in. A row
    whose key a cell problem left empty is not counted (the problem names it)."""
    keyed = rows[rows[key].notna().all(axis=1) & rows[key].astype(str).ne("").all(axis=1)]
    clash = keyed[keyed.duplicated(key, keep=False)].sort_values(["_source", "_line"])
    groups = list(clash.groupby(key, sort=False))
    problems = []
    for values, group in groups[:MAX_PROBLEMS_PER_RULE]:
        where = _lines_named([(names[int(number)], int(line))
                              for number, line in zip(group["_source"], group["_line"], strict=True)])
        problems.append(Problem(names[int(group["_source"].iloc[0])], TABLE, int(group["_line"].iloc[0]),
                                ", ".join(key), ", ".join(as_typed(value) or "" for value in values),
                                f"{message} ({where}); load one of them"))
    # said, not cut off without a word (20 of 3,324 were listed: a steward), each file's under its own name: "60 more
    # ... (the first 100 are listed)" under a file none of whose were (a code reviewer)
    left = pd.Series([names[int(group["_source"].iloc[0])] for _, group in groups[MAX_PROBLEMS_PER_RULE:]],
                     dtype=object)
    listed = {names[int(group["_source"].iloc[0])] for _, group in groups[:MAX_PROBLEMS_PER_RULE]}
    for name, count in left.value_counts(sort=False).items():
        kind = f"{message}; load one of them"
        unit = "series" if key == list(KEY) else "series and quarters"
        problems.append(Problem(str(name), TABLE, None, ", ".join(key), None, (
            f"{int(count):,} more {unit} in this file (" + (f"the first {MAX_PROBLEMS_PER_RULE} of the batch are "
                                                            "listed" if name in listed else "none of them listed")
            + f"): {kind}"), counts_more_of=(kind, int(count))))
    return problems


def _state_of(rows: pd.DataFrame) -> str | None:
    """The state most county rows are in (None for files of the nation or of no county)."""
    areas = pd.Series(rows["area_fips"].dropna().unique(), dtype=object)
    counties = areas[areas.str.fullmatch(r"\d{5}") & ~areas.str.endswith("000")]
    if counties.empty:
        return None
    return str(counties.str[:2].value_counts().sort_index().idxmax())


def load_qcew_sources(
    db_path: Path,
    sources: Sequence[tuple[str, bytes]],
    progress: Progress | None = None,
    *,
    dry_run: bool = False,
    other_states: bool = False,
    other_states_checkbox: str | None = None,
) -> QcewLoadResult:
    """Read BLS QCEW files given as (name, bytes) and load their annual rows into ``qcew_annual`` (upsert: rows of
    other areas and years stay). All or nothing: any unreadable file, malformed row or invalid value rejects the
    whole batch with one ``ValidationError`` naming every problem's file and line; nothing is written.

    The database's state never changes (``state_rule``): a database about no state yet takes the state of the
    files' counties; files of a state that is neither the database's nor one whose counties its registry names are
    refused unless ``other_states`` (then they load beside it, and the database stays about its state); the refusal
    names ``other_states_checkbox`` (the Data page's) where given, the command line's flag where not.
    """
    report = progress or (lambda fraction, message: None)
    frames: list[tuple[str, pd.DataFrame]] = []
    problems: list[Problem] = []
    digest = hashlib.sha256()
    for number, (name, data) in enumerate(sources, start=1):
        report(0.4 * number / max(len(sources), 1), f"Reading {name}")
        digest.update(hashlib.sha256(data).digest())
        try:
            read, malformed = read_qcew_files(name, data)
        except (ValueError, OSError, EOFError, zipfile.BadZipFile, pd.errors.ParserError, UnicodeError) as error:
            problems.append(Problem(name, TABLE, None, None, None, f"cannot read the file: {error}"))
        else:
            frames += read
            problems += malformed
    if problems:  # the cells of the rows that could be read, and their repeated series, in the same report
        raise ValidationError(problems + checked_before_aggregating(frames)[1])
    if not frames:
        raise ValidationError([Problem("(no file)", TABLE, None, None, None, "no QCEW CSV file was given")])
    rows, gaps, replaced = qcew_batch(frames, keep_origin=True)
    rows, kept = keep_published_annual(Path(db_path), rows)
    replacing = loaded_quarters_replaced(Path(db_path), rows)
    source = frames[0][0] if len(frames) == 1 else f"{len(frames)} QCEW files ({frames[0][0]} …)"
    if rows.empty:
        why = "; ".join(map(str, gaps[:5])) if gaps else "the files hold no data rows"
        raise ValidationError([Problem(source, TABLE, None, None, None,
                                       f"no annual averages could be made, so nothing was loaded: {why}")])
    files_states = [(name, state_rule.areas_of_states(frame["area_fips"].unique())) for name, frame in frames]
    recorded_before = state_rule.recorded_state(Path(db_path))
    try:
        result = ingest.load_batch(
            Path(db_path),
            [ingest.TableInput(TABLE, rows, source, mode="upsert", sha256=digest.hexdigest(),
                               description=references.BLS_QCEW)],
            dry_run=dry_run,
            progress=lambda fraction, message: report(0.4 + 0.6 * fraction, message),
            settle_state=lambda con: state_rule.settle_state(con, files_states, kind="QCEW", table=TABLE,
                                                             other_states=other_states, column="area_fips",
                                                             checkbox=other_states_checkbox),
        )
    except ValidationError as error:
        raise ValidationError(_at_source_lines(error.problems, source, rows, frames)) from None
    settled = state_rule.settled_by_load(Path(db_path), recorded_before, result.dry_run)
    return QcewLoadResult(result.rows, result.dry_run, files=len(frames),
                          source_rows=sum(len(frame) for _, frame in frames), gaps=gaps,
                          replaced_by_annual=replaced + kept, loaded_quarters_replaced=replacing,
                          state_fips=_state_of(rows), settled_state=settled)


def _at_source_lines(problems: Sequence[Problem], source: str, rows: pd.DataFrame,
                     frames: Sequence[tuple[str, pd.DataFrame]]) -> list[Problem]:
    """Problems the loader found in rows of the annual table (``rows``, named ``source``) pointed back at the file
    and line(s) each was made from, as the user can find them: a row of an annual file at its line, with the BLS
    column and the value as typed; an annual average of quarters at its first quarter's line, the message naming
    every line it was made from. Other problems are returned as they are."""
    positions = {p.row - 2 for p in problems if p.source == source and p.row is not None and 2 <= p.row < len(rows) + 2}
    if not positions:
        return list(problems)
    wanted = rows.iloc[sorted(positions)][list(KEY)].assign(position=sorted(positions))
    found = []
    for number, (_, frame) in enumerate(frames):
        keys = pd.DataFrame({"area_fips": _text(frame["area_fips"]), "own_code": _text(frame["own_code"]),
                             "industry_code": _text(frame["industry_code"]), "year": _number(frame["year"]),
                             "line": line_numbers(frame), "at": np.arange(len(frame)), "file": number})
        keys = keys[_size_total(frame)]
        found.append(keys.merge(wanted, on=list(KEY)))
    made_from = pd.concat(found, ignore_index=True).sort_values(["position", "file", "line"]).groupby("position")
    mapped = []
    for problem in problems:
        position = None if problem.row is None else problem.row - 2
        if problem.source != source or position not in positions or position not in made_from.groups:
            mapped.append(problem)
            continue
        lines = made_from.get_group(position)
        name, frame = frames[int(lines["file"].iloc[0])]
        if len(lines) == 1 and is_bls_annual_layout(frame):  # one row of BLS's annual file
            column = next((c for c in _ANNUAL_COLUMNS.get(problem.column, ()) if c in frame.columns), None)
            typed = as_typed(frame[column].iat[int(lines["at"].iloc[0])]) if column else problem.value
            mapped.append(replace(problem, source=name, row=int(lines["line"].iloc[0]), column=column or problem.column,
                                  value=typed))
            continue
        where = _lines_named([(frames[int(f)][0], int(line)) for f, line in zip(lines["file"], lines["line"],
                                                                              strict=True)])
        mapped.append(replace(problem, source=name, row=int(lines["line"].iloc[0]),
                              message=f"{problem.message} (the annual value made from {where})"))
    return mapped


def _lines_named(lines: Sequence[tuple[str, int]]) -> str:
    """"lines 6654, 6655, 6656 and 6657" of one file; "q1.csv line 2, q2.csv line 2 ..." across files."""
    if len({name for name, _ in lines}) == 1:
        return ("line " if len(lines) == 1 else "lines ") + in_a_list([f"{line:,}" for _, line in lines])
    return in_a_list([f"{name} line {line:,}" for name, line in lines])


def load_qcew_paths(
    db_path: Path,
    paths: Sequence[Path],
    progress: Progress | None = None,
    *,
    dry_run: bool = False,
    other_states: bool = False,
) -> QcewLoadResult:
    """Load BLS QCEW files or folders (plain, gzipped or zipped CSV; annual or quarterly layouts) into
    ``qcew_annual`` through the validating loader (upsert). See ``load_qcew_sources``."""
    files = qcew_files(paths)
    missing = [str(p) for p in files if not p.is_file()]
    if missing:
        raise ValidationError([Problem(p, TABLE, None, None, None, "no such file") for p in missing])
    return load_qcew_sources(db_path, [(p.name, p.read_bytes()) for p in files], progress, dry_run=dry_run,
                             other_states=other_states)


# --- Downloading from the BLS open-data CSV API --------------------------------------------------------------------
DEFAULT_API_URL = "https://data.bls.gov/cew/data/api"
API_URL_ENV = "SECTORSCOPE_QCEW_URL"


class FetchError(RuntimeError):
    """The BLS API could not be reached (no network), or nothing could be downloaded."""


@dataclass
class Download:
    """What a fetch found: files on disk (downloaded or cached) and slices BLS does not publish (404)."""

    paths: list[Path] = field(default_factory=list)
    downloaded: int = 0
    cached: int = 0
    not_published: list[str] = field(default_factory=list)


def api_url() -> str:
    """Base URL of the QCEW open-data CSV API (``$SECTORSCOPE_QCEW_URL``, default BLS's)."""
    return os.environ.get(API_URL_ENV, "").strip().rstrip("/") or DEFAULT_API_URL


def slice_urls(base_url: str, areas: Sequence[str], years: Sequence[int], quarterly: bool) -> list[tuple[str, str]]:
    """(relative path, URL) of every API slice: ``<base>/<year>/<a|1-4>/area/<area>.csv``."""
    periods = ("1", "2", "3", "4") if quarterly else ("a",)
    relative = [f"{year}/{period}/area/{area}.csv" for year in years for period in periods for area in areas]
    return [(path, f"{base_url.rstrip('/')}/{path}") for path in relative]


def _no_network(error: BaseException) -> bool:
    """Is this the kind of failure that means "no network at all" (name lookup, refused, unreachable)?"""
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    return isinstance(reason, socket.gaierror | ConnectionRefusedError) or (
        isinstance(reason, OSError) and getattr(reason, "errno", None) in (101, 113))  # ENETUNREACH, EHOSTUNREACH


def _get(url: str, timeout: float, retries: int, backoff: float, allow_retry_on_no_network: bool) -> bytes | None:
    """The body of ``url``; None for 404. Retries server errors, 429 and timeouts with exponential backoff."""
    request = urllib.request.Request(url, headers={"User-Agent": "sectorscope (QCEW fetch)"})
    for attempt in range(retries + 1):
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            if error.code not in (429, 500, 502, 503, 504) or attempt == retries:
                raise FetchError(f"{url}: HTTP {error.code} {error.reason}") from error
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            if _no_network(error) and not allow_retry_on_no_network:
                raise FetchError(f"cannot reach {url.split('/')[2]} ({getattr(error, 'reason', error)})") from error
            if attempt == retries:
                raise FetchError(f"{url}: {getattr(error, 'reason', error)} after {retries + 1} attempts") from error
        time.sleep(backoff * 2**attempt)
    return None  # not reached


def download_slices(
    areas: Sequence[str],
    years: Sequence[int],
    *,
    quarterly: bool = False,
    base_url: str | None = None,
    cache_dir: Path,
    progress: Progress | None = None,
    timeout: float = 60.0,
    retries: int = 3,
    backoff: float = 1.0,
    workers: int = 4,
) -> Download:
    """Download the API slices of ``areas`` x ``years`` (annual, or the four quarters) into ``cache_dir``,
    reusing files already there. The first request that needs the network is made alone: if the host cannot be
    reached at all, ``FetchError`` is raised at once, without retries."""
    report = progress or (lambda fraction, message: None)
    wanted = slice_urls(base_url or api_url(), areas, years, quarterly)
    result = Download()
    to_get: list[tuple[Path, str, str]] = []
    for relative, url in wanted:
        target = Path(cache_dir) / relative
        if target.is_file() and target.stat().st_size > 0:
            result.paths.append(target)
            result.cached += 1
        else:
            to_get.append((target, relative, url))

    def fetch_one(item: tuple[Path, str, str], first: bool = False) -> None:
        target, relative, url = item
        body = _get(url, timeout, retries, backoff, allow_retry_on_no_network=not first)
        if body is None:
            result.not_published.append(relative)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        partial.write_bytes(body)
        partial.replace(target)  # a killed download never leaves a truncated file in the cache
        result.paths.append(target)
        result.downloaded += 1

    done = len(wanted) - len(to_get)
    report(done / max(len(wanted), 1), f"{done} of {len(wanted)} files in the cache")
    if to_get:
        fetch_one(to_get[0], first=True)
        done += 1
        report(done / len(wanted), to_get[0][1])
        with ThreadPoolExecutor(max_workers=max(workers, 1)) as pool:
            for item, _ in zip(to_get[1:], pool.map(fetch_one, to_get[1:]), strict=True):
                done += 1
                report(done / len(wanted), item[1])
    result.paths.sort()
    result.not_published.sort()
    return result
