"""AppTest of the Employer outcomes page: the tiny state with hand-made QWI cells (hand-checkable), the real North
Carolina QWI extract on its own (baseline without surveys), public mode, and a demo smoke test."""

from __future__ import annotations

import base64

import numpy as np
import pandas as pd
import pytest
from page_support import charts_of, metrics_of, on_every_tab, open_page, open_tab, recorded_csv_downloads
from test_qwi import NC_METRO, build_tiny_with_qwi, needs_shared

from sectorscope.ingest import load as ingest
from sectorscope.sources import qwi

PAGE = "pages/4_Employer_outcomes.py"
QWI_TRACE = "Industry in the region (QWI, annualized)"


@pytest.fixture(scope="module")
def tiny_qwi_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("tiny_qwi_page") / "tiny_qwi.duckdb"
    build_tiny_with_qwi(path)
    return path


@pytest.fixture(scope="module")
def nc_db(tmp_path_factory):
    """A database holding only the real North Carolina 2010 metro x sector QWI extract (no partnerships)."""
    path = tmp_path_factory.mktemp("nc") / "nc.duckdb"
    extract = qwi.read_extract(NC_METRO)
    ingest.load_batch(path, [ingest.TableInput("qwi", extract.rows, NC_METRO.name, mode="upsert")],
                      state_fips=extract.state_fips)
    return path


def numbers(values) -> list:
    """A Plotly array as the front end receives it (plain list, or typed array in base64)."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def trace(figure: dict, name: str) -> dict:
    return next(t for t in figure["data"] if t.get("name") == name)


def baseline_figure(at) -> dict:
    return next(f for title, f in charts_of(at).items() if "QWI" in title or "industry's" in title)


def test_tiny_state_figures_by_hand(tiny_qwi_db, monkeypatch):
    at = open_page(PAGE, tiny_qwi_db, monkeypatch)
    assert not at.error and at.title[0].value == "Did employers gain?"
    shown = metrics_of(at)
    # E1 .40 -> .30 is the only pair; E2 has no rate after and is counted as left out
    assert shown["Median employer's change in turnover"] == "-10 pts"
    assert any("n = 1 answer with both rates, one per employer and partnership · 1 left out for a missing rate · "
               "small n: read with care" in c.value for c in at.caption)
    shown = metrics_of(open_tab(at, PAGE, "Hires from training"))
    assert shown["Hires from training"] == "4" and shown["Per employer (median)"] == "2.0"


def test_a_small_selection_draws_each_employer_as_a_dumbbell(tiny_qwi_db, monkeypatch):
    at = open_page(PAGE, tiny_qwi_db, monkeypatch)
    figure = charts_of(at)["Each employer: before vs at the survey (n=1)"]
    after = trace(figure, "At the survey")
    assert list(after["y"]) == ["General Hospital · Lancaster Health Careers"]
    assert numbers(after["x"]) == pytest.approx([0.30])
    # the change written by a text trace of its own, beside the dot (not in the legend: the distance between dots)
    [written] = [t for t in figure["data"] if t.get("name") == "At the survey" and "text" in t]
    assert written["text"] == ["-10 pts"] and written["showlegend"] is False


def test_baseline_is_the_industry_in_the_same_counties_and_years(tiny_qwi_db, monkeypatch):
    at = open_page(PAGE, tiny_qwi_db, monkeypatch, tab="Against the industry norm")
    figure = baseline_figure(at)
    qwi_trace = trace(figure, QWI_TRACE)
    labels = dict(zip(qwi_trace["y"], numbers(qwi_trace["x"]), strict=True))
    # Healthcare: (.05x100 + .06x100 + .07x200) / 400 = .0625 a quarter -> .25 a year; manufacturing .04 -> .16
    assert labels["Healthcare (n = 1 · small n)"] == pytest.approx(0.25)
    assert labels["Manufacturing (n = 0)"] == pytest.approx(0.16)
    assert any("annualized as 4 ×" in c.value for c in at.caption)


def test_sector_filter_changes_the_page(tiny_qwi_db, monkeypatch):
    at = open_page(PAGE, tiny_qwi_db, monkeypatch)
    at.multiselect(key="sectors").set_value(["MFG"]).run()
    assert not at.exception
    shown = metrics_of(at)
    # E2 has no pair: no employer with both rates (not a zero change), and the one left out is counted
    assert shown["Median employer's change in turnover"] == "None in selection"
    assert any("no answers with both rates, one per employer and partnership in this selection · 1 left out"
               in c.value for c in at.caption)
    assert metrics_of(open_tab(at, PAGE, "Hires from training"))["Hires from training"] == "1"
    labels = trace(baseline_figure(open_tab(at, PAGE, "Against the industry norm")), QWI_TRACE)["y"]
    assert list(labels) == ["Manufacturing (n = 0)"]


def test_compare_by_partnership(tiny_qwi_db, monkeypatch):
    at = open_page(PAGE, tiny_qwi_db, monkeypatch, tab="Against the industry norm")
    at.segmented_control(key="baseline_by").set_value("Partnership").run()
    labels = trace(baseline_figure(at), QWI_TRACE)["y"]
    assert set(labels) == {"Lancaster Health Careers (n = 1 · small n)", "York-Chester Makers (n = 0)"}


def test_every_table_has_a_csv_download(tiny_qwi_db, monkeypatch):
    at = open_page(PAGE, tiny_qwi_db, monkeypatch)
    names = {button.proto.label for tab in on_every_tab(at, PAGE) for button in tab.get("download_button")}
    assert {"Download turnover by group CSV", "Download survey shares CSV", "Download baseline comparison CSV",
            "Download hires by partnership CSV", "Download hires by employer CSV (staff)",
            "Download each employer's turnover CSV (staff)"} <= names


def test_public_mode_refuses_the_page(tiny_qwi_db, monkeypatch):
    """Public visitors read employer figures on the Showcase (release cells only); this page is staff-only."""
    at = open_page(PAGE, tiny_qwi_db, monkeypatch, mode="public")
    assert any("for state staff only" in error.value for error in at.error)
    assert not at.metric and not at.get("download_button") and not charts_of(at)


def test_empty_selection_says_so(tiny_db, monkeypatch):
    at = open_page(PAGE, tiny_db, monkeypatch, county="42003")  # Allegheny: no employer, and no QWI loaded
    assert any("No surveyed employer matches this selection" in info.value for info in at.info)
    assert not at.get("plotly_chart")


@needs_shared
def test_north_carolina_qwi_alone_draws_the_baseline(nc_db, monkeypatch):
    at = open_page(PAGE, nc_db, monkeypatch)
    assert not at.error
    figure = baseline_figure(at)
    assert next(title for title in charts_of(at) if "QWI" in title).endswith("(Census QWI), 2010")
    qwi_trace = trace(figure, QWI_TRACE)
    assert len(qwi_trace["y"]) == 20 and "Manufacturing" in qwi_trace["y"]
    assert all(0 < value < 1 for value in numbers(qwi_trace["x"]) if value == value)
    notes = " ".join(c.value for c in at.caption)
    assert "metro-area (CBSA)" in notes  # the year filter itself now spans the QWI years (2010)
    assert "No partnership employer surveys" in notes
    from test_export_chart_images import source_line

    # the Census Bureau's figures: it was stamped "the state's program records"
    assert "Source: U.S. Census Bureau, LEHD Quarterly Workforce Indicators" in source_line(figure).replace("<br>", " ")
    assert "program records" not in source_line(figure)


def test_demo_smoke_and_sector_change(demo_db, monkeypatch):
    at = open_page(PAGE, demo_db, monkeypatch, tab="Against the industry norm")
    assert not at.error
    assert any("Demo data (synthetic)" in w.value for w in at.warning)
    # The demo's QWI is made by the generator: never credited to the Census Bureau.
    assert any("synthetic demo QWI" in title for title in charts_of(at))
    assert not any("Census QWI" in text for text in [*charts_of(at), *(h.value for h in at.header)])
    assert any("Source: synthetic QWI-style turnover" in c.value for c in at.caption)
    note = next(md.value for md in at.markdown if "**QWI baseline**" in md.value)  # "How these are measured"
    assert "synthetic demo QWI" in note and "Census Quarterly Workforce Indicators" not in note
    everything = metrics_of(open_tab(at, PAGE, "Hires from training"))["Hires from training"]
    at.multiselect(key="sectors").set_value(["HLTH"]).run()
    assert not at.exception and metrics_of(at)["Hires from training"] != everything
    assert len(trace(baseline_figure(open_tab(at, PAGE, "Against the industry norm")), QWI_TRACE)["y"]) == 1


def test_a_partnership_link_narrows_the_page_and_says_so(tiny_db, monkeypatch):
    everyone = open_page(PAGE, tiny_db, monkeypatch)
    one = open_page(PAGE, tiny_db, monkeypatch, partnership="P2")
    assert any("Showing the employers of **York-Chester Makers** only" in info.value for info in one.info)
    assert not any("Showing the employers of" in info.value for info in everyone.info)
    assert one.selectbox(key="employer_partnership").value == "P2"
    count = next(c.value for c in one.caption if "with both rates" in c.value)
    everyone_count = next(c.value for c in everyone.caption if "with both rates" in c.value)
    assert count != everyone_count
    # with a county chosen too, the page counts that county's employers, the partnership's deck all of them: said
    in_county = open_page(PAGE, tiny_db, monkeypatch, partnership="P2", county="42029")
    assert any("in the sidebar's counties (its slides and deck count all of its counties)" in info.value
               for info in in_county.info)


def test_the_local_norm_verdict_says_it_is_a_rough_comparison(tiny_qwi_db, monkeypatch):
    """"Below their industry's local rate in 5 of 9" compared employers' all-jobs turnover with QWI's stable-job
    rate without a word (an Employer page reviewer)."""
    at = open_page(PAGE, tiny_qwi_db, monkeypatch, tab="Against the industry norm")
    verdict = next(md.value for md in at.markdown if "their industry's local rate" in md.value)
    assert "rough comparison" in verdict and "stable jobs only" in verdict


def test_a_chosen_partnerships_sector_baseline_is_its_own_employers_counties_and_years(demo_db, monkeypatch):
    """With ?partnership=P013, "Compare by Sector" gave the whole sector's QWI rate (every partnership's employers'
    counties), where the partnership's own employers' counties and years give another (an Employer page
    reviewer): for one partnership the sector row and the partnership row are the same cells now."""
    at = open_page(PAGE, demo_db, monkeypatch, partnership="P013", tab="Against the industry norm")
    by_sector = numbers(trace(baseline_figure(at), QWI_TRACE)["x"])
    at.segmented_control(key="baseline_by").set_value("Partnership").run()
    by_partnership = numbers(trace(baseline_figure(at), QWI_TRACE)["x"])
    assert len(by_sector) == len(by_partnership) == 1 and by_sector == pytest.approx(by_partnership)


def test_the_employer_charts_flag_groups_of_fewer_than_30(tiny_qwi_db, monkeypatch):
    """"Reduced turnover (n=11)" at 9% and hires "(n=1 employers)" stood unflagged where the cards and the deck flag
    them (an Employer page reviewer)."""
    at = open_page(PAGE, tiny_qwi_db, monkeypatch)
    labels = [label for figure in charts_of(at).values() for one in figure["data"] for label in (one.get("y") or [])
              if isinstance(label, str) and "(n = " in label]
    assert labels and all("· small n" in label for label in labels if "(n = 0" not in label), labels
    assert not [label for label in labels if "1 employers" in label]



@pytest.fixture
def csv_files(monkeypatch) -> dict[str, pd.DataFrame]:
    """Every CSV the pages opened in the test offer, as a click writes it: file name -> the file read back as text."""
    return recorded_csv_downloads(monkeypatch)


def test_a_chosen_partnership_is_named_on_every_chart_picture_and_csv(tiny_qwi_db, monkeypatch, csv_files):
    """With ?partnership=P054 every chart footer, every CSV's Selection column and the caption under the title read
    "All sectors · all counties · 2005–2025", as the state's own: a saved picture or file could not be told apart
    from the statewide one (an Employer page reviewer)."""
    from test_export_chart_images import source_line

    at = open_page(PAGE, tiny_qwi_db, monkeypatch, partnership="P1")
    assert at.caption[0].value.endswith(" · Lancaster Health Careers")
    lines = {title: source_line(figure).replace("<br>", " ") for tab in on_every_tab(at, PAGE)
             for title, figure in charts_of(tab).items()}
    assert len(lines) >= 4 and all("Lancaster Health Careers" in line for line in lines.values()), lines
    assert len(csv_files) >= 5
    selections = {name: set(frame["Selection"]) for name, frame in csv_files.items()}
    # the page's years with the survey years in them (its figures are the surveys'; the exits' are not its own)
    assert all(len(selection) == 1 and selection.pop().endswith(
        "all counties · 2015–2019 (surveys 2018–2019) · Lancaster Health Careers")
               for selection in selections.values()), selections
    # and the QWI chart drawn without a survey in view (the years hold none) names it too
    csv_files.clear()
    before = open_page(PAGE, tiny_qwi_db, monkeypatch, partnership="P1", years="2017-2017")
    assert "Lancaster Health Careers" in source_line(baseline_figure(before)).replace("<br>", " ")
    # its file says what its chart's footer says: the partnership's own industry and the QWI years shown (it said
    # the sidebar's, "no dated records" under a chart of 2014–2024 where no program record is dated: a reviewer)
    assert set(csv_files["qwi-turnover-by-industry.csv"]["Selection"]) == {
        "Healthcare · all counties · 2017 · Lancaster Health Careers"}


def test_the_baseline_counts_the_answers_from_survey_years_without_qwi(demo_db, monkeypatch, csv_files):
    """"Same counties and years" stood over 22% of the answers compared having no QWI year (surveys 2012-2025, QWI
    2014-2024): the page counts them, from the employers' own file (an Employer page reviewer)."""
    import duckdb

    at = open_page(PAGE, demo_db, monkeypatch)
    with duckdb.connect(str(demo_db), read_only=True) as con:
        first, last = con.execute("select min(year), max(year) from qwi where area_type = 'county'").fetchone()
    compared = pd.to_numeric(csv_files["turnover-by-employer.csv"]["Survey year"])  # answers with both rates
    outside = int(((compared < first) | (compared > last)).sum())
    assert outside > 0
    norm = open_tab(at, PAGE, "Against the industry norm")
    note = next(c.value for c in norm.caption if "answers compared are from survey years" in c.value)
    assert note.startswith(f":material/info: {outside:,} of the {len(compared):,} answers compared are from survey "
                           f"years the QWI loaded ({first}–{last}) does not cover")


def test_no_answer_outside_the_qwi_years_no_word_of_it(tiny_qwi_db, monkeypatch):
    # surveys 2018 and 2019, county QWI 2017-2019
    at = open_page(PAGE, tiny_qwi_db, monkeypatch, tab="Against the industry norm")
    assert baseline_figure(at) and not any("answers compared are from survey years" in c.value for c in at.caption)


def test_the_baseline_says_how_many_groups_it_draws_and_that_the_csv_has_all(demo_db, monkeypatch, csv_files):
    """"Compare by Partnership" drew 40 of 72 partnerships, its title and captions silent, the sentence under it
    counting all 72 (an Employer page reviewer): said as the turnover dumbbell above says it."""
    at = open_page(PAGE, demo_db, monkeypatch, tab="Against the industry norm")
    at.segmented_control(key="baseline_by").set_value("Partnership").run()
    groups = len(csv_files["turnover-vs-qwi-by-partnership.csv"])
    assert groups > 40
    assert len(trace(baseline_figure(at), QWI_TRACE)["y"]) == 40
    assert f"The 40 partnership groups with the largest falls of {groups:,}; all are in the CSV." in [
        c.value for c in at.caption]


def test_the_csvs_count_answers_as_the_cards_do_not_employers(tiny_qwi_db, monkeypatch, csv_files):
    """"Employers (n)" = 1,996 counted answers, one per employer and partnership, of 1,896 employers (an Employer
    page reviewer): the files head their counts as the cards word them."""
    for _ in on_every_tab(open_page(PAGE, tiny_qwi_db, monkeypatch), PAGE):
        pass  # every tab's files
    for name in ("turnover-by-sector.csv", "turnover-vs-qwi-by-sector.csv"):
        headings = list(csv_files[name].columns)
        assert {"Answers with both rates (n, one per employer and partnership)",
                "Answers left out (a rate missing)"} <= set(headings), headings
    shares = list(csv_files["employer-survey-shares.csv"].columns)
    assert {"Answers to the question (n, one per employer and partnership)", "Answers yes"} <= set(shares), shares
    # the chart's "small n" flag in the file too, as the Worker page's CSVs have it (the tiny state: 1-2 answers)
    flagged = csv_files["employer-survey-shares.csv"]
    answers = pd.to_numeric(flagged["Answers to the question (n, one per employer and partnership)"])
    assert list(flagged["Small n (< 30)"].astype(str)) == [str(0 < n < 30) for n in answers]
    assert "True" in set(flagged["Small n (< 30)"].astype(str))
    assert [heading for frame in csv_files.values() for heading in frame.columns
            if heading.startswith("Employers") and heading not in ("Employers", "Employers reporting hires")] == []


def test_a_partnership_left_out_by_the_other_filters_says_so_and_draws_its_own_industry(tiny_qwi_db, monkeypatch):
    """?partnership=P054&sector=MFG read "No surveyed employer matches this selection" of a Healthcare partnership
    with 23 surveyed employers, over statewide Manufacturing QWI; and "The QWI data loaded covers 2014–2024, not the
    selected years" under selected years 2005–2025 (an Employer page reviewer)."""
    at = open_page(PAGE, tiny_qwi_db, monkeypatch, partnership="P1", sector="MFG")
    said = ("**Lancaster Health Careers** is a Healthcare partnership, outside the sidebar's sectors: clear them to "
            "see its 1 surveyed employer; the QWI baseline of its industry (Healthcare) is below.")
    assert said in [info.value for info in at.info]
    assert list(trace(baseline_figure(at), QWI_TRACE)["y"]) == [qwi.sector_name("62")]
    notes = " ".join(c.value for c in at.caption)
    assert "not the selected years" not in notes  # the selected years hold every QWI year (2017–2019)
    # its years hold none of its surveys: said with the years it was surveyed
    later = open_page(PAGE, tiny_qwi_db, monkeypatch, partnership="P1", years="2019-2019")
    assert any(info.value.startswith("**Lancaster Health Careers** has 1 surveyed employer (surveyed 2018), none in "
                                     "the sidebar's counties and years") for info in later.info)
    # selected years holding no QWI year: the chart shows the QWI's own, and says so
    before = open_page(PAGE, tiny_qwi_db, monkeypatch, years="2015-2016")
    assert "The QWI data loaded covers 2017–2019, not the selected years." in " ".join(c.value for c in before.caption)


def test_a_partnership_active_before_the_surveys_on_record_says_when(demo_db, monkeypatch):
    """P052 (2005-2009) read "has no employer survey on record" where its profile adds why: its years lie before
    the surveys on record (a reviewer)."""
    at = open_page(PAGE, demo_db, monkeypatch, partnership="P052")
    name = at.selectbox(key="employer_partnership").format_func("P052")
    assert any(info.value.startswith(f"**{name}** has no employer survey on record (surveys on record run ")
               and "; active 2005–2009)" in info.value for info in at.info), [info.value for info in at.info]


def test_a_partnership_without_surveys_draws_its_own_industrys_qwi(demo_db, monkeypatch):
    """?partnership=P027 (an Energy partnership with no survey yet) drew all 19 QWI industries (an Employer page
    reviewer)."""
    at = open_page(PAGE, demo_db, monkeypatch, partnership="P027")
    name = at.selectbox(key="employer_partnership").format_func("P027")
    assert any(info.value.startswith(f"**{name}** has no employer survey on record; the QWI baseline of its "
                                     "industry (Energy) is below.") for info in at.info)
    assert len(trace(baseline_figure(at), QWI_TRACE)["y"]) == 1


def test_without_qwi_the_baseline_tab_names_both_ways_to_load_it(tiny_db, monkeypatch):
    """The notice named only the command line; the Data page loads QWI extracts too (a staffer)."""
    at = open_page(PAGE, tiny_db, monkeypatch, tab="Against the industry norm")
    assert not at.exception
    assert any("No Quarterly Workforce Indicators are loaded" in info.value and "on the Data page" in info.value
               and "qwi load FILE" in info.value for info in at.info)
