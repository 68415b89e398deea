"""Acceptance checks on real BLS QCEW files from ../shared/data/qcew-bls (skipped only when that folder is absent).

- Pennsylvania's 69 quarterly 2016 files: every disclosed county x industry x ownership value in the database
  equals the annual average made independently from the files (and BLS's own annual file for Lancaster), every
  suppressed one is missing; LQs against Pennsylvania for counties and regions match an independent computation.
- Lancaster County's annual files 2013-2016: the LQs the app shows equal BLS's published ones, and the one-year
  changes it computes from two years' levels equal BLS's published over-the-year changes.
- Ohio's API slices, and Colorado's and New York's quarterly files, load.
"""

from __future__ import annotations

import csv
import gzip
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import SHARED

from sectorscope import db
from sectorscope.commands.industry import LEVELS, OWNERSHIPS, industry_report
from sectorscope.ingest.validation import ValidationError
from sectorscope.metrics import labor_market as lm
from sectorscope.sources import qcew

QCEW = SHARED / "data" / "qcew-bls"
PENNSYLVANIA = QCEW / "quarterly-2016-by-area" / "pennsylvania"
LANCASTER_ANNUAL = QCEW / "annual-by-area-lancaster-pa"

pytestmark = pytest.mark.skipif(not QCEW.is_dir(), reason=f"shared data folder {QCEW} is absent")


def half_up(value: float, digits: int = 0) -> float:
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def read_rows(path: Path):
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", newline="", encoding="latin-1") as handle:
        yield from csv.DictReader(handle)


def independent_annual_averages(folder: Path) -> dict[tuple, dict]:
    """Annual averages from quarterly files, computed here without the app's code (BLS's definitions)."""
    frames = [pd.read_csv(path, dtype=str, keep_default_na=False) for path in sorted(folder.glob("*.csv.gz"))]
    data = pd.concat(frames, ignore_index=True)
    numbers = data[["month1_emplvl", "month2_emplvl", "month3_emplvl", "total_qtrly_wages",
                    "qtrly_estabs_count"]].astype("int64")
    data = data.assign(months=numbers.iloc[:, :3].sum(axis=1), wages=numbers["total_qtrly_wages"],
                       estabs=numbers["qtrly_estabs_count"], hidden=data["disclosure_code"].eq("N"),
                       year=data["year"].astype(int), quarter=data["qtr"].astype(int))
    grouped = data.groupby(["area_fips", "own_code", "industry_code", "year"]).agg(
        quarters=("quarter", lambda q: tuple(sorted(q))), hidden=("hidden", "any"), months=("months", "sum"),
        wages=("wages", "sum"), estabs=("estabs", "sum"))
    annual = {}
    for key, row in zip(grouped.index, grouped.itertuples(index=False), strict=True):
        assert row.quarters == (1, 2, 3, 4), key  # BLS's by-area files carry every quarter
        months, wages = int(row.months), int(row.wages)
        annual[key] = {
            "suppressed": bool(row.hidden),
            "employment": None if row.hidden else half_up(months / 12),
            "total_wages": None if row.hidden else float(wages),
            "avg_weekly_wage": None if row.hidden or months == 0 else half_up(wages / (months / 12) / 52),
            "establishments": half_up(int(row.estabs) / 4),
        }
    return annual


@pytest.fixture(scope="module")
def pennsylvania(tmp_path_factory):
    path = tmp_path_factory.mktemp("qcew-pa") / "pa.duckdb"
    result = qcew.load_qcew_paths(path, [PENNSYLVANIA])
    return path, result


@pytest.fixture(scope="module")
def pennsylvania_files():
    return independent_annual_averages(PENNSYLVANIA)


def test_all_69_pennsylvania_quarterly_files_load(pennsylvania):
    path, result = pennsylvania
    assert result.files == 69 and result.source_rows == 355_612 and not result.gaps
    assert result.state_fips == "42"
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("select count(distinct area_fips) from qcew_annual").fetchall()[0][0] == 69
        assert con.execute("select value from schema_meta where key = 'state_fips'").fetchall() == [("42",)]


def test_every_disclosed_value_equals_the_files_and_every_suppressed_one_is_missing(pennsylvania,
                                                                                   pennsylvania_files):
    path, _ = pennsylvania
    with duckdb.connect(str(path), read_only=True) as con:
        stored = con.execute("select area_fips, own_code, industry_code, year, employment, total_wages, "
                             "avg_weekly_wage, establishments, disclosure_code from qcew_annual").fetchall()
    assert len(stored) == len(pennsylvania_files) == 88_903
    checked = suppressed = 0
    for area, own, industry, year, employment, wages, weekly, establishments, code in stored:
        expected = pennsylvania_files[(area, own, industry, year)]
        assert establishments == expected["establishments"], (area, own, industry)
        if expected["suppressed"]:
            assert code == "N" and employment is None and wages is None and weekly is None, (area, own, industry)
            suppressed += 1
        else:
            assert code is None, (area, own, industry)
            assert (employment, wages, weekly) == (expected["employment"], expected["total_wages"],
                                                   expected["avg_weekly_wage"]), (area, own, industry)
            checked += 1
    assert (checked, suppressed) == (37_722, 51_181)


def test_annual_averages_from_quarters_equal_bls_own_annual_file(pennsylvania):
    path, _ = pennsylvania
    annual = {(r["own_code"], r["industry_code"]): r
              for r in read_rows(LANCASTER_ANNUAL / "2016.annual 42071 Lancaster County, Pennsylvania.csv")}
    with duckdb.connect(str(path), read_only=True) as con:
        stored = con.execute("select own_code, industry_code, employment, total_wages, avg_weekly_wage, "
                             "establishments from qcew_annual where area_fips = '42071' and employment is not null"
                             ).fetchall()
    assert len(stored) > 1000
    for own, industry, employment, wages, weekly, establishments in stored:
        bls = annual[(own, industry)]
        assert bls["disclosure_code"] == ""
        assert (employment, wages, establishments) == (int(bls["annual_avg_emplvl"]),
                                                       int(bls["total_annual_wages"]),
                                                       int(bls["annual_avg_estabs_count"])), (own, industry)
        if employment:
            assert weekly == int(bls["annual_avg_wkly_wage"]), (own, industry)


def test_changes_over_the_year_from_quarters_equal_bls_own_annual_file(pennsylvania):
    """Lancaster's 2016 quarterly file: the change of each annual average (the mean of BLS's 12 monthly changes)
    equals BLS's own annual file's oty_annual_avg_emplvl_chg to the job, and its percent to the tenth, in every
    series whose 12 monthly changes BLS discloses."""
    annual = {(r["own_code"], r["industry_code"]): r
              for r in read_rows(LANCASTER_ANNUAL / "2016.annual 42071 Lancaster County, Pennsylvania.csv")}
    path, _ = pennsylvania
    with duckdb.connect(str(path), read_only=True) as con:
        stored = con.execute("select own_code, industry_code, oty_employment_chg, oty_employment_pct_chg from "
                             "qcew_annual where area_fips = '42071' and oty_employment_chg is not null").fetchall()
    assert len(stored) == 1093  # of the 1,158 series with a change in the annual file
    for own, industry, change, percent in stored:
        bls = annual[(own, industry)]
        assert (bls["disclosure_code"], bls["oty_disclosure_code"]) == ("", ""), (own, industry)
        assert (change, percent) == (int(bls["oty_annual_avg_emplvl_chg"]),
                                     float(bls["oty_annual_avg_emplvl_pct_chg"])), (own, industry)


@pytest.mark.parametrize("year", [2014, 2015, 2016])
def test_the_change_over_the_year_is_rounded_as_bls_rounds_it(year):
    """Lancaster's annual files 2014-2016: BLS's change over the year is the difference of the two years' rounded
    annual averages (the previous file's level, to the job), and its percent is what ``change_over_the_year``
    gives from them (as 12 months of each level)."""
    rows = [r for r in read_rows(LANCASTER_ANNUAL / f"{year}.annual 42071 Lancaster County, Pennsylvania.csv")
            if r["disclosure_code"] == "" and r["oty_disclosure_code"] == ""]
    before = {(r["own_code"], r["industry_code"]): r for r in read_rows(
        LANCASTER_ANNUAL / f"{year - 1}.annual 42071 Lancaster County, Pennsylvania.csv")}
    now = pd.Series([int(r["annual_avg_emplvl"]) for r in rows], dtype="float64")
    published = pd.Series([int(r["oty_annual_avg_emplvl_chg"]) for r in rows], dtype="float64")
    change, percent = qcew.change_over_the_year(now * 12, published * 12)
    assert len(rows) > 1100 and (change == published).all()
    assert percent.tolist() == [float(r["oty_annual_avg_emplvl_pct_chg"]) for r in rows]
    levels = [(int(r["annual_avg_emplvl"]) - int(before[(r["own_code"], r["industry_code"])]["annual_avg_emplvl"]),
               int(r["oty_annual_avg_emplvl_chg"])) for r in rows
              if before.get((r["own_code"], r["industry_code"]), {}).get("disclosure_code") == ""]
    assert len(levels) > 1100 and all(difference == change for difference, change in levels)


def independent_lq(files: dict, counties: list[str], own: str, industry: str) -> float | None:
    """Region LQ against Pennsylvania: disclosed county cells summed, over the counties' all-industry totals."""
    cells = [files.get((county, own, industry, 2016)) for county in counties]
    values = [cell["employment"] for cell in cells if cell and not cell["suppressed"]]
    if not values:
        return None if any(cells) else 0.0
    area_total = sum(files[(county, "0", "10", 2016)]["employment"] for county in counties)
    state = files[("42000", own, industry, 2016)]
    if state["suppressed"] or not state["employment"]:
        return None
    return (sum(values) / area_total) / (state["employment"] / files[("42000", "0", "10", 2016)]["employment"])


@pytest.mark.parametrize("counties", [["42071"], ["42003"], ["42023"], ["42071", "42133", "42029", "42011"],
                                      ["42003", "42125", "42129", "42007", "42005", "42019"]])
@pytest.mark.parametrize("level", ["sector", "3-digit"])
def test_lqs_against_pennsylvania_match_an_independent_computation(pennsylvania, pennsylvania_files, counties,
                                                                    level):
    path, _ = pennsylvania
    con = db.connect_read_only(path)
    try:
        report = industry_report(con, counties, 2016, 2016, "state", LEVELS[level], OWNERSHIPS["private"])
    finally:
        con.close()
    assert len(report) > 10
    compared = 0
    for row in report.itertuples():
        expected = independent_lq(pennsylvania_files, counties, "5", row.industry_code)
        if expected is None:
            assert row.lq != row.lq, row.industry_code  # NaN: suppressed or no state figure
            continue
        assert row.lq == pytest.approx(round(expected, 2), abs=1e-9), row.industry_code
        compared += 1
    assert compared > 5


@pytest.fixture(scope="module")
def lancaster(tmp_path_factory):
    path = tmp_path_factory.mktemp("qcew-lancaster") / "lancaster.duckdb"
    qcew.load_qcew_paths(path, [LANCASTER_ANNUAL])
    return path


def published(year: int) -> dict[tuple, dict]:
    path = LANCASTER_ANNUAL / f"{year}.annual 42071 Lancaster County, Pennsylvania.csv"
    return {(r["own_code"], r["industry_code"]): r for r in read_rows(path)}


@pytest.mark.parametrize("year", [2013, 2014, 2015, 2016])
def test_lancaster_lqs_shown_equal_bls_published_ones(lancaster, year):
    files = published(year)
    con = db.connect_read_only(lancaster)
    compared = 0
    try:
        for ownership, own in OWNERSHIPS.items():
            for level, digit in LEVELS.items():
                report = industry_report(con, ["42071"], year, None, "us", digit, own)
                for row in report.itertuples():
                    bls = files[(own, row.industry_code)]
                    if bls["disclosure_code"] == "N":
                        assert row.lq != row.lq, (ownership, row.industry_code)  # missing, never 0
                        continue
                    assert row.lq == float(bls["lq_annual_avg_emplvl"]), (ownership, level, row.industry_code)
                    assert row.lq_source == "BLS published"
                    compared += 1
    finally:
        con.close()
    disclosed = sum(1 for (own, _), r in files.items() if own != "0" and r["disclosure_code"] == "")
    assert compared == disclosed  # every disclosed row but the all-ownership total (whose LQ is 1)


def lancaster_profiles(con, start_year: int, end_year: int):
    """(ownership code, profile row) of Lancaster's industries, every ownership and aggregation level."""
    for own in OWNERSHIPS.values():
        for digit in LEVELS.values():
            rows = db.run_query(con, "industry_area_rows", area_fips=["42071"], own_code=own, level=digit)
            for row in lm.industry_profile(rows, None, start_year=start_year, end_year=end_year).itertuples():
                yield own, row


@pytest.mark.parametrize("year", [2014, 2015, 2016])
def test_lancaster_one_year_changes_equal_bls_over_the_year_changes(lancaster, year):
    files = published(year)
    con = db.connect_read_only(lancaster)
    compared = 0
    try:
        for own, row in lancaster_profiles(con, year - 1, year):
            bls = files[(own, row.industry_code)]
            if bls["disclosure_code"] == "N" or bls["oty_disclosure_code"] == "N":
                continue
            assert row.change_1y == int(bls["oty_annual_avg_emplvl_chg"]), (own, row.industry_code)
            if row.start_employment:  # BLS rounds to 0.1 (half to even: 6.25 -> 6.2, 18.75 -> 18.8)
                published_pct = float(bls["oty_annual_avg_emplvl_pct_chg"])
                assert abs(row.pct_change_1y * 100 - published_pct) <= 0.05 + 1e-9, (own, row.industry_code)
            compared += 1
    finally:
        con.close()
    assert compared > 900


def test_lancaster_alone_in_2013_gives_bls_published_one_year_changes(tmp_path):
    """Only the 2013 file loaded (its previous year is not): the 1-year change read "–" where BLS's file
    publishes it (a reviewer against BLS's files); it is now BLS's change and percent, row by row."""
    path = tmp_path / "lancaster-2013.duckdb"
    qcew.load_qcew_paths(path, [LANCASTER_ANNUAL / "2013.annual 42071 Lancaster County, Pennsylvania.csv"])
    files = published(2013)
    con = db.connect_read_only(path)
    compared = 0
    try:
        for own, row in lancaster_profiles(con, 2013, 2013):
            bls = files[(own, row.industry_code)]
            if bls["disclosure_code"] == "N" or bls["oty_disclosure_code"] == "N":
                assert row.change_1y != row.change_1y, (own, row.industry_code)  # missing, never 0
                continue
            assert row.change_1y == int(bls["oty_annual_avg_emplvl_chg"]), (own, row.industry_code)
            assert row.pct_change_1y * 100 == pytest.approx(float(bls["oty_annual_avg_emplvl_pct_chg"]))
            compared += 1
    finally:
        con.close()
    assert compared > 300


def test_lancaster_has_no_reference_series_for_shift_share(lancaster):
    con = db.connect_read_only(lancaster)
    try:
        us = db.run_query(con, "industry_area_rows", area_fips=["US000"], own_code="5", level="4")
        state = db.run_query(con, "industry_area_rows", area_fips=["42000"], own_code="5", level="4")
        rows = db.run_query(con, "industry_area_rows", area_fips=["42071"], own_code="5", level="4")
    finally:
        con.close()
    assert us.empty and state.empty
    assert lm.missing_reference_years(us, [2013, 2016]) == [2013, 2016]
    assert lm.shift_share_table(rows, us, 2013, 2016)["actual_change"].isna().all()  # missing, not a wrong 0


def test_ohio_api_slices_colorado_and_new_york_quarterly_files_load(pennsylvania, tmp_path):
    path = tmp_path / "others.duckdb"
    shutil.copyfile(pennsylvania[0], path)  # an existing database: no new county shapes to write
    # other states' files beside Pennsylvania's, on purpose (without it, each is refused: test_state_rule.py)
    ohio = qcew.load_qcew_paths(path, [QCEW / "api-slices" / "ohio-2020-annual-morpc"], other_states=True)
    assert ohio.files == 5 and ohio.rows["qcew_annual"] == 1553 + 1444 + 814 + 2255 + 782
    colorado = qcew.load_qcew_paths(path, [QCEW / "quarterly-2016-by-area" / "colorado"], other_states=True)
    new_york = qcew.load_qcew_paths(path, [QCEW / "quarterly-2016-by-area" / "new-york"], other_states=True)
    assert (colorado.files, new_york.files) == (66, 64) and not colorado.gaps and not new_york.gaps
    with pytest.raises(ValidationError) as error:  # one quarter: no annual average, and nothing loaded
        qcew.load_qcew_paths(path, [QCEW / "api-slices" / "us-total-quarterly" / "US000_2019_q1.csv"])
    assert "US000 2019: only Q1 present" in str(error.value)
    with duckdb.connect(str(path), read_only=True) as con:
        states = con.execute("select left(area_fips, 2), count(*) from qcew_annual group by all order by 1"
                             ).fetchall()
        franklin = con.execute("select employment, lq_employment from qcew_annual where area_fips = '39049' "
                               "and own_code = '0' and industry_code = '10' and year = 2020").fetchall()
    assert [state for state, _ in states] == ["08", "36", "39", "42"]
    with duckdb.connect(str(path), read_only=True) as con:  # New York has more counties; the database stays PA's
        assert db.run_query(con, "active_state")["state_fips"].tolist() == ["42"]
    assert franklin[0][1] == 1.0 and franklin[0][0] > 700_000


@pytest.mark.skipif(not LANCASTER_ANNUAL.is_dir(), reason=f"shared data folder {LANCASTER_ANNUAL} is absent")
def test_annual_files_after_quarterly_ones_say_how_many_rows_they_replaced(tmp_path):
    """Lancaster's annual files after its quarterly file said "Loaded 7,745 annual rows" while 1,931 rows worked out
    from quarters were replaced by BLS's annual averages (a reviewer)."""
    path = tmp_path / "lancaster.duckdb"
    quarterly = PENNSYLVANIA / "2016.q1-q4 42071 Lancaster County, Pennsylvania.csv.gz"
    qcew.load_qcew_paths(path, [quarterly])
    checked = qcew.load_qcew_paths(path, [LANCASTER_ANNUAL], dry_run=True)
    assert "1,931 loaded row(s) worked out from quarters would be replaced by BLS's annual averages" in (
        checked.summary())
    loaded = qcew.load_qcew_paths(path, [LANCASTER_ANNUAL])
    assert loaded.loaded_quarters_replaced == 1931
    assert "1,931 loaded row(s) worked out from quarters were replaced by BLS's annual averages" in loaded.summary()
    again = qcew.load_qcew_paths(path, [LANCASTER_ANNUAL])  # the annual file's rows replace their own: not said
    assert again.loaded_quarters_replaced == 0 and "worked out from quarters" not in again.summary()
