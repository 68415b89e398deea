"""The Worker outcomes page in AppTest: the tiny state with wage records (figures checked by hand) and the demo."""

from __future__ import annotations

import json

from test_pages import link_values, metrics_of, open_page
from tiny_state import YORK
from tiny_workers import worker_db  # noqa: F401  (fixture)

PAGE = "pages/3_Worker_outcomes.py"


def charts_of(at) -> dict[str, dict]:
    """The page's Plotly figures by title."""
    figures = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return {figure["layout"]["title"]["text"]: figure for figure in figures}


def captions_of(at) -> list[str]:
    return [caption.value for caption in at.caption]


def test_the_page_shows_the_hand_computed_figures(worker_db, monkeypatch):  # noqa: F811
    at = open_page(PAGE, worker_db, monkeypatch)
    assert not at.error and at.title[0].value == "Worker outcomes"
    shown = metrics_of(at)
    assert shown["Median hourly wage gain"] == "+$3.00"  # 3, 1, 4, 0.5, 3
    assert shown["Completed training"] == "86%"  # 6 of 7
    assert shown["Employed 2nd quarter after exit"] == "80%"  # 4 of 5 observable
    assert shown["Employed 4th quarter after exit"] == "75%"
    assert shown["Median earnings, 2nd quarter after exit"] == "$5,500"
    assert shown["Same employer, 2nd and 4th quarter"] == "50%"
    assert shown["Below the poverty level, after"] == "33%"
    assert "n = 5 exiters · left out: 1 not yet in the data, 1 without wage records" in captions_of(at)
    assert any(caption.startswith("n = 5 completers · 95% interval") for caption in captions_of(at))
    assert any("Source: Public/Private Ventures" in caption for caption in captions_of(at))
    assert len(at.get("plotly_chart")) == 7
    assert len(at.get("download_button")) >= 5


def test_choosing_one_sector_changes_the_headline(worker_db, monkeypatch):  # noqa: F811
    at = open_page(PAGE, worker_db, monkeypatch)
    at.multiselect(key="sectors").set_value(["MFG"]).run()
    shown = metrics_of(at)
    assert shown["Median hourly wage gain"] == "+$2.25"  # W4 +4, W5 +0.50
    assert shown["Completed training"] == "100%"
    assert shown["Employed 2nd quarter after exit"] == "100%"  # W4; W5's quarter is not in the data yet
    assert link_values(at, "sector") == ["MFG"]


def test_county_of_residence_or_the_partnerships_counties(worker_db, monkeypatch):  # noqa: F811
    at = open_page(PAGE, worker_db, monkeypatch, county=YORK)
    assert metrics_of(at)["Median hourly wage gain"] == "+$4.00"  # York residents: W3 (not completed) and W4
    at.segmented_control(key="worker_county_basis").set_value("Counties served").run()
    assert metrics_of(at)["Median hourly wage gain"] == "+$2.25"  # P2 serves York: W4 and W5


def test_choosing_a_partnership_narrows_the_figures_and_the_link(worker_db, monkeypatch):  # noqa: F811
    at = open_page(PAGE, worker_db, monkeypatch)
    at.selectbox(key="worker_partnership").set_value("P2").run()
    assert link_values(at, "partnership") == ["P2"]
    assert any(md.value == "#### York-Chester Makers" for md in at.markdown)
    assert metrics_of(at)["Median hourly wage gain"] == "+$2.25"
    ranking = next(figure for title, figure in charts_of(at).items() if title.startswith("Partnerships ranked"))
    assert any(label.startswith("▶ York-Chester Makers") for label in ranking["data"][0]["y"])  # highlighted
    assert len(ranking["data"][0]["y"]) == 2  # ranked among all partnerships in view


def test_partnership_link_opens_that_partnership(worker_db, monkeypatch):  # noqa: F811
    at = open_page(PAGE, worker_db, monkeypatch, partnership="P1")
    assert at.selectbox(key="worker_partnership").value == "P1"
    assert metrics_of(at)["Completed training"] == "80%"  # W1, W2, W6, W7 of W1-W3, W6, W7


def test_a_county_with_no_participants_shows_a_clear_empty_state(worker_db, monkeypatch):  # noqa: F811
    at = open_page(PAGE, worker_db, monkeypatch, county="42003")  # Allegheny: nobody
    assert not at.error and not at.exception
    assert any("No participant left a program in this selection" in info.value for info in at.info)
    assert not at.get("plotly_chart") and not at.metric


def test_breakdown_by_age_band_shows_its_table(worker_db, monkeypatch):  # noqa: F811
    at = open_page(PAGE, worker_db, monkeypatch)
    at.segmented_control(key="worker_breakdown").set_value("Age band").run()
    assert not at.exception
    tables = [frame.value for frame in at.dataframe]
    by_age = next(table for table in tables if "Age band" in table.columns)
    assert set(by_age["Age band"]) == {"16-24", "25-34", "35-44", "45-54", "55+"}
    assert "Gap to overall median $/h" in by_age.columns
    assert "Median hourly wage gain by age band, exits 2016–2019" in charts_of(at)


def test_public_mode_refuses_the_page(worker_db, monkeypatch):  # noqa: F811
    """Public visitors read worker figures on the Showcase (release cells only); this page is staff-only."""
    at = open_page(PAGE, worker_db, monkeypatch, mode="public")
    assert any("for state staff only" in error.value for error in at.error) and not at.metric and not at.dataframe


def test_demo_page_renders_and_follows_the_sector(demo_db, monkeypatch):
    at = open_page(PAGE, demo_db, monkeypatch)
    assert not at.error
    everything = metrics_of(at)
    assert everything["Median hourly wage gain"].startswith("+$")
    sector = at.multiselect(key="sectors").options[0]
    at.multiselect(key="sectors").set_value([sector]).run()
    narrowed = metrics_of(at)
    assert narrowed["Median hourly wage gain"] != everything["Median hourly wage gain"]
    assert narrowed["Completed training"] != everything["Completed training"] or \
        narrowed["Employed 2nd quarter after exit"] != everything["Employed 2nd quarter after exit"]
    assert len(charts_of(at)) == 7


def test_demo_public_mode_shows_figures_on_enough_people(demo_db, monkeypatch):
    """On the demo, public visitors get the wage gain from the release on the Showcase."""
    at = open_page("pages/0_Showcase.py", demo_db, monkeypatch, mode="public")
    assert not at.error
    assert metrics_of(at)["Average raise per hour"].startswith("+$")
