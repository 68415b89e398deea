"""An annual value is disclosed wherever BLS's own annual file discloses it, whichever file is loaded first:
Lancaster County's 2016 quarterly file (a quarter withheld withholds the year) and BLS's 2016 annual file."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import SHARED

from sectorscope import db
from sectorscope.sources import qcew

QCEW = SHARED / "data" / "qcew-bls"
ANNUAL = QCEW / "annual-by-area-lancaster-pa" / "2016.annual 42071 Lancaster County, Pennsylvania.csv"
QUARTERLY = QCEW / "quarterly-2016-by-area" / "pennsylvania" / "2016.q1-q4 42071 Lancaster County, Pennsylvania.csv.gz"


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    if not (ANNUAL.is_file() and QUARTERLY.is_file()):
        pytest.skip("shared QCEW files are absent")
    frame = pd.read_csv(ANNUAL, dtype=str)
    return frame[frame["disclosure_code"].fillna("") == ""].set_index(["own_code", "industry_code"])


def loaded(path) -> pd.DataFrame:
    con = db.connect_read_only(path)
    try:
        return con.execute("select own_code, industry_code, employment, disclosure_code, oty_employment_chg, "
                           "lq_employment, from_quarters from qcew_annual "
                           "where area_fips = '42071' and year = 2016").df().set_index(
            ["own_code", "industry_code"])
    finally:
        con.close()


def test_quarters_alone_withhold_years_bls_discloses(published, tmp_path):
    path = tmp_path / "quarters.duckdb"
    qcew.load_qcew_paths(path, [QUARTERLY])
    rows = loaded(path).reindex(published.index)
    assert rows["employment"].isna().sum() >= 60  # about 63 series: one quarter withheld, the year published
    assert loaded(path)["from_quarters"].all()


def test_an_lq_from_quarters_is_not_called_bls_published(published, tmp_path):
    """Quarterly files alone: the annual LQ is the mean of BLS's monthly LQs (9% of them a hundredth off BLS's
    annual one), which the Industry page named "BLS-published LQ"."""
    from sectorscope.metrics import labor_market as lm

    path = tmp_path / "quarters.duckdb"
    qcew.load_qcew_paths(path, [QUARTERLY])
    con = db.connect_read_only(path)
    try:
        rows = db.run_query(con, "industry_area_rows", area_fips=["42071"], own_code="5", level="4")
    finally:
        con.close()
    profile = lm.industry_profile(rows, None, start_year=2016, end_year=2016)
    assert set(profile["lq_source"]) - {"suppressed by BLS"} == {"from BLS's monthly LQs"}
    assert "monthly" in lm.LQ_SOURCES["from BLS's monthly LQs"]


@pytest.mark.parametrize("order", ["annual first", "quarters first", "together"])
def test_every_value_bls_published_for_the_year_stays_disclosed(published, tmp_path, order):
    path = tmp_path / "both.duckdb"
    batches = {"annual first": [[ANNUAL], [QUARTERLY]], "quarters first": [[QUARTERLY], [ANNUAL]],
               "together": [[ANNUAL, QUARTERLY]]}[order]
    for paths in batches:
        qcew.load_qcew_paths(path, paths)
    rows = loaded(path).reindex(published.index)
    assert rows["employment"].notna().all()
    assert (rows["employment"] == published["annual_avg_emplvl"].astype(int)).all()
    assert rows["disclosure_code"].isna().all()
    # BLS's over-the-year changes came with the annual file and were not replaced by the quarters' rows
    annual_only = tmp_path / "annual.duckdb"
    qcew.load_qcew_paths(annual_only, [ANNUAL])
    expected = loaded(annual_only).reindex(published.index)
    assert rows["oty_employment_chg"].notna().sum() == expected["oty_employment_chg"].notna().sum() > 1000
    pd.testing.assert_series_equal(rows["oty_employment_chg"], expected["oty_employment_chg"])
    # and BLS's published LQs, also of the 14 series whose over-the-year change BLS withholds (the annual file's
    # rows were told by that change: quarters loaded after it replaced those LQs with their own)
    pd.testing.assert_series_equal(rows["lq_employment"], expected["lq_employment"])
    assert not rows["from_quarters"].any()


STATEWIDE = QCEW / "quarterly-2016-by-area" / "pennsylvania" / "2016.q1-q4 42000 Pennsylvania -- Statewide.csv.gz"


def test_annual_lqs_made_from_the_monthly_lqs_equal_bls_annual_ones(published):
    """Lancaster's 2016 LQs against the U.S., made from the monthly LQs BLS publishes in the county's and the
    state's quarterly files, against the LQs in BLS's own annual file: all within 0.015 (BLS rounds to hundredths),
    most equal once rounded."""
    frames = [(path.name, qcew.read_bls_csv(path.read_bytes())) for path in (QUARTERLY, STATEWIDE)]
    rows, _, _ = qcew.qcew_batch(frames)
    lancaster = rows[rows["area_fips"] == "42071"].set_index(["own_code", "industry_code"])
    bls = published["lq_annual_avg_emplvl"].astype(float)
    both = lancaster["lq_employment"].reindex(bls.index).notna() & bls.gt(0)
    made = lancaster["lq_employment"].reindex(bls.index)[both]
    assert both.sum() > 1000
    assert (made - bls[both]).abs().max() <= 0.015  # 0.0098 with all 69 Pennsylvania files
    assert (made.round(2) == bls[both]).mean() > 0.85
