"""The Industry analysis page in AppTest: the tiny state with the tiny QCEW (figures by hand, see
test_qcew_tiny.py), the demo, and Lancaster County's real BLS files (no U.S. or state series)."""

from __future__ import annotations

import base64
import csv
import io
import json
import shutil

import duckdb
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from conftest import SHARED
from page_support import across_tabs, metrics_of, open_page, open_tab, recorded_csv_downloads
from test_export_chart_images import source_line
from test_qcew_tiny import tiny_qcew_database

from sectorscope import db
from sectorscope.commands.industry import LEVELS, OWNERSHIPS, industry_report
from sectorscope.present.formatting import MISSING
from sectorscope.sources import qcew

PAGE = "pages/2_Industry.py"
LANCASTER_ANNUAL = SHARED / "data" / "qcew-bls" / "annual-by-area-lancaster-pa"


@pytest.fixture(scope="module")
def tiny_qcew_db(tiny_db, tmp_path_factory):
    return tiny_qcew_database(tiny_db, tmp_path_factory.mktemp("pages-industry"))


def _decoded(value):
    """Plotly sends numeric arrays base64-encoded ({"dtype", "bdata"}); turn them back into lists."""
    if isinstance(value, dict):
        if set(value) >= {"dtype", "bdata"}:
            return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
        return {key: _decoded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decoded(item) for item in value]
    return value


def figures(at) -> list[go.Figure]:
    """The page's Plotly figures, in page order (every tab's)."""
    return [go.Figure(_decoded(json.loads(spec)), skip_invalid=True) for spec in chart_specs(at)]


def chart_specs(at) -> list[str]:
    """The page's Plotly charts' specs, in page order (every tab's)."""
    return across_tabs(at, PAGE, lambda tab: [chart.proto.spec for chart in tab.get("plotly_chart")])


def table(at, index: int = 0):
    """The page's table ``index`` in page order (every tab's): 0 the ranking, 1 the shift-share."""
    return across_tabs(at, PAGE, lambda tab: [frame.value for frame in tab.dataframe])[index].set_index("Industry")


def texts(at, kind: str) -> list[str]:
    """The values of the page's elements of ``kind`` ("caption", "info"), in page order (every tab's)."""
    return across_tabs(at, PAGE, lambda tab: [element.value for element in getattr(tab, kind)])


def warnings_of(at) -> list[str]:
    return [w.value for w in at.warning if "Demo data" not in w.value]


def test_whole_state_against_the_us_by_hand(tiny_qcew_db, monkeypatch):
    at = open_page(PAGE, tiny_qcew_db, monkeypatch)
    assert not at.error and at.title[0].value == "Industry analysis"
    shown = metrics_of(at)
    assert shown["Jobs, 2019"] == "10,000" and shown["Industries"] == "3"
    assert shown["Concentrated and growing"] == "3" and shown["…with no partnership"] == "1"
    assert at.metric[0].delta == "11.1% since 2014"  # 9,000 -> 10,000; default years 2014-2019
    rows = table(at)
    assert rows.loc["Transportation and warehousing", "LQ"] == "1.20"  # (600 / 10,000) / (5,000 / 100,000)
    assert rows.loc["Transportation and warehousing", "Flag"].startswith("⚠ strong, no partnership")
    assert rows.loc["Manufacturing", "LQ"] == "1.88" and rows.loc["Manufacturing", "Partnerships"] == (
        "York-Chester Makers")
    assert any("Transportation and warehousing (LQ 1.20" in w for w in warnings_of(at))
    bubbles, shift, lq_map = figures(at)
    assert len(bubbles.data[0].x) == 3 and bubbles.layout.yaxis.type == "log"
    # the map opens on the gap industry: York and Chester LQ 1 (log2 = 0), Lancaster suppressed, 64 not loaded
    assert [(trace.name, len(trace.locations)) for trace in lq_map.data] == [
        ("LQ", 2), ("Suppressed by BLS", 1), ("No QCEW loaded", 64)]
    assert list(lq_map.data[0].z) == [0.0, 0.0] and lq_map.data[0].type == "choroplethmap"
    parts = [trace.x for trace in shift.data[:3]]
    assert [sum(values) for values in zip(*parts, strict=True)] == pytest.approx(list(shift.data[3].x))


def test_one_county_hides_suppressed_cells_and_flags_its_gap(tiny_qcew_db, monkeypatch):
    at = open_page(PAGE, tiny_qcew_db, monkeypatch, county="42071")
    shown = metrics_of(at)
    assert shown["Jobs, 2019"] == "1,000"
    assert shown["Concentrated and growing"] == "2" and shown["…with no partnership"] == "1"
    rows = table(at)
    assert rows.loc["Health care and social assistance", "LQ"] == "1.50"
    assert rows.loc["Health care and social assistance", "Partnerships"] == "Lancaster Health Careers"
    assert rows.loc["Health care and social assistance", "Wage vs area"] == "1.25×"  # $1,000 / $800
    assert rows.loc["Health care and social assistance", "Per year"] == "+4.6%"  # (150 / 120) ** (1/5) - 1
    assert rows.loc["Manufacturing", "Flag"].startswith("⚠")  # the makers' partnership serves York and Chester
    transport = rows.loc["Transportation and warehousing"]
    assert (transport["Employment"], transport["LQ"], transport["Weekly wage"]) == ("suppressed",) * 3
    assert transport["Score"] == "–"
    assert len(figures(at)[0].data[0].x) == 2  # a suppressed industry is not drawn, not drawn as 0
    assert any("Suppressed by BLS (not drawn): Transportation and warehousing" in c.value for c in at.caption)


def test_a_region_without_one_countys_file_of_the_year_before_shows_no_1_year_change(tiny_qcew_db, tmp_path,
                                                                                     monkeypatch):
    """York's 2018 file not loaded: the 1-year column read Lancaster's change alone as the two counties'."""
    path = tmp_path / "without-york-2018.duckdb"
    shutil.copy(tiny_qcew_db, path)
    with duckdb.connect(str(path)) as con:
        con.execute("delete from qcew_annual where area_fips = '42133' and year = 2018")
    at = open_page(PAGE, path, monkeypatch, county=["42071", "42133"])
    rows = table(at)
    assert set(rows["1-year"].drop("Transportation and warehousing")) == {"–"}
    assert rows.loc["Health care and social assistance", "5-year"] == "+16.7%"
    assert rows.loc["Transportation and warehousing", "1-year"] == "1 of 2 suppressed"  # Lancaster's, in 2019
    assert any("No 1-year change: 2018 QCEW files are not loaded for every county of Lancaster and York counties"
               in caption.value for caption in at.caption)
    assert "Left out: 2018 lacks York County's QCEW." in [caption.value for caption in at.caption]


def test_one_year_held_by_every_county_names_the_years_the_others_lack(tiny_qcew_db, tmp_path, monkeypatch):
    """York's files of 2014 and 2018 not loaded (the tiny QCEW's years are 2014, 2018 and 2019): the page said
    "Only 2019 is loaded" of two counties with Lancaster's three years loaded (a staffer). It says which years are
    left out and whose files they lack."""
    path = tmp_path / "york-2019-only.duckdb"
    shutil.copy(tiny_qcew_db, path)
    with duckdb.connect(str(path)) as con:
        con.execute("delete from qcew_annual where area_fips = '42133' and year < 2019")
    at = open_page(PAGE, path, monkeypatch, county=["42071", "42133"])
    assert not at.exception
    assert ("Only 2019 has QCEW for every county of Lancaster and York counties (2014 and 2018 lack York County's "
            "QCEW): no growth to compare.") in [caption.value for caption in at.caption]


def test_a_regions_growth_resting_on_some_counties_is_marked_partial_and_not_scored(tiny_qcew_db, tmp_path,
                                                                                   monkeypatch):
    """Chemung, Schuyler and Steuben's professional services read "+3.2%" per year, score 80, rank 1, status
    "disclosed": Steuben, four fifths of the jobs, was suppressed in 2013, so it was the two small counties' growth
    (NY DOL's total for the three: +1.5%/year). Here York's health care is suppressed in 2014: the region's growth
    is not known; Lancaster's alone is shown marked, drawn hollow, left out of the score and of shift-share, and
    the CSV says so."""
    path = tmp_path / "york-2014-suppressed.duckdb"
    shutil.copy(tiny_qcew_db, path)
    with duckdb.connect(str(path)) as con:
        con.execute("update qcew_annual set disclosure_code = 'N', employment = null, total_wages = null, "
                    "avg_weekly_wage = null where area_fips = '42133' and industry_code = '62' and year = 2014")
    files = recorded_csv_downloads(monkeypatch)
    at = open_page(PAGE, path, monkeypatch, county=["42071", "42133"])
    assert at.select_slider(key="industry_years").value == (2014, 2019)
    health = table(at).loc["Health care and social assistance"]
    assert health["Employment"] == "350"  # 2019 is whole
    assert health["Per year"] == "+4.6% (partial: 1 of 2 counties)"  # Lancaster's 120 -> 150 alone
    assert health["5-year"] == "+25.0% (partial: 1 of 2 counties)" and health["1-year"] == "+6.1%"  # 330 -> 350
    assert (health["Score"], health["Rank"]) == ("–", "")
    bubbles = figures(at)[0]
    hollow = next(trace for trace in bubbles.data if trace.name == "partial growth")
    # (and transport, whose Lancaster cell is suppressed in 2019: York's 80 -> 100 alone)
    drawn = {row[0]: x for row, x in zip(hollow.customdata, hollow.x, strict=True)}
    assert drawn == pytest.approx({"Health care and social assistance": (1.25 ** 0.2 - 1) * 100,
                                   "Transportation and warehousing": (1.25 ** 0.2 - 1) * 100})
    assert hollow.marker.symbol == "circle-open"
    assert "Health care and social assistance" not in [row[0] for row in bubbles.data[0].customdata]
    shift = table(at, 1)
    assert shift.loc["Health care and social assistance", "Actual change"] == "not split (1 of 2 suppressed)"
    assert "Health care and social assistance" not in [str(label) for label in figures(at)[1].data[0].y]
    captions = texts(at, "caption")
    words = " ".join(captions)
    # counted once under the chart and once under the table, each on its own tab, not listed: the table marks them
    for tab in ("Concentration and growth", "Ranked as target sectors"):
        shown = [caption.value for caption in open_tab(at, PAGE, tab).caption]
        assert sum("Growth is partial for 2 industries" in caption for caption in shown) == 1, tab
    assert "(partial: 1 of 2 counties)" not in words
    # under the shift-share, counted (the table above marks it "not split (1 of 2 suppressed)")
    assert "Not split for 2 industries: BLS suppressed a county in 2014 or 2019" in words
    assert "Health care and social assistance (1 of 2 suppressed)" not in words
    industries = files["industries-42071-42133-2019.csv"].set_index("NAICS code")
    # a pasted LQ keeps its source and its place and years (the file said neither: a staffer)
    assert set(industries["Source"]) == {"U.S. Bureau of Labor Statistics, Quarterly Census of Employment and Wages, "
                                         "annual averages, private ownership, NAICS sectors; LQ against the U.S."}
    assert set(industries["Selection"]) == {"All sectors · Lancaster, York counties · 2014–2019"}
    shift_file = next(frame for name, frame in files.items() if name.startswith("shift-share"))
    assert {"Source", "Selection"} <= set(shift_file.columns)
    row = industries.loc["62"]
    assert row["Growth per year, 2014–2019 (compound) (%)"] == "" and row["Status"] == "suppressed in an earlier year"
    assert float(row["Growth per year, 2014–2019, of the counties disclosed in both years only (partial) (%)"]) == (
        pytest.approx((1.25 ** 0.2 - 1) * 100))
    assert row["Changes not given because"].startswith("growth 2014–2019: York County suppressed in 2014 or 2019")
    # the command says the same
    con = db.connect_read_only(path)
    try:
        report = industry_report(con, ["42071", "42133"], 2019, 2014, "us", LEVELS["sector"], OWNERSHIPS["private"])
    finally:
        con.close()
    printed = report.set_index("industry_code").loc["62"]
    assert np.isnan(printed["growth_per_year_pct"]) and printed["partial_growth_per_year_pct"] == 4.6
    assert printed["status"] == "suppressed in an earlier year"
    # counties by name, as the page's CSV names them (it read "42133 suppressed")
    assert printed["changes_withheld_because"].startswith("growth 2014–2019: York County suppressed in 2014 or 2019")


@pytest.fixture(scope="module")
def with_new_york_db(tiny_qcew_db, tmp_path_factory):
    """The tiny QCEW with Chemung County, New York, in a region (so the Pennsylvania dashboard offers it) and its
    QCEW and New York's: health care 300 of Chemung's 1,000 jobs, 15,000 of New York's 100,000 (LQ 2.0 against
    New York, 2.5 against Pennsylvania, 3.0 against the U.S.)."""
    from sectorscope.sources import geo

    path = tmp_path_factory.mktemp("with-new-york") / "with-new-york.duckdb"
    shutil.copy(tiny_qcew_db, path)
    chemung = geo.counties_table("36").query("county_fips == '36015'")
    rows = [(area, own, code, level, year, employment)
            for area, total, health, levels in (("36015", 1_000, 300, ("70", "74")),
                                                ("36000", 100_000, 15_000, ("50", "54")))
            for year in (2014, 2018, 2019)
            for own, code, level, employment in (("0", "10", levels[0], total), ("5", "62", levels[1], health))]
    with duckdb.connect(str(path)) as con:
        con.register("chemung", chemung)
        con.execute("insert into counties select * from chemung on conflict do nothing")  # every county's shape
        con.execute("insert into regions values ('NY1', 'Southern Tier', null)")
        con.execute("insert into region_counties values ('NY1', '36015')")
        con.executemany("insert into qcew_annual (area_fips, own_code, industry_code, industry_title, agglvl_code, "
                        "year, establishments, employment, total_wages, avg_weekly_wage, disclosure_code) "
                        "values (?, ?, ?, 'title', ?, ?, 10, ?, 1000000, 800, null)", rows)
    return path


def test_the_state_an_area_is_compared_with_is_its_own(with_new_york_db, monkeypatch):
    """Chemung County, New York, on a Pennsylvania dashboard read "LQ against Pennsylvania" though New York's series
    was loaded. Its state is New York; counties of two states have no one state, and the page says so."""
    at = open_page(PAGE, with_new_york_db, monkeypatch, county="36015")
    assert at.button_group(key="industry_reference").options == ["U.S.", "New York"]
    at.button_group(key="industry_reference").set_value("state").run()
    assert not at.exception
    assert table(at).loc["title", "LQ"] == "2.00"  # (300 / 1,000) / (15,000 / 100,000), not Pennsylvania's 2.50
    words = " ".join(c.value for c in at.caption)
    assert "LQ against New York" in words and "Pennsylvania" not in words
    both = open_page(PAGE, with_new_york_db, monkeypatch, county=["42071", "36015"])
    assert both.button_group(key="industry_reference").options == ["U.S."]
    assert any("lie in New York and Pennsylvania" in c.value for c in both.caption)


def test_the_industry_command_compares_an_area_with_its_own_state(with_new_york_db, capsys):
    from sectorscope import cli

    command = ["industry", "--year", "2019", "--reference", "state", "--csv", "--db", str(with_new_york_db)]
    assert cli.main([*command, "--area", "36015"]) == 0
    printed = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"industry_code": str})
    assert printed.set_index("industry_code").loc["62", "lq"] == 2.0  # against New York, not Pennsylvania's 2.5
    assert cli.main([*command, "--area", "42071,36015"]) == 2
    assert "lie in New York and Pennsylvania" in capsys.readouterr().err


def test_a_county_with_no_job_in_the_industry_is_lq_0_on_the_map_not_without_a_reference(tiny_qcew_db, tmp_path,
                                                                                          monkeypatch):
    """Lancaster's map of waste treatment (5622) read "25 counties without a reference figure": they have no
    establishment in it, LQ 0 against any reference. Here York has no health-care row in 2019 and the U.S. file
    is not loaded."""
    path = tmp_path / "york-without-health.duckdb"
    shutil.copy(tiny_qcew_db, path)
    with duckdb.connect(str(path)) as con:
        con.execute("delete from qcew_annual where area_fips = '42133' and industry_code = '62' and year = 2019")
        con.execute("delete from qcew_annual where area_fips = 'US000'")
    at = open_page(PAGE, path, monkeypatch, county="42071", tab="Where one industry is concentrated")
    at.selectbox(key="industry_pick").set_value("62").run()
    lq_map = figures(at)[-1]
    drawn = {trace.name: list(trace.locations) for trace in lq_map.data}
    assert drawn["No jobs in this industry (LQ 0)"] == ["42133"]
    assert "42133" not in drawn.get("No reference figure", [])
    words = " ".join(c.value for c in open_tab(at, PAGE, "Where one industry is concentrated").caption)
    assert at.selectbox(key="industry_pick").value == "62"  # as chosen, after the tabs were read
    assert "1 county with no jobs in the industry (LQ 0)" in words and "2 counties without a reference figure" in words


def test_qcew_loaded_through_the_template_is_credited_as_loaded_not_to_bls(tiny_qcew_db, tmp_path, monkeypatch):
    """New York DOL's figures loaded through the qcew_annual.csv template were credited to BLS on every chart and
    caption, and their suppressed cells said BLS's. The template records no source: the page names the file."""
    from sectorscope.ingest import load as ingest

    path = tmp_path / "template.duckdb"
    shutil.copy(tiny_qcew_db, path)
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute("select * exclude (from_quarters) from qcew_annual").df()
    ingest.load_batch(path, [ingest.TableInput("qcew_annual", rows, "qcew_annual.csv")])
    at = open_page(PAGE, path, monkeypatch, county=["42071", "42133"])
    captions = texts(at, "caption")
    words = " ".join(captions)
    assert "Bureau of Labor Statistics" not in words and "suppressed by bls" not in words.lower()
    assert "Source: your qcew_annual.csv (its source not recorded), annual averages" in words
    lines = [source_line(json.loads(spec)) for spec in chart_specs(at)]
    assert lines and all("your qcew_annual.csv" in line and "Bureau" not in line for line in lines)
    # the ranked table's note gives its source, as every figure's caption does
    assert any(caption.startswith("Employment, establishments and wages for 2019") and "Source: " in caption
               for caption in captions)


def test_a_template_files_published_and_suppressed_cells_are_the_files_not_bls(tiny_qcew_db, tmp_path, monkeypatch,
                                                                               capsys):
    """QCEW loaded through the qcew_annual.csv template (New York DOL's, say) read "BLS published" and "suppressed by
    BLS" in the Industry CSVs and the command's: fixed words, whoever made the file. They follow the source the load
    recorded; BLS's own files keep BLS's words."""
    from sectorscope import cli
    from sectorscope.ingest import load as ingest

    def lq_words(db_path) -> tuple[set, set, str, set, str, str]:
        """Lancaster's LQ sources in the Industry CSV and the county map's, the first's suppressed-areas heading,
        the command's LQ sources, the page's captions and its "How these are measured"."""
        files = recorded_csv_downloads(monkeypatch)
        at = open_page(PAGE, db_path, monkeypatch, county="42071")
        captions = " ".join(texts(at, "caption"))  # every tab's, so every file too
        industries = files["industries-42071-2019.csv"]
        by_county = next(frame for name, frame in files.items() if name.startswith("lq-by-county-"))
        # every county of the state, as the map: not "Lancaster County" on York's row (a code reviewer)
        assert set(by_county["Selection"]) == {"All sectors · all counties · 2019"}
        assert len(by_county) > 1
        assert cli.main(["industry", "--area", "42071", "--year", "2019", "--csv", "--db", str(db_path)]) == 0
        printed = {row["lq_source"] for row in csv.DictReader(io.StringIO(capsys.readouterr().out))}
        heading = next(column for column in industries.columns if column.startswith("Areas suppressed"))
        return (set(industries["Location quotient from"]), set(by_county["Location quotient from"]), heading,
                printed, captions,
                next(text.value for text in at.markdown if "**Location quotient (LQ)**" in text.value))

    bls = tmp_path / "bls.duckdb"  # BLS's files, by the QCEW loader, with the LQs BLS publishes in them
    shutil.copy(tiny_qcew_db, bls)
    with duckdb.connect(str(bls)) as con:
        con.execute("update qcew_annual set lq_employment = 1.5 where year = 2019 and employment is not null "
                    "and area_fips in ('42071', '42133', '42029')")
    industry_sources, county_sources, heading, printed, captions, measured = lq_words(bls)
    assert {"BLS published", "suppressed by BLS"} <= industry_sources & printed
    assert "BLS published" in county_sources and heading == "Areas suppressed by BLS"
    assert "LQ against the U.S.: **BLS-published LQ**" in captions
    assert "(BLS's published value where the file has it)" in captions
    assert "BLS's own published LQ is shown when the file carries it (**BLS-published LQ**" in measured
    assert "where BLS suppressed some" in measured and "(BLS disclosure code N)" in measured

    template = tmp_path / "template.duckdb"
    shutil.copy(bls, template)
    with duckdb.connect(str(template), read_only=True) as con:
        rows = con.execute("select * exclude (from_quarters) from qcew_annual").df()
    ingest.load_batch(template, [ingest.TableInput("qcew_annual", rows, "qcew_annual.csv")])
    industry_sources, county_sources, heading, printed, captions, measured = lq_words(template)
    every = industry_sources | county_sources | printed | {heading, captions}
    assert not any("BLS" in words for words in every), every
    assert "LQ against the U.S.: **LQ published in the loaded file**" in captions
    assert "(the value published in the loaded file where it has one)" in captions
    assert {"published in the loaded file", "suppressed in the loaded file"} <= industry_sources & printed
    assert "published in the loaded file" in county_sources and heading == "Areas suppressed in the loaded file"
    # "How these are measured" too: the file's published LQs and changes, the source's suppressions
    assert "the LQ published in the loaded file is shown where it has one (**LQ published in the loaded file**" in \
        measured
    assert "where the data's source suppressed some" in measured and "(disclosure code N)" in measured
    assert not any(words in measured for words in ("BLS's own", "BLS-published", "BLS's published", "BLS suppressed",
                                                   "BLS disclosure"))


def test_against_the_state_and_for_a_region(tiny_qcew_db, monkeypatch):
    at = open_page(PAGE, tiny_qcew_db, monkeypatch, county="42071")
    at.button_group(key="industry_reference").set_value("state").run()
    assert table(at).loc["Health care and social assistance", "LQ"] == "1.25"  # (150 / 1,000) / (1,200 / 10,000)
    region = open_page(PAGE, tiny_qcew_db, monkeypatch, region="SC")  # Lancaster and York
    rows = table(region)
    assert rows.loc["Health care and social assistance", "Employment"] == "350"
    assert rows.loc["Transportation and warehousing", "Employment"] == "≥ 100 (1 of 2 suppressed)"
    # the table says which (above) and how many counties; the caption counts them, once
    assert sum("1 industry partly suppressed in 2019" in c.value for c in region.caption) == 1
    # a region is named by its name, not "Lancaster and York counties" (nor "8 counties (Adams, …)'s industries")
    assert "**South Central**" in region.caption[0].value


def test_years_public_mode_and_the_sector_filter(tiny_qcew_db, monkeypatch):
    at = open_page(PAGE, tiny_qcew_db, monkeypatch, county="42133")
    assert table(at).loc["Manufacturing", "Partnerships"] == "York-Chester Makers"
    at.select_slider(key="industry_years").set_range(2018, 2019).run()
    assert not at.exception
    assert table(at).loc["Manufacturing", "Per year"] == "0.0%"  # 300 -> 300: no sign on nothing
    public = open_page(PAGE, tiny_qcew_db, monkeypatch, mode="public", county="42133")
    assert any("for state staff only" in error.value for error in public.error) and not public.dataframe
    sector = open_page(PAGE, tiny_qcew_db, monkeypatch, sector="MFG")
    assert metrics_of(sector)["Industries"] == "1" and list(table(sector).index) == ["Manufacturing"]
    # the jobs card counts the industry shown, not every industry's (a staffer)
    shown = metrics_of(sector)
    assert "Jobs, 2019" not in shown
    assert shown["Jobs in these industries, 2019"].lstrip("≥ ") == table(sector).loc["Manufacturing", "Employment"]


def test_a_county_without_qcew_gets_a_friendly_note(tiny_qcew_db, monkeypatch):
    at = open_page(PAGE, tiny_qcew_db, monkeypatch, county="42003")
    assert not at.error and "No QCEW industry data is loaded for Allegheny County" in at.info[0].value
    assert not at.get("plotly_chart")


def test_the_demo_page_renders_every_chart(demo_db, monkeypatch):
    at = open_page(PAGE, demo_db, monkeypatch, region="R01")
    assert not at.error and len(figures(at)) == 3
    assert metrics_of(at)["Industries"] == "19"
    shift = figures(at)[1]
    # an industry with a county suppressed in either year has no split of the region's change (the others' is not
    # the region's): left out of the chart, marked in its table and counted, not listed again, in its caption
    split = table(at, 1)["Actual change"]
    not_split = split[split.str.startswith("not split")]
    assert 1 < len(not_split) < 19 and len(shift.data[0].y) == 19 - len(not_split)
    caption = next(text for text in texts(at, "caption") if text.startswith("Reference growth:"))
    assert f"Not split for {len(not_split)} industries: the demo's generator suppressed a county in" in caption
    assert not any(name in caption for name in not_split.index)
    parts = [trace.x for trace in shift.data[:3]]
    assert [sum(values) for values in zip(*parts, strict=True)] == pytest.approx(list(shift.data[3].x))


def test_demo_charts_credit_the_generator_and_give_their_own_years(demo_db, monkeypatch):
    """The demo's QCEW is made up: no chart credits BLS with it. A chart's foot gives the QCEW years it shows (the
    page's "Compare years"), not the sidebar's years (2015-2025 here), which only pick the partnerships."""
    at = open_page(PAGE, demo_db, monkeypatch, years="2015-2025")
    start, end = at.select_slider(key="industry_years").value
    assert (start, end) != (2015, 2025)
    lines = [source_line(json.loads(spec)).replace("<br>", " ") for spec in chart_specs(at)]
    assert len(lines) == 3
    for line in lines:
        assert "Bureau of Labor Statistics" not in line and "Demo data (synthetic)" in line
        assert "Source: Synthetic demo data in the BLS" in line
    assert lines[0].startswith(f"All sectors · all counties · {start}–{end} Source")  # growth and LQ
    assert lines[1].startswith(f"All sectors · all counties · {start}–{end} Source")  # shift-share
    assert lines[2].startswith(f"All sectors · all counties · {end} Source")  # the LQ map: one year
    names = across_tabs(at, PAGE, lambda tab: [json.loads(chart.proto.config)["toImageButtonOptions"]["filename"]
                                               for chart in tab.get("plotly_chart")])
    assert names[2].endswith(f"_all-sectors-all-counties-{end}")
    # nor does the map's legend or any note say BLS withheld or published the demo's made-up figures (a reviewer)
    legend = [trace.get("name", "") for trace in json.loads(chart_specs(at)[2])["data"]]
    assert "Suppressed by the demo's generator" in legend and not any("BLS" in name for name in legend)
    words = " ".join(c.value for c in at.caption)
    assert "suppressed by BLS" not in words and "Suppressed by BLS" not in words
    assert "BLS's published value" not in words


def test_own_qcew_charts_credit_bls(tiny_qcew_db, monkeypatch):
    at = open_page(PAGE, tiny_qcew_db, monkeypatch)
    lines = [source_line(json.loads(spec)).replace("<br>", " ") for spec in chart_specs(at)]
    assert lines and all("Source: U.S. Bureau of Labor Statistics, Quarterly Census of Employment and Wages" in line
                         and "Demo data" not in line for line in lines)


@pytest.fixture(scope="module")
def lancaster_db(tmp_path_factory):
    if not LANCASTER_ANNUAL.is_dir():
        pytest.skip(f"shared data folder {LANCASTER_ANNUAL} is absent")
    path = tmp_path_factory.mktemp("pages-lancaster") / "lancaster.duckdb"
    qcew.load_qcew_paths(path, [LANCASTER_ANNUAL])
    return path


def test_real_lancaster_files_say_which_reference_series_is_missing(lancaster_db, monkeypatch):
    at = open_page(PAGE, lancaster_db, monkeypatch, county="42071")
    assert not at.error
    missing = warnings_of(at)
    assert any(w.startswith("The U.S. series (US000) is not loaded for 2013, 2016") for w in missing), missing
    assert any("Shift-share needs the U.S. series (US000): its employment by industry in 2013 and 2016" in i
               and "qcew fetch --state PA --years 2013-2016" in i for i in texts(at, "info"))
    assert len(figures(at)) == 2  # bubbles and map; no empty or wrong shift-share chart
    rows = table(at)
    assert rows.loc["Health care and social assistance", "LQ"] == "1.19"  # BLS's published LQ, 2016
    at.button_group(key="industry_reference").set_value("state").run()
    assert any(w.startswith("The Pennsylvania series (42000) is not loaded") for w in warnings_of(at))
    assert table(at).loc["Health care and social assistance", "LQ"] == "–"
    assert not chart_specs(at)  # nothing to draw: notes say why instead of empty charts
    assert any("no LQ can be computed without the Pennsylvania series (42000)" in i for i in texts(at, "info"))


def test_the_command_line_report_shows_the_page_numbers(lancaster_db, monkeypatch):
    at = open_page(PAGE, lancaster_db, monkeypatch, county="42071")
    page_rows = table(at)
    con = db.connect_read_only(lancaster_db)
    try:
        report = industry_report(con, ["42071"], 2016, 2013, "us", LEVELS["sector"], OWNERSHIPS["private"])
    finally:
        con.close()
    assert len(report) == len(page_rows) == 19
    for row in report.itertuples():
        shown = page_rows.loc[row.industry_title]
        assert shown["LQ"] == f"{row.lq:.2f}" and shown["Employment"] == f"{row.employment:,}"
        assert shown["Weekly wage"] == f"${row.avg_weekly_wage:,}"
        assert shown["1-year"] == f"{row.change_1y_pct:+.1f}%" and shown["Per year"] == (
            f"{row.growth_per_year_pct:+.1f}%")


def test_a_sector_or_years_change_reuses_the_area_s_profile(tiny_qcew_db, monkeypatch):
    """The profile and shift-share of an area rest on the area and the years compared, not on the sidebar's sectors
    or years: changing those reuses them (ui.data.derived); another county works them out for itself."""
    from sectorscope.metrics import labor_market
    from sectorscope.ui import data

    data.DERIVED_RESULTS.clear()
    made: list[str] = []
    for name in ("industry_profile", "shift_share_table"):
        real = getattr(labor_market, name)
        monkeypatch.setattr(labor_market, name,
                            lambda *a, real=real, name=name, **k: made.append(name) or real(*a, **k))
    at = open_page(PAGE, tiny_qcew_db, monkeypatch)
    shown = table(at)
    assert made == ["industry_profile", "shift_share_table"]
    at.multiselect(key="sectors").set_value(["MFG"]).run()
    assert not at.exception and made == ["industry_profile", "shift_share_table"]  # reused
    at.multiselect(key="sectors").set_value([]).run()
    assert table(at).equals(shown)  # the same figures as worked out
    at.multiselect(key="counties").set_value(["42133"]).run()
    assert made.count("industry_profile") == 2  # another area: its own
    at.segmented_control(key="industry_reference").set_value("state").run()
    assert made.count("industry_profile") == 3  # another reference: its own


def test_the_command_starts_its_growth_where_the_page_does_and_marks_lower_bounds(tiny_qcew_db, capsys):
    """Without --from-year it took five years back, 2013, which is not loaded: "per yr –" where the page shows
    growth from the first year loaded since (2014). Partly suppressed sums read as lower bounds."""
    from sectorscope import cli

    assert cli.main(["industry", "--area", "42071,42133", "--year", "2018", "--db", str(tiny_qcew_db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    health = next(line for line in lines if "Health care" in line)
    assert health.rstrip().endswith("%")  # growth per year 2014-2018, the first year loaded since five years back
    transport = next(line for line in lines if "Transportation" in line)
    assert "≥ 90" in transport  # York's 90 alone: Lancaster's 2018 is suppressed


def test_qcew_alone_says_the_partnerships_are_not_loaded_not_that_strong_industries_lack_one(lancaster_db,
                                                                                            monkeypatch):
    """With BLS's files and no partnership list, the page counted five strong industries "with no partnership",
    flagged them and warned about them (an Industry page reviewer): which industries partnerships cover is not
    loaded."""
    from page_support import metrics_of

    at = open_page(PAGE, lancaster_db, monkeypatch, county="42071")
    assert "…with no partnership" not in metrics_of(at)
    assert any("…with no partnership" in caption.value for caption in at.caption)  # "Waiting for it: ..."
    assert not any("Strong industries with no partnership" in w for w in warnings_of(at))
    assert not table(at)["Flag"].astype(str).str.contains("no partnership").any()


def test_a_one_year_industries_csv_has_no_change_columns(tiny_qcew_db, monkeypatch):
    """With one year chosen, the industries CSV had two "Employment, 2019" columns and a change of 0 on every row,
    where the page says growth needs two years (an Industry page reviewer)."""
    import sectorscope.ui.render as render

    downloads: dict[str, object] = {}
    real = render.render_download
    monkeypatch.setattr(render, "render_download", lambda frame, name, *args, **kwargs: (
        downloads.__setitem__(name, frame), real(frame, name, *args, **kwargs))[1])
    at = open_page(PAGE, tiny_qcew_db, monkeypatch, county="42133")
    at.select_slider(key="industry_years").set_range(2019, 2019).run()
    assert not at.exception
    [frame] = [frame for name, frame in downloads.items() if name.startswith("industries-") and name.endswith(
        "2019.csv")]
    assert not {"start_employment", "end_employment", "change", "pct_change", "cagr"} & set(frame.columns)
    assert "employment" in frame.columns
    # strong needs growth: not known in one year, so missing (every industry read False; a Colorado reviewer),
    # save where the LQ alone falls short, as the cards count it
    from sectorscope.metrics import labor_market as lm

    short = lm.lq_as_shown(frame["lq"]).lt(lm.STRONG_LQ)
    assert (frame["strong"].isna() == ~short).all() and not frame["strong"].fillna(False).any()
    assert frame["strong"].isna().any() and (frame["gap"].isna() == frame["strong"].isna()).all()


def test_with_one_year_loaded_shift_share_asks_for_a_second_year_not_a_slider(tiny_qcew_db, tmp_path, monkeypatch):
    """With one year loaded the box said "Choose two different years above", where no year slider is shown."""
    path = tmp_path / "one-year.duckdb"
    shutil.copy(tiny_qcew_db, path)
    with duckdb.connect(str(path)) as con:
        con.execute("delete from qcew_annual where year <> 2019")
    at = open_page(PAGE, path, monkeypatch, county="42133")
    assert not at.select_slider  # no years to choose
    boxes = texts(at, "info")
    assert not any("Choose two different years" in box for box in boxes)
    assert any(box.startswith("Only 2019 is loaded for York County: load another year's QCEW files") for box in boxes)
    two = open_page(PAGE, tiny_qcew_db, monkeypatch, county="42133")
    two.select_slider(key="industry_years").set_range(2019, 2019).run()
    assert any("Choose two different years above" in box for box in texts(two, "info"))


def test_with_one_year_loaded_industries_are_scored_without_growth_and_the_weights_say_so(tiny_qcew_db, tmp_path,
                                                                                           monkeypatch):
    """One year of QCEW ranked no industry under the default weights, and the weights blamed "a suppressed
    component" (a Colorado analyst): growth is left out of the score and the growth weight says why."""
    path = tmp_path / "one-year.duckdb"
    shutil.copy(tiny_qcew_db, path)
    with duckdb.connect(str(path)) as con:
        con.execute("delete from qcew_annual where year <> 2019")
    at = open_page(PAGE, path, monkeypatch, county="42133")
    assert not at.exception
    growth = at.slider(key="weight_growth")
    assert growth.disabled and "only 2019 is chosen or loaded" in growth.help
    assert not at.slider(key="weight_concentration").disabled
    weights_text = " ".join(c.value for c in at.caption if "Target-sector" not in c.value and "Score =" in c.value)
    assert "Growth is left out of every score: it needs two years, and only 2019 is chosen or loaded." in weights_text
    assert "suppressed component" not in weights_text
    from sectorscope.charts.industry import RANKED_TAB

    [table] = [frame.value for frame in open_tab(at, PAGE, RANKED_TAB).dataframe]
    disclosed = table[table["Industry"].ne("") & table["Score"].ne(MISSING)]
    assert len(disclosed) > 0 and disclosed["Rank"].ne(MISSING).all()
    two = open_page(PAGE, tiny_qcew_db, monkeypatch, county="42133")
    assert not two.slider(key="weight_growth").disabled
    assert "left out of every score" not in " ".join(c.value for c in two.caption)


def test_one_years_real_file_shows_bls_published_one_year_change_and_says_so(tmp_path, monkeypatch):
    """Lancaster's 2013 file alone: its 1-year column read "–" on every row though BLS's file publishes the change
    over the year."""
    if not LANCASTER_ANNUAL.is_dir():
        pytest.skip(f"shared data folder {LANCASTER_ANNUAL} is absent")
    path = tmp_path / "lancaster-2013.duckdb"
    qcew.load_qcew_paths(path, [LANCASTER_ANNUAL / "2013.annual 42071 Lancaster County, Pennsylvania.csv"])
    at = open_page(PAGE, path, monkeypatch, county="42071")
    assert not at.exception, [e.value for e in at.exception]
    rows = table(at)
    with open(LANCASTER_ANNUAL / "2013.annual 42071 Lancaster County, Pennsylvania.csv", encoding="utf-8") as file:
        bls = {r["industry_code"]: r for r in csv.DictReader(file) if r["own_code"] == "5"}
    health = bls["62"]
    assert rows.loc["Health care and social assistance", "1-year"] == (
        f"{float(health['oty_annual_avg_emplvl_pct_chg']):+.1f}%")
    assert any(c.value.startswith("1-year change: BLS's published change over the year, from the 2013 file; the "
                                  "2012 QCEW file is not loaded.") for c in at.caption)


YORK_QUARTERS = (SHARED / "data" / "qcew-bls" / "quarterly-2016-by-area" / "pennsylvania"
                 / "2016.q1-q4 42133 York County, Pennsylvania.csv.gz")
LANCASTER_2016 = LANCASTER_ANNUAL / "2016.annual 42071 Lancaster County, Pennsylvania.csv"


@pytest.fixture(scope="module")
def lancaster_and_york_db(tmp_path_factory):
    """Lancaster's 2016 annual file and York's 2016 quarterly file, loaded as BLS ships them (2015 not loaded)."""
    if not (LANCASTER_2016.is_file() and YORK_QUARTERS.is_file()):
        pytest.skip(f"shared data files {LANCASTER_2016} and {YORK_QUARTERS} are absent")
    path = tmp_path_factory.mktemp("pages-lancaster-york") / "lancaster-york.duckdb"
    qcew.load_qcew_paths(path, [LANCASTER_2016, YORK_QUARTERS])
    return path


def transport_1_year_from_the_files() -> tuple[int, float]:
    """Transportation's change over the year, 2016, of Lancaster and York together, worked out here from BLS's
    files alone: Lancaster's published change plus York's, the change of the mean of its 12 monthly levels."""
    import pandas as pd

    with open(LANCASTER_2016, encoding="latin-1") as file:
        lancaster = next(r for r in csv.DictReader(file) if (r["own_code"], r["industry_code"]) == ("5", "48-49"))
    york = pd.read_csv(YORK_QUARTERS, dtype=str)
    york = york[(york["own_code"] == "5") & (york["industry_code"] == "48-49")]
    months = sum(york[f"month{k}_emplvl"].astype(int).sum() for k in (1, 2, 3))
    changes = sum(york[f"oty_month{k}_emplvl_chg"].astype(int).sum() for k in (1, 2, 3))
    york_change = int(np.floor(months / 12 + 0.5) - np.floor((months - changes) / 12 + 0.5))
    change = int(lancaster["oty_annual_avg_emplvl_chg"]) + york_change
    employment = int(lancaster["annual_avg_emplvl"]) + int(np.floor(months / 12 + 0.5))
    return change, change / (employment - change)


def test_two_counties_1_year_change_covers_both_counties(lancaster_and_york_db, monkeypatch):
    """Lancaster's annual file and York's quarterly file: the two counties' 1-year change is both counties' changes
    over the year (York's made from its monthly ones), as worked out from the files."""
    from page_support import recorded_csv_downloads

    files = recorded_csv_downloads(monkeypatch)
    at = open_page(PAGE, lancaster_and_york_db, monkeypatch, county=["42071", "42133"])
    change, percent = transport_1_year_from_the_files()
    assert table(at).loc["Transportation and warehousing", "1-year"] == f"{percent * 100:+.1f}%"
    assert any(c.value.startswith("1-year change: BLS's published change over the year, from each county's 2016 "
                                  "file") for c in at.caption)
    csv_rows = files["industries-42071-42133-2016.csv"].set_index("Industry")
    assert csv_rows.loc["Transportation and warehousing", "Change over 1 year (jobs)"] == str(change)
    assert csv_rows.loc["Transportation and warehousing", "Change over 1 year missing because"] == ""


def test_a_county_without_a_change_over_the_year_leaves_the_areas_change_empty_and_says_why(
        lancaster_and_york_db, tmp_path, monkeypatch, capsys):
    """York loaded from quarterly files with no change over the year (as every quarterly file was loaded before):
    the page showed Lancaster's own "+15.7%" as the two counties' Transportation change, summed "over those
    disclosed", with Status "disclosed" in the CSV. Now no change, and the page and the CSV say why."""
    from page_support import recorded_csv_downloads

    from sectorscope import cli

    path = tmp_path / "york-without-changes.duckdb"
    shutil.copy(lancaster_and_york_db, path)
    with duckdb.connect(str(path)) as con:
        con.execute("update qcew_annual set oty_employment_chg = null, oty_employment_pct_chg = null "
                    "where area_fips = '42133'")
    files = recorded_csv_downloads(monkeypatch)
    at = open_page(PAGE, path, monkeypatch, county=["42071", "42133"])
    rows = table(at)
    assert rows.loc["Transportation and warehousing", "1-year"] == "–"  # not Lancaster's +15.7%
    disclosed = rows["Employment"].str.match(r"^[0-9,]+$")
    assert set(rows.loc[disclosed, "1-year"]) == {"–"}
    assert any(c.value.startswith("No 1-year change for any industry: 2015 is not loaded and York County has no "
                                  "change over the year for 2016") for c in at.caption), [c.value for c in at.caption]
    assert not any("summed over" in c.value for c in at.caption)
    transport = files["industries-42071-42133-2016.csv"].set_index("Industry").loc["Transportation and warehousing"]
    assert (transport["Change over 1 year (jobs)"], transport["Change over 1 year (%)"]) == ("", "")
    assert transport["Change over 1 year missing because"].startswith(
        "2015 is not loaded and York County has no change over the year for 2016")
    assert transport["Areas with jobs and no change over the year"] == "1"

    assert cli.main(["industry", "--area", "42071,42133", "--year", "2016", "--csv", "--db", str(path)]) == 0
    report = {row["industry_code"]: row for row in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert (report["48-49"]["change_1y"], report["48-49"]["change_1y_pct"]) == ("", "")
    assert report["48-49"]["change_1y_missing_because"].startswith(
        "2015 is not loaded and York County has no change")  # as the page's CSV says it, not "42133 has"
    assert cli.main(["industry", "--area", "42071,42133", "--year", "2016", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "No 1-yr change for Agriculture" in out and "42133 has" not in out
    # the area asked for by FIPS: named, with the FIPS it was given as
    assert out.startswith("Lancaster County (42071), York County (42133) · 2016 · private · sector")


def test_the_shift_share_csv_names_its_reference(tiny_qcew_db, monkeypatch):
    """The shift-share CSV against the U.S. and against the state were both "shift-share-42071-2014-2019.csv",
    headed "Reference growth (jobs)": which reference a saved file used could not be told."""
    from page_support import recorded_csv_downloads

    files = recorded_csv_downloads(monkeypatch)
    at = open_page(PAGE, tiny_qcew_db, monkeypatch, county="42071", tab="Shift-share")
    at.button_group(key="industry_reference").set_value("state").run()
    assert not at.exception
    us, state = files["shift-share-42071-2014-2019-vs-us.csv"], files["shift-share-42071-2014-2019-vs-state-42000.csv"]
    assert "Reference growth, as all of the U.S. grew (jobs)" in us.columns
    assert "Reference growth, as all of Pennsylvania grew (jobs)" in state.columns
    assert "Industry's growth in Pennsylvania (%)" in state.columns
    # health care, 120 -> 150 in Lancaster: the U.S. grew 90,000 -> 100,000, Pennsylvania 9,000 -> 10,000 (+11.1%
    # both, so the same 13 jobs; their industry growth differs: +11.1% and +20%)
    health = state.set_index("Industry").loc["Health care and social assistance"]
    assert health["Industry's growth in Pennsylvania (%)"].startswith("20")
    assert us.set_index("Industry").loc["Health care and social assistance",
                                        "Industry's growth in the U.S. (%)"].startswith("11.1")


def test_one_county_says_why_its_5_year_change_is_missing_and_one_year_reads_sensibly(lancaster_db, tmp_path,
                                                                                         monkeypatch):
    """Lancaster 2013-2016: "–" in every row's 5-year column, explained only when several counties are chosen;
    with 2016 alone, the card's help read "employment grew 2016–2016"."""
    at = open_page(PAGE, lancaster_db, monkeypatch, county="42071")
    assert set(table(at)["5-year"]) == {"–"}
    assert "No 5-year change: the 2011 QCEW file is not loaded for Lancaster County." in [c.value for c in at.caption]
    at.select_slider(key="industry_years").set_range(2016, 2016).run()
    assert not at.exception
    help_of = {metric.label: metric.proto.help for metric in at.metric}
    assert "2016–2016" not in help_of["Concentrated and growing"]
    assert "only 2016 is chosen (or loaded)" in help_of["Concentrated and growing"]


def test_the_page_says_its_years_are_the_qcew_years_not_the_sidebars(tiny_qcew_db, monkeypatch):
    """With the sidebar at 2016–2017 the cards read the last QCEW year and the page said nothing of the sidebar's
    years, which choose the partnerships it counts (a staffer)."""
    at = open_page(PAGE, tiny_qcew_db, monkeypatch, years="2016-2017")
    assert any("the sidebar's years choose only the partnerships it counts (**2016–2017**)" in caption.value
               for caption in at.caption), [caption.value for caption in at.caption][:2]
