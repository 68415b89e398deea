"""Colorado as a state gets its QCEW: only its own 2016 county and statewide quarterly files from BLS (no U.S.
file). Every file loads; LQs against the U.S. come from the LQs BLS publishes in them; the Industry page and the
``industry`` command show Alamosa County (08003). Real files from the shared data folder (see its PROVENANCE.md)."""

from __future__ import annotations

import gzip
import io
import re

import pandas as pd
import pytest
from conftest import SHARED
from page_support import open_page
from test_pages_industry import table, texts, warnings_of

from sectorscope import cli, db
from sectorscope.commands.industry import LEVELS, OWNERSHIPS, industry_report
from sectorscope.metrics import labor_market as lm
from sectorscope.present.formatting import format_ratio
from sectorscope.sources import qcew

PAGE = "pages/2_Industry.py"
COLORADO = SHARED / "data" / "qcew-bls" / "quarterly-2016-by-area" / "colorado"
ALAMOSA, CONEJOS, COSTILLA = "08003", "08021", "08023"
HEALTH = "Health care and social assistance"


@pytest.fixture(scope="module")
def colorado(tmp_path_factory):
    if not COLORADO.is_dir():
        pytest.skip(f"shared data folder {COLORADO} is absent")
    path = tmp_path_factory.mktemp("colorado-qcew") / "colorado.duckdb"
    return path, qcew.load_qcew_paths(path, [COLORADO])


@pytest.fixture(scope="module")
def colorado_db(colorado):
    return colorado[0]


def alamosa_quarters() -> pd.DataFrame:
    [path] = COLORADO.glob(f"2016.q1-q4 {ALAMOSA} *.csv.gz")
    return pd.read_csv(io.BytesIO(gzip.decompress(path.read_bytes())), dtype=str)


def test_every_colorado_file_loads_with_lqs_against_the_us(colorado):
    path, result = colorado
    assert result.files == 66 and not result.gaps and result.state_fips == "08"
    con = db.connect_read_only(path)
    try:
        rows = con.execute("select count(distinct area_fips), count(*) filter (where lq_employment is not null) "
                           "from qcew_annual").fetchall()[0]
        state = db.run_query(con, "active_state")["state_fips"].iloc[0]
    finally:
        con.close()
    assert rows[0] == 66 and rows[1] > 10_000  # 64 counties, statewide and "unknown", most with an LQ
    assert state == "08"


def test_alamosas_annual_lq_agrees_with_the_monthly_lqs_bls_published():
    quarters = alamosa_quarters()
    private = quarters[(quarters["own_code"] == "5") & (quarters["agglvl_code"] == "74")
                       & (quarters["disclosure_code"].fillna("") == "")]
    rows, _ = qcew.annual_rows_from_quarters(qcew.read_bls_csv(
        gzip.decompress(next(COLORADO.glob(f"2016.q1-q4 {ALAMOSA} *.csv.gz")).read_bytes())))
    derived = rows[(rows["own_code"] == "5")].set_index("industry_code")["lq_employment"]
    compared = 0
    for code, group in private.groupby("industry_code"):
        if len(group) < 4 or pd.isna(derived.get(code)):
            continue
        monthly = group[["lq_month1_emplvl", "lq_month2_emplvl", "lq_month3_emplvl"]].astype(float).to_numpy()
        assert derived[code] == pytest.approx(monthly.mean(), rel=0.03, abs=0.02), code
        compared += 1
    assert compared >= 12


def test_the_industry_page_shows_alamosas_lqs_against_the_us_without_a_us_file(colorado_db, monkeypatch):
    at = open_page(PAGE, colorado_db, monkeypatch, county=ALAMOSA)
    assert not at.error and not at.exception
    rows = table(at)
    lqs = rows["LQ"]
    assert (lqs != "–").sum() >= 12  # every disclosed sector has one
    assert float(rows.loc[HEALTH, "LQ"]) > 1  # healthcare is concentrated in Alamosa
    # Colorado's quarterly files: the year's share over the U.S. share BLS's monthly LQs imply, never called BLS's
    # annual LQ (nor "the mean of BLS's monthly LQs", which it is not)
    captions = texts(at, "caption")  # every tab's
    assert any(lm.MONTHLY_LQ_METHOD in caption for caption in captions)
    assert not any("the mean of BLS's monthly LQs" in caption for caption in captions)
    # the county map's caption too: it said "BLS's published value where the file has it"
    map_caption = next(caption for caption in captions
                       if f"{lm.MONTHLY_LQ_METHOD}, where the quarterly files have them" in caption)
    # a county suppressed from quarters may be one quarter's: said inside the one parenthesis
    suppressed = re.search(r"(\d+) count(?:y|ies) suppressed by BLS \(grey([^)]*)\)", map_caption)
    assert suppressed and (int(suppressed.group(1)) == 0) == (suppressed.group(2) == ""), map_caption
    shown = {metric.label: metric.value for metric in at.metric}
    assert shown["Concentrated and growing"] == "needs 2 years"  # one year loaded: unknown, not 0
    assert not any("U.S. series (US000) is not loaded" in w for w in warnings_of(at))  # nothing missing for 2016
    con = db.connect_read_only(colorado_db)
    try:
        report = industry_report(con, [ALAMOSA], 2016, None, "us", LEVELS["sector"], OWNERSHIPS["private"])
    finally:
        con.close()
    for row in report.dropna(subset=["lq"]).itertuples():
        assert rows.loc[row.industry_title, "LQ"] == format_ratio(row.lq, 2)
        assert row.lq_source == "from BLS's monthly LQs"


def test_a_region_gets_lqs_from_the_us_shares_the_published_lqs_imply(colorado_db, monkeypatch):
    con = db.connect_read_only(colorado_db)
    try:
        alamosa = db.run_query(con, "industry_area_rows", area_fips=[ALAMOSA], own_code="5", level="4")
        state = db.run_query(con, "industry_area_rows", area_fips=["08000"], own_code="5", level="4")
        region = industry_report(con, [ALAMOSA, CONEJOS, COSTILLA], 2016, None, "us", "4", "5")
    finally:
        con.close()
    assert set(region["lq_source"].dropna()) <= {"from BLS-published LQs", "no U.S. figure", "suppressed by BLS"}
    assert region["lq"].notna().sum() >= 12
    # Alamosa's LQs made from the U.S. shares implied by the statewide file equal BLS's own for Alamosa
    published = lm.industry_profile(alamosa, None, start_year=2016, end_year=2016).set_index("industry_code")["lq"]
    derived = lm.industry_profile(alamosa.assign(published_lq=float("nan")), None, start_year=2016, end_year=2016,
                                  lq_rows=state).set_index("industry_code")
    both = published.notna() & derived["lq"].notna()
    assert both.sum() >= 12 and set(derived.loc[both, "lq_source"]) == {"from BLS-published LQs"}
    assert (derived.loc[both, "lq"] - published[both]).abs().max() < 0.02
    at = open_page(PAGE, colorado_db, monkeypatch, county=[ALAMOSA, CONEJOS, COSTILLA])
    assert not at.exception
    assert any("from BLS-published LQs" in caption for caption in texts(at, "caption"))


def test_shift_share_says_which_us_series_it_lacks_and_where_to_get_it(colorado_db, monkeypatch):
    at = open_page(PAGE, colorado_db, monkeypatch, county=ALAMOSA)
    # only 2016 is loaded: shift-share asks for another year's files (it asked to choose years on a slider there is
    # not with one year)
    assert any(i.startswith("Only 2016 is loaded for") and "load another year's QCEW files" in i
               for i in texts(at, "info"))
    rows = table(at)
    assert rows.loc[HEALTH, "LQ"] != "–"


def test_the_command_line_prints_alamosas_table(colorado_db, capsys):
    code = cli.main(["industry", "--area", ALAMOSA, "--year", "2016", "--db", str(colorado_db)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.splitlines()[0].endswith(f"LQ against the U.S.: {lm.MONTHLY_LQ_METHOD} (annual averages worked out "
                                        "from quarterly files)")
    assert HEALTH[:40] in out and "suppressed" in out
    assert not re.search(r"\b(None|nan|NaN|<NA>|NaT)\b", out)
    health = next(line for line in out.splitlines() if HEALTH[:30] in line)
    assert "1,581" in health  # Alamosa's private healthcare jobs, 2016 (mean of the 12 months in the file)


def test_another_level_of_industries_is_its_own_profile_not_the_kept_one(colorado_db, monkeypatch):
    """The Industry page keeps an area's profile per area, level, years and reference (``ui.data.derived``): a change
    of level shows that level's industries, each as the command line computes it, and coming back shows the
    sectors again."""
    at = open_page(PAGE, colorado_db, monkeypatch, county=ALAMOSA)
    sectors = table(at)
    assert HEALTH in sectors.index
    at.selectbox(key="industry_level").set_value("5").run()
    assert not at.exception
    subsectors = table(at)
    assert HEALTH not in subsectors.index and len(subsectors) > len(sectors)
    con = db.connect_read_only(colorado_db)
    try:
        report = industry_report(con, [ALAMOSA], 2016, None, "us", LEVELS["3-digit"], OWNERSHIPS["private"])
    finally:
        con.close()
    assert set(report["industry_title"]) == set(subsectors.index) and subsectors.index.is_unique
    for row in report.dropna(subset=["lq"]).itertuples():
        assert subsectors.loc[row.industry_title, "LQ"] == f"{row.lq:.2f}"
    at.selectbox(key="industry_level").set_value("4").run()
    pd.testing.assert_frame_equal(table(at), sectors)


def test_a_registry_without_counties_then_colorados_qcew_is_about_colorado(tmp_path, monkeypatch):
    """The README's Colorado steps: a registry listing partnerships by region alone (no county anywhere), then the
    state's QCEW. The state was worked out from counties alone, so the Industry page said "No QCEW industry data is
    loaded for the state" right after 57,238 rows loaded (a reviewer following the README)."""
    if not COLORADO.is_dir():
        pytest.skip(f"shared data folder {COLORADO} is absent")
    from tiny_state import tiny_tables

    from sectorscope.ingest import load as ingest

    tables = tiny_tables()
    registry = {"sectors": tables["sectors"], "regions": tables["regions"],
                "partnerships": tables["partnerships"]}
    path = tmp_path / "colorado-by-region.duckdb"
    ingest.load_batch(path, [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in registry.items()])
    qcew.load_qcew_paths(path, [*COLORADO.glob(f"2016.q1-q4 {ALAMOSA} *.csv.gz"),
                                *COLORADO.glob("2016.q1-q4 08000 *.csv.gz")])
    with db.connect_read_only(path) as con:
        assert db.run_query(con, "active_state")["state_fips"].tolist() == ["08"]
    at = open_page(PAGE, path, monkeypatch, county=ALAMOSA)
    assert not at.exception, [e.value for e in at.exception]
    assert not any("No QCEW industry data is loaded" in info.value for info in at.info)
    assert HEALTH in table(at).index
