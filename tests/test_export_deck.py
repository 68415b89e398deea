"""Decks read back with python-pptx: slides, titles, and every chart series equal to the page's numbers for the same
filters (computed through the pages' queries and metric functions), on the tiny state (by hand) and the demo."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import worker_reference as reference
from pptx import Presentation
from pptx.util import Inches, Pt
from tiny_state import tiny_tables

from sectorscope import db
from sectorscope.export import content
from sectorscope.export import deck as deck_module
from sectorscope.export.deck import build_deck
from sectorscope.ingest import load as ingest
from sectorscope.metrics import employers, funding, wioa
from sectorscope.present.formatting import format_signed_dollars, n_label
from sectorscope.references import BOUNDARIES_CREDIT
from sectorscope.rounding import half_up

VIEW_TITLES = [
    "Sector strategies at a glance",
    "Impact on workers", "Median hourly wage gain by sector", "Before and after training, beside published figures",
    "Impact on employers", "Employers reporting gains, beside the Massachusetts evaluation",
    "Partnership effectiveness", "Grant dollars by start year and funding source", "Partnerships serving each county",
    "Systems change", "Systems changes logged per year",
    "Impact on community",
    "Sources and definitions",
]


def report_of(path: Path, public: bool = False, min_cell: int = 10, **params: list[str]) -> content.Report:
    con = db.connect_read_only(path)
    try:
        view = content.view_options(con, public)
        selection = content.selection_from(view, params)
        assert not selection.notices, selection.notices
        return content.build_report(con, view, selection, public=public, min_cell=min_cell)
    finally:
        con.close()


def read_deck(report: content.Report):
    return Presentation(io.BytesIO(build_deck(report)))


def test_the_views_years_name_the_states_exits_but_a_partnerships_its_own(tiny_db):
    """The state's deck says the years its exits hold within the view's ("2015–2019 (exits 2017–2019)"); a
    partnership's said the state's exit years beside its own active years ("(exits 2015–2025) · active 2005–2008"
    of one with no exiter on record: a code reviewer), and says its own alone."""
    state = report_of(tiny_db)
    assert state.filters.endswith("· 2015–2019 (exits 2017–2019)"), state.filters
    partnership = report_of(tiny_db, partnership=["P1"])
    assert "(exits" not in partnership.filters and "2015–2019" in partnership.filters, partnership.filters


def titles(deck) -> list[str]:
    return [slide.shapes.title.text for slide in deck.slides]


def slide_text(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def charts_of(deck) -> dict[str, dict]:
    """Slide title -> {"categories": [...], "series": {name: [values]}} for every chart slide."""
    out = {}
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_chart:
                plot = shape.chart.plots[0]
                out[slide.shapes.title.text] = {
                    # as a reader sees them: the deck keeps each "(n = ...)" on one line with no-break spaces
                    "categories": [str(c).replace(deck_module.NO_BREAK_SPACE, " ") for c in plot.categories],
                    "series": {series.name: list(series.values) for series in plot.series}}
    return out


def page_people(path: Path, **params) -> pd.DataFrame:
    """The Worker outcomes page's per-person frame for these filters (its query, its metric function)."""
    con = db.connect_read_only(path)
    try:
        view = content.view_options(con, False)
        selection = content.selection_from(view, params)
        frame = db.run_query(con, "worker_outcomes", **selection.query_parameters(), by_partnership_county=False,
                             public_only=False, partnership_ids=[selection.partnership_id] if
                             selection.partnership_id else [])
        coverage = wioa.Coverage.from_row(db.run_query(con, "wage_record_coverage").iloc[0])
        return reference.person_outcomes(frame, coverage)
    finally:
        con.close()


def assert_series_equal(actual: list, expected: list, cents: bool = False) -> None:
    """``cents``: a dollar series, written at the cents the pages show (``rounding.half_up`` of the float)."""
    assert len(actual) == len(expected)
    for got, want in zip(actual, expected, strict=True):
        shown = want if not cents or want is None or pd.isna(want) else half_up(want, 2)
        assert (got is None and want is None) or got == pytest.approx(shown, abs=1e-9)


# --- Tiny state: figures computed by hand -------------------------------------------------------------------------

def test_tiny_statewide_deck_holds_the_hand_computed_wage_gains(tiny_db):
    deck = read_deck(report_of(tiny_db))
    assert titles(deck) == VIEW_TITLES
    charts = charts_of(deck)
    # Healthcare completers with both wages: A +3, B +1 -> median 2; Manufacturing: D +4
    assert charts["Median hourly wage gain by sector"] == {  # each bar says what it rests on, as the Worker page
        "categories": ["Healthcare (n = 2 · small n)", "Manufacturing (n = 1 · small n)"],
        "series": {"Median gain ($/hour)": [2.0, 4.0]}}
    # the data's years are 2015-2019: G1 2016 state 100k, G2 2017 philanthropic 300k, G3 2017 state 200k
    assert charts["Grant dollars by start year and funding source"] == {
        "categories": ["2016", "2017"], "series": {"philanthropic": [None, 300000.0], "state": [100000.0, 200000.0]}}
    # E1 reduced turnover yes, E2 no -> 50%; rework 50%; complaints 0%; valued 100%
    survey = charts["Employers reporting gains, beside the Massachusetts evaluation"]
    assert survey["series"] == {"Employers in view": [0.5, 0.5, 0.0, 1.0],
                                "Massachusetts evaluation": [0.41, 0.19, 0.23, 1.0]}
    workers_slide = deck.slides[1]
    assert "+$2.00" in slide_text(workers_slide)  # median of +3, +1, +4
    assert "n = 3 completers" in slide_text(workers_slide)


def test_tiny_one_sector_deck_charts_that_sector_by_exit_year(tiny_db):
    report = report_of(tiny_db, sector=["MFG"])
    deck = read_deck(report)
    assert titles(deck)[0] == "Sector strategies at a glance"
    assert "Manufacturing" in slide_text(deck.slides[0])
    charts = charts_of(deck)
    assert charts["Median hourly wage gain by exit year"] == {  # D exited 2019, +4: one person, and it says so
        "categories": ["2019 (n = 1 · small n)"], "series": {"Median gain ($/hour)": [4.0]}}
    assert charts["Grant dollars by start year and funding source"]["series"] == {"state": [200000.0]}


def test_public_tiny_deck_hides_small_numbers_in_words(tiny_db):
    deck = read_deck(report_of(tiny_db, public=True, min_cell=10))
    text = "\n".join(slide_text(slide) for slide in deck.slides)
    assert "hidden (fewer than 10)" in text
    assert re.search(r"\b(None|nan)\b", text) is None  # a word, not "Financial"
    # only P1 is public: 3 people, 1 employer, every group below 10 -> no chart of people, words instead
    charts = charts_of(deck)
    assert "Median hourly wage gain by sector" not in charts
    wage_slide = next(s for s in deck.slides if s.shapes.title.text.startswith("Median hourly wage gain"))
    assert "hidden (fewer than 10)" in slide_text(wage_slide)
    assert "Employers reporting gains, beside the Massachusetts evaluation" not in charts
    # grants are not about people: P1's grants stay (York-Chester Makers is not public, so G3 is gone)
    assert charts["Grant dollars by start year and funding source"]["series"] == {"philanthropic": [None, 300000.0],
                                                                                  "state": [100000.0, None]}
    assert "York-Chester Makers" not in text


def test_the_footer_shares_its_line_by_the_lengths_of_its_two_texts(tiny_db):
    """The public notice is longer than the view it sits beside: it gets the wider part of the line (it was folded
    into a third of it), and the two boxes stay apart and inside the margins on every slide."""
    from sectorscope.export.deck import FOOTER_GAP, HEIGHT, MARGIN, WIDTH

    deck = read_deck(report_of(tiny_db, public=True, min_cell=10))
    for slide in deck.slides:
        footer = sorted((shape for shape in slide.shapes if shape.has_text_frame
                         and shape.top == HEIGHT - Inches(0.45)), key=lambda shape: shape.left)
        view, notice = footer
        assert notice.text_frame.text.startswith("Public view") and view.text_frame.text.startswith("Sectorscope")
        # the longer text gets the wider part (the view says its exits' years too: "2015–2019 (exits 2017–2019)")
        assert (notice.width > view.width) == (len(notice.text_frame.text) > len(view.text_frame.text))
        assert view.left == MARGIN and view.left + view.width + FOOTER_GAP <= notice.left
        assert notice.left + notice.width <= WIDTH - MARGIN


@pytest.mark.parametrize(("view", "notice", "wider"), [
    ("Sectorscope · Whole state · all sectors · all years · December 3, 2026",
     "Demo data (synthetic) · Public view: figures resting on fewer than 10 people or employers hidden", "notice"),
    ("Sectorscope · " + "A partnership with a very long name indeed " * 4 + "· 2005–2025 · December 3, 2026",
     "Demo data (synthetic)", "view"),
])
def test_footer_widths_follow_the_texts_and_fill_the_line(view, notice, wider):
    from sectorscope.export.deck import FOOTER_GAP, MARGIN, WIDTH, footer_widths

    left, right = footer_widths(view, notice)
    assert left + right + FOOTER_GAP == WIDTH - 2 * MARGIN and min(left, right) >= (left + right) // 5
    assert (right > left) == (wider == "notice")
    if wider == "view":  # a short notice keeps little more than it needs: the long view gets four fifths
        assert left >= 3 * right


def test_a_very_long_view_is_cut_in_the_footer_and_said_whole_on_the_title_slide(tiny_db):
    """A view of 400 characters (a partnership's name has no limit) made the deck fail (its file's subject holds 255
    characters) and would have run past the slide's bottom edge in the footer: both are cut with an ellipsis, and the
    title slide still says it whole."""
    import dataclasses

    from sectorscope.export.deck import FOOTER_VIEW_CHARACTERS, HEIGHT

    long_view = "A partnership with a very long name, " * 11
    deck = read_deck(dataclasses.replace(report_of(tiny_db), filters=long_view))
    for slide in deck.slides:
        footer = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame
                  and shape.top == HEIGHT - Inches(0.45) and shape.text_frame.text.startswith("Sectorscope")]
        assert len(footer) == 1 and "…" in footer[0]
        assert len(footer[0]) <= FOOTER_VIEW_CHARACTERS + len("Sectorscope ·  · December 31, 2026")
    assert long_view.strip() in slide_text(deck.slides[0])
    assert deck.core_properties.subject.endswith("…")  # the file's subject, 255 characters at most, was refused whole


def test_a_long_title_is_set_smaller_so_it_stays_in_its_box():
    """A partnership's name of 130 characters took four lines at 40 pt and ran into the lines under the title."""
    from sectorscope.export.deck import (
        BOLD_EM,
        HEADING_HEIGHT,
        HEADING_SIZES,
        LINE_WIDTH,
        TITLE_HEIGHT,
        title_points,
    )

    short = "Sector strategies at a glance"
    long = ("Lancaster County Healthcare, Behavioral Health and Long-Term Care Workforce Collaborative of the South "
            "Central Pennsylvania Region")
    assert title_points(short) == 40
    points = title_points(long)
    assert points < 40
    per_line = int(LINE_WIDTH / Pt(points * BOLD_EM))
    assert -(-len(long) // per_line) * Pt(points * 1.2) <= TITLE_HEIGHT
    # another slide's title keeps 30 pt on one line; on two it is set smaller, and a partnership's long name too
    assert title_points(VIEW_TITLES[1], HEADING_SIZES, HEADING_HEIGHT) == 30
    assert title_points(VIEW_TITLES[5], HEADING_SIZES, HEADING_HEIGHT) == 22
    assert title_points(f"Counties {long} serves", HEADING_SIZES, HEADING_HEIGHT) < 30


def test_every_slides_title_fits_inside_its_box_and_insets(demo_db):
    """A two-line heading was sized for 72 pt in a box of 64.8 pt less its insets, and ran into the chart below."""
    from sectorscope.export.deck import BOLD_EM

    deck = read_deck(report_of(demo_db, partnership=["P002"]))
    for slide in deck.slides:
        title = slide.shapes.title
        frame = title.text_frame
        inner = title.height - (frame.margin_top or Inches(0.05)) - (frame.margin_bottom or Inches(0.05))
        width = title.width - (frame.margin_left or Inches(0.1)) - (frame.margin_right or Inches(0.1))
        points = title.text_frame.paragraphs[0].runs[0].font.size.pt
        lines = -(-len(title.text) // int(width / Pt(points * BOLD_EM)))
        assert lines * Pt(points * 1.2) <= inner, (title.text, points, lines)


def test_a_years_chart_keeps_the_years_without_a_grant_or_change_on_its_axis():
    """A partnership's grants of 2015, 2021 and 2024 stood side by side on a category axis, as if consecutive."""
    grants = pd.DataFrame({"grant_id": ["G1", "G2", "G3"], "start_date": pd.to_datetime(["2015-03-01", "2018-01-01",
                                                                                          "2018-07-01"]),
                           "funding_source": ["state", "federal", "state"], "amount_usd": [100.0, 50.0, 25.0]})
    chart = content.grants_chart(grants, True)
    assert chart.categories == ("2015", "2016", "2017", "2018")
    assert dict(chart.series) == {"federal": (None, None, None, 50.0), "state": (100.0, None, None, 25.0)}
    # its stacks carry no labels: the note says what they add up to (a slide's $538,500 could not be read: a convener)
    assert chart.note.endswith("all funders. In all $175: 2015 $100, 2018 $75.")
    # years rounded on their own that do not add up as written say so ($12K and $12K beside $25K)
    twice = pd.DataFrame({"grant_id": ["G1", "G2"], "start_date": pd.to_datetime(["2019-03-01", "2020-03-01"]),
                          "funding_source": ["state", "state"], "amount_usd": [12_400.0, 12_400.0]})
    assert content.grants_chart(twice, True).note.endswith("In all $25K: 2019 $12K, 2020 $12K (each rounded).")
    changes = pd.DataFrame({"change_id": ["C1", "C2"], "changed_on": pd.to_datetime(["2019-05-01", "2021-02-01"]),
                            "category": ["public policy", "public policy"]})
    assert content.changes_chart(changes, True).categories == ("2019", "2020", "2021")


def test_tables_never_loaded_are_said_in_words(tmp_path):
    tables = {name: frame for name, frame in tiny_tables().items()
              if name not in ("employer_surveys", "system_changes")}
    path = tmp_path / "partial.duckdb"
    ingest.load_batch(path, [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()],
                      state_fips="42")
    deck = read_deck(report_of(path))
    texts = {slide.shapes.title.text: slide_text(slide) for slide in deck.slides}
    assert "No employer surveys are loaded" in texts["Impact on employers"]
    assert "No systems-change log is loaded" in texts["Systems change"]
    assert "Employers reporting gains, beside the Massachusetts evaluation" not in texts


def test_a_registry_alone_gives_not_loaded_cards_never_zeros(tmp_path):
    """Only the partnerships loaded: the deck once showed "Grant dollars $0 · 0 grants", "Partners per partnership 0"
    and "Stories shared 0" (its card functions were called without the loaded tables), and its data line named
    participants, wage records, surveys and grants as the state's records."""
    tables = {name: frame for name, frame in tiny_tables().items()
              if name in ("regions", "region_counties", "sectors", "partnerships", "partnership_counties")}
    path = tmp_path / "registry.duckdb"
    ingest.load_batch(path, [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()],
                      state_fips="42")
    report = report_of(path)
    cards = {card.label: card for section in report.sections for card in section.headlines}
    for label in ("Grant dollars", "Leverage", "Grant dollars per exiter", "Partners per partnership",
                  "With an education partner", "Stories collected", "People who left poverty"):
        if label in cards:
            assert cards[label].value == "Not loaded", (label, cards[label].value)
    assert {"Grant dollars", "Partners per partnership", "Stories collected"} <= set(cards)
    assert report.data_source == "The state's program records (partnerships), last loaded " + report.data_source[-10:]
    deck = read_deck(report)
    deck_text = "\n".join(slide_text(slide) for slide in deck.slides)
    assert "$0" not in deck_text and "UI wage records" not in deck_text
    # a slide saying why it has no figure has notes saying it too (they were empty: a convener)
    absent = [slide for slide in deck.slides if "No figure on this slide" in slide.notes_slide.notes_text_frame.text]
    assert absent and all(slide.notes_slide.notes_text_frame.text.strip() for slide in deck.slides)
    # a chart's slide says its chart first, as a drawn one's notes do
    assert any(slide.notes_slide.notes_text_frame.text.startswith(f"{slide.shapes.title.text}. No figure")
               for slide in absent)


def test_the_deck_promises_no_slide_it_does_not_have(tiny_db):
    """The workers slide carried the page's note "The WIOA indicators ... follow below" (about job cards the deck
    leaves out), and no WIOA slide follows."""
    text = "\n".join(slide_text(slide) + "\n" + slide.notes_slide.notes_text_frame.text
                      for slide in read_deck(report_of(tiny_db)).slides)
    assert "follow below" not in text and "WIOA" not in text


def test_nothing_in_the_selection_is_said_in_words(tiny_db):
    deck = read_deck(report_of(tiny_db, sector=["HLTH"], county=["42029"]))  # Chester: only P2 (manufacturing)
    texts = {slide.shapes.title.text: slide_text(slide) for slide in deck.slides}
    assert "No participant left a program in this selection." in texts["Impact on workers"]
    assert "No surveyed employer in this selection." in texts["Impact on employers"]
    # a true 0, as on the Overview; what the grants chart lacks is said in words
    assert "Partnerships in view\n0" in texts["Partnership effectiveness"]
    assert "No partnership in this selection." in texts["Grant dollars by start year and funding source"]
    assert not charts_of(deck).get("Median hourly wage gain by sector")


# --- Demo: the same numbers as the pages --------------------------------------------------------------------------

def test_demo_statewide_deck_equals_the_pages_numbers(demo_db):
    report = report_of(demo_db)
    deck = read_deck(report)
    assert titles(deck) == VIEW_TITLES
    for slide in deck.slides:
        assert "Demo data (synthetic)" in slide_text(slide), slide.shapes.title.text
    charts = charts_of(deck)
    from sectorscope.rounding import without_binary_noise
    noisy = [value for chart in charts.values() for values in chart["series"].values() for value in values
             if value is not None and value != without_binary_noise(value)]
    assert not noisy, noisy  # what "Edit Data" shows a convener
    people = page_people(demo_db)
    by_sector = reference.outcomes_by(people, "sector_code")
    con = db.connect_read_only(demo_db)
    try:
        names = dict(db.run_query(con, "sectors")[["sector_code", "sector_name"]].itertuples(index=False))
        view = content.view_options(con, False)
        params = content.selection_from(view, {}).query_parameters()
        responses = db.run_query(con, "employer_survey_responses", **params, public_only=False)
        directory = db.run_query(con, "partnership_directory", **params, public_only=False)
        grants = db.run_query(con, "grants_of_partnerships", partnership_ids=list(directory["partnership_id"]),
                              year_from=params["year_from"], year_to=params["year_to"])
    finally:
        con.close()
    wage = charts["Median hourly wage gain by sector"]
    by_name = by_sector.assign(name=by_sector["sector_code"].map(names)).sort_values("name")  # as people look up
    assert wage["categories"] == [f"{name} ({n_label(n)})" for name, n in zip(by_name["name"], by_name["gain_n"],
                                                                              strict=True)]
    assert_series_equal(wage["series"]["Median gain ($/hour)"], list(by_name["median_gain"]), cents=True)
    shares = employers.survey_shares(employers.latest_responses(responses))
    survey = charts["Employers reporting gains, beside the Massachusetts evaluation"]
    assert_series_equal(survey["series"]["Employers in view"], list(shares["share"]))
    table = funding.grant_dollars_by(grants, "funding_source").pivot_table(
        index="year", columns="funding_source", values="dollars", aggfunc="sum")
    drawn = charts["Grant dollars by start year and funding source"]
    assert drawn["categories"] == [str(year) for year in table.index]
    for source in table.columns:
        assert_series_equal(drawn["series"][source], [None if pd.isna(v) else v for v in table[source]])
    conditions = reference.conditions_before_after(people)
    before_after = charts["Before and after training, beside published figures"]["series"]
    assert_series_equal(before_after["After"], list(conditions["after"]))
    gain = reference.worker_figures(people).gain  # the Overview's card: the mean, like the published average
    worker_slide = slide_text(deck.slides[1])
    assert "Mean hourly wage gain" in worker_slide and format_signed_dollars(gain.mean_gain) in worker_slide
    assert f"n = {gain.n:,} completers with both wages" in worker_slide


def test_the_overview_and_its_deck_show_the_same_worker_cards(demo_db, monkeypatch):
    # presenting the Overview once showed the Worker page's median (+$2.40) where the page showed the mean (+$2.34)
    from page_support import open_page

    for params in ({}, {"sector": ["HLTH"], "county": ["42071"]}):
        shown = {m.label: m.value for m in open_page("app.py", demo_db, monkeypatch,
                                                    **{k: v[0] for k, v in params.items()}).metric}
        cards = report_of(demo_db, **params).section(content.WORKERS).headlines
        assert [card.label for card in cards][:4] == ["Participants who exited", "Mean hourly wage gain",
                                                      "Completed training", "Earned a credential"]
        assert {card.label: card.value for card in cards} == {card.label: shown[card.label] for card in cards}


def test_demo_partnership_deck_is_that_partnerships_figures(demo_db):
    report = report_of(demo_db, partnership=["P002"])
    deck = read_deck(report)
    con = db.connect_read_only(demo_db)
    try:
        name = db.run_query(con, "partnership_profile", partnership_id="P002")["name"].iloc[0]
    finally:
        con.close()
    assert titles(deck)[0] == name
    assert titles(deck)[-1] == "Sources and definitions"
    assert f"Counties {name} serves" in titles(deck)
    by_year = reference.outcomes_by(page_people(demo_db, partnership=["P002"]), "exit_year")
    wage = charts_of(deck)["Median hourly wage gain by exit year"]
    assert wage["categories"] == [f"{year} ({n_label(n)})" for year, n in zip(by_year["exit_year"], by_year["gain_n"],
                                                                              strict=True)]
    assert wage["categories"][0] == "2015 (n = 9 · small n)"  # a "median" of 9 people, flagged as on the Worker page
    assert_series_equal(wage["series"]["Median gain ($/hour)"], list(by_year["median_gain"]), cents=True)
    # about one partnership: no "Partnerships in view: 1" beside the state's count, no "median over 1 partnership"
    # or "4 grants to 1 of 1 partnership", its counties served rather than "3 of 67, 4%"
    effectiveness = slide_text(next(s for s in deck.slides if s.shapes.title.text == "Partnership effectiveness"))
    assert "Partnerships in view" not in effectiveness and "81 Industry Partnerships" not in effectiveness
    # and no dashboard words on a deck with no view: "this partnership", not "the one partnership in view"
    assert "this partnership" in effectiveness and "in view" not in effectiveness and "1 of 1" not in effectiveness
    community = slide_text(next(s for s in deck.slides if s.shapes.title.text == "Impact on community"))
    assert "Counties served" in community and "Counties with a partnership" not in community
    served = sum(category == "served" for category in report.county_map.category_of.values())
    assert report.section(content.COMMUNITY).headlines[0].value == str(served) and served > 0
    # every footer and the sources slide name the partnership, not "All sectors · all counties"
    assert "All sectors" not in "\n".join(slide_text(slide) for slide in deck.slides)
    assert f"View: {name} · " in slide_text(deck.slides[-1])


def test_demo_public_deck_leaves_small_sectors_out(demo_db):
    k = 800  # a high threshold, so some sectors of the demo fall below it
    report = report_of(demo_db, public=True, min_cell=k)
    deck = read_deck(report)
    people = page_people(demo_db)
    con = db.connect_read_only(demo_db)
    try:
        public_ids = set(db.run_query(con, "partnership_choices", public_only=True)["partnership_id"])
        names = dict(db.run_query(con, "sectors")[["sector_code", "sector_name"]].itertuples(index=False))
    finally:
        con.close()
    groups = reference.outcomes_by(people[people["partnership_id"].isin(public_ids)], "sector_code")
    small = [names[code] for code in groups.loc[groups["exiters"] < k, "sector_code"]]
    large = groups[groups["exiters"] >= k]
    assert small and len(large) >= 2, "the threshold should split the sectors"
    wage = charts_of(deck)["Median hourly wage gain by sector"]
    for sector in small:
        assert sector not in wage["categories"]
    slide = next(s for s in deck.slides if s.shapes.title.text == "Median hourly wage gain by sector")
    assert f"hidden (fewer than {k})" in slide_text(slide)
    assert set(wage["categories"]) <= {names[code] for code in large["sector_code"]}
    drawn = dict(zip(wage["categories"], wage["series"]["Median gain ($/hour)"], strict=True))
    for code, median in zip(large["sector_code"], large["median_gain"], strict=True):
        if names[code] in drawn:
            assert drawn[names[code]] == pytest.approx(half_up(median, 2))  # the cents the page shows
    text = "\n".join(slide_text(s) for s in deck.slides)
    assert re.search(r"\b(None|nan)\b", text) is None  # a word, not "Financial"


def test_demo_one_sector_deck_equals_the_pages_numbers(demo_db):
    deck = read_deck(report_of(demo_db, sector=["HLTH"], years=["2018-2022"]))
    assert "Healthcare · all counties · 2018–2022" in slide_text(deck.slides[0])
    by_year = reference.outcomes_by(page_people(demo_db, sector=["HLTH"], years=["2018-2022"]), "exit_year")
    wage = charts_of(deck)["Median hourly wage gain by exit year"]
    assert [category.split(" (")[0] for category in wage["categories"]] == ["2018", "2019", "2020", "2021", "2022"]
    assert wage["categories"] == [f"{year} ({n_label(n)})" for year, n in zip(by_year["exit_year"], by_year["gain_n"],
                                                                              strict=True)]
    assert_series_equal(wage["series"]["Median gain ($/hour)"], list(by_year["median_gain"]), cents=True)


def test_a_one_sector_one_year_deck_draws_its_partnerships(demo_db):
    """By exit year, a deck of Healthcare in 2024 drew one bar, the card's figure again (a staffer): by partnership,
    named, each with its n, as the Worker page's ranking gives them."""
    deck = read_deck(report_of(demo_db, sector=["HLTH"], years=["2024"]))
    charts = charts_of(deck)
    assert "Median hourly wage gain by exit year" not in charts
    wage = charts["Median hourly wage gain by partnership"]
    people = page_people(demo_db, sector=["HLTH"], years=["2024"])
    by_partnership = reference.outcomes_by(people, "partnership_id")
    drawn = by_partnership[by_partnership["median_gain"].notna()]
    assert len(wage["categories"]) == len(drawn) > 1
    assert all(" (n = " in category for category in wage["categories"])
    assert sorted(wage["series"]["Median gain ($/hour)"]) == pytest.approx(sorted(drawn["median_gain"]), abs=0.005)


def test_the_sources_slide_lists_every_published_figure_of_each_source(demo_db):
    # the Massachusetts evaluation is the source of four employer shares: each is listed, not only the last
    report = report_of(demo_db)
    cited = [h.reference for section in report.sections for h in section.headlines if h.reference is not None]
    by_source = report.published_by_source()
    assert sum(len(texts) for texts in by_source.values()) == len({(r.source, r.text) for r in cited})
    assert max(len(texts) for texts in by_source.values()) >= 4
    sources_slide = slide_text(read_deck(report).slides[-1])
    for published in cited:
        assert published.text in sources_slide, published.text


def test_a_partnerships_deck_is_about_all_of_it_whatever_the_sidebars_counties(demo_db):
    # counted by the sidebar's county (Allegheny), P017's deck said 81 exiters where its profile says 138, and its
    # grant dollars per exiter rested on another count
    # (P028: P017's grants started before any exit on record, so its dollars per person read "No grant")
    alone = report_of(demo_db, partnership=["P028"])
    with_county = report_of(demo_db, partnership=["P028"], county=["42003"], sector=["MFG"])
    for section in (content.WORKERS, content.EMPLOYERS, content.PARTNERSHIPS):
        assert [(h.label, h.value, h.basis) for h in with_county.section(section).headlines] == [
            (h.label, h.value, h.basis) for h in alone.section(section).headlines]
    exiters = alone.section(content.WORKERS).headlines[0]
    per_participant = next(h for h in alone.section(content.PARTNERSHIPS).headlines
                           if h.label == "Grant dollars per exiter")
    assert per_participant.basis.startswith(f"n = {exiters.value} ")  # one partnership, one count of its exiters
    # and the deck says what it left out: the Worker page of a county showed 227 exiters and its deck, without a
    # word, the partnership's 759 (a convener)
    assert alone.not_applied == ()
    [left_out] = with_county.not_applied
    assert left_out == ("Not applied: the sector Advanced Manufacturing and county Allegheny County chosen; a "
                        "partnership's slides cover all its counties and its sector.")
    assert left_out in slide_text(read_deck(with_county).slides[0])
    # a region chosen is the region, not its counties too ("region Bucks Region and counties Bucks County, ...")
    [in_region] = report_of(demo_db, partnership=["P028"], region=["R07"]).not_applied
    assert in_region.startswith("Not applied: the region Bucks Region chosen;"), in_region


def test_the_overviews_county_note_rides_on_its_slides(demo_db):
    # with counties chosen, the people are those living there and the partnerships those serving them: said on the
    # page, and now on the slides too
    from sectorscope.present.headlines import COUNTIES_NOTE

    assert report_of(demo_db, county=["42071"]).section(content.WORKERS).note == COUNTIES_NOTE
    assert report_of(demo_db).section(content.WORKERS).note == ""
    assert COUNTIES_NOTE in slide_text(read_deck(report_of(demo_db, county=["42071"])).slides[1])


def test_counties_served_without_the_counties_table_is_not_loaded():
    from sectorscope.present.availability import Absence
    from sectorscope.present.headlines import counties_served_headline

    by_county = pd.DataFrame({"county_fips": ["1", "2"], "partnerships": [0, 0]})
    assert counties_served_headline(by_county, frozenset({"partnerships"}), False).absence is Absence.NOT_LOADED
    # counties loaded, none listed for this partnership (registered by region only): not stated, not 0
    unstated = counties_served_headline(by_county, frozenset({"partnerships", "partnership_counties"}), False)
    assert (unstated.value, unstated.basis) == ("Not stated", "the registry lists no county for it")
    served = counties_served_headline(by_county.assign(partnerships=[1, 0]),
                                      frozenset({"partnerships", "partnership_counties"}), False)
    assert (served.value, served.basis) == ("1", "of 2 counties on the map")


def test_percent_labels_keep_the_decimals_a_value_needs():
    """99.6% of employers valuing the partnership was labelled "100%" on the deck's and the presentation's bar,
    beside the card's 99.6% and a published 100%."""
    from sectorscope.export.deck import label_format
    from sectorscope.export.figures import bar_labels, presentation_figure

    nearly_all = content.Chart("Shares", ("Value the partnership", "Less rework"),
                               (("This view", (0.995850622406639, 0.125)), ("Published", (1.0, None))), "percent")
    assert label_format(nearly_all) == "0.0%"
    assert bar_labels(nearly_all) == [["99.6%", "12.5%"], ["100.0%", ""]]
    figure = presentation_figure(nearly_all)
    assert list(figure.data[0].text) == ["99.6%", "12.5%"] and figure.data[0].texttemplate == "%{text}"
    plain = content.Chart("Shares", ("A", "B"), (("This view", (0.41, 0.125)),), "percent")
    assert label_format(plain) == "0%" and bar_labels(plain) == [["41%", "13%"]]  # half up, as the cards
    dollars = content.Chart("Gains", ("A",), (("Median", (2.5,)),), "dollars")
    assert label_format(dollars) == '"$"#,##0.00' and bar_labels(dollars) is None


def test_a_decks_percent_chart_is_labelled_as_its_values_need(tiny_db):
    deck = read_deck(report_of(tiny_db))
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_chart and "Employers reporting" in slide.shapes.title.text:
                labels = shape.chart.plots[0].data_labels
                values = [value for series in shape.chart.plots[0].series for value in series.values
                          if value is not None]
                assert labels.number_format == ("0.0%" if any(0.995 <= v < 1 or 0 < v < 0.005 for v in values)
                                                else "0%")


def test_a_demo_decks_charts_say_so_in_their_own_titles(demo_db, tiny_db):
    """Copied into another deck, a native chart carried made-up numbers without a word (the slide's text said
    "Demo data (synthetic)", not the chart: a convener); a state's own charts keep no title (the slide's says it)."""
    demo = [shape.chart for slide in read_deck(report_of(demo_db)).slides for shape in slide.shapes
            if shape.has_chart]
    assert demo and all(chart.has_title and chart.chart_title.text_frame.text == "Demo data (synthetic)"
                        for chart in demo)
    own = [shape.chart for slide in read_deck(report_of(tiny_db)).slides for shape in slide.shapes if shape.has_chart]
    assert own and not any(chart.has_title for chart in own)


def test_chart_data_carries_no_binary_noise():
    """PowerPoint's "Edit Data" showed 2.6799999999999997 and 0.9100000000000019."""
    assert content._values(pd.Series([2.6799999999999997, 0.9100000000000019, None, 1234567.891])) == (
        2.68, 0.91, None, 1234567.891)


def test_the_files_properties_are_sectorscopes_and_say_demo(demo_db, tiny_db):
    """python-pptx's template said "Last modified by Steve Canny", created 2013, "generated using python-pptx"."""
    report = report_of(demo_db)
    properties = read_deck(report).core_properties
    assert (properties.author, properties.last_modified_by) == ("Sectorscope", "Sectorscope")
    assert properties.created.date() == report.generated_on == properties.modified.date()
    assert "Demo data (synthetic)" in properties.title and "Demo data (synthetic)" in properties.keywords
    assert "python-pptx" not in (properties.comments or "")
    data = build_deck(report)  # the extended properties too: the template said 4:3, 0 slides, another program
    import zipfile
    app = zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml").decode()
    slides = len(Presentation(io.BytesIO(data)).slides)
    assert "<Application>Sectorscope</Application>" in app and f"<Slides>{slides}</Slides>" in app
    assert "Macintosh" not in app and "4:3" not in app
    own = read_deck(report_of(tiny_db)).core_properties
    assert "Demo data" not in own.title + own.keywords + own.comments


def test_a_county_no_partnership_serves_reads_zero_as_on_the_overview(demo_db):
    """Fulton County: the Overview says "Partnerships in view 0", "0 of 1" counties served and the residents who
    left poverty; the deck said only "No partnership in this selection" on three slides (a convener reviewer)."""
    report = report_of(demo_db, county=["42057"])
    cards = {card.label: card for section in report.sections for card in section.headlines}
    assert cards["Partnerships in view"].value == "0"
    assert cards["Counties with a partnership"].value == "0 of 1"
    assert cards["People who left poverty"].absence is None
    grants = next(chart for chart in report.section(content.PARTNERSHIPS).charts)
    assert grants.absent == "No partnership in this selection."


def test_a_staff_deck_says_it_is_for_use_inside_the_state_and_a_public_one_does_not(tiny_db):
    staff = read_deck(report_of(tiny_db))
    assert content.STAFF_USE in slide_text(staff.slides[0]) and content.STAFF_USE in slide_text(staff.slides[-1])
    public = read_deck(report_of(tiny_db, public=True))
    assert not any(content.STAFF_USE in slide_text(slide) for slide in public.slides)


def test_one_partnerships_staff_deck_says_what_applies_to_it(tiny_db):
    """A deck about one public partnership said "every partnership, including those not agreed to be shown"."""
    deck = read_deck(report_of(tiny_db, partnership=["P1"]))
    assert content.STAFF_USE_ONE in slide_text(deck.slides[0]) and content.STAFF_USE not in slide_text(deck.slides[0])


def test_a_staff_deck_of_a_partnership_not_cleared_for_public_display_says_so_on_every_slide(tiny_db):
    """P2 has not agreed to be shown in public: its staff deck said only "small groups' figures unhidden", and a
    convener could have shown it at a public meeting. Its title slide says so whole, every footer in short."""
    deck = read_deck(report_of(tiny_db, partnership=["P2"]))
    assert content.STAFF_USE_NOT_PUBLIC in slide_text(deck.slides[0])
    assert content.STAFF_USE_NOT_PUBLIC in slide_text(deck.slides[-1])  # the sources slide
    assert all(content.NOT_PUBLIC_SHORT in slide_text(slide) for slide in deck.slides)
    public_one = read_deck(report_of(tiny_db, partnership=["P1"]))  # P1 agreed: none of it
    assert not any(content.NOT_PUBLIC_SHORT in slide_text(slide) for slide in public_one.slides)
    assert not report_of(tiny_db).not_public  # a view of several partnerships is not one not cleared


def one_chart_deck(chart: content.Chart):
    """A deck of a report holding ``chart`` alone, read back."""
    import datetime as dt

    from sectorscope.present.headlines import Headline

    card = Headline("Participants who exited", "40", "n = 40 people", "People who left the program.")
    report = content.Report("A chart", "", "the view", dt.date(2026, 12, 4), "test data", False, False, 10,
                            (content.Section(content.WORKERS, headlines=(card,), charts=(chart,)),), None)
    return next(shape.chart for slide in read_deck(report).slides for shape in slide.shapes if shape.has_chart)


@pytest.mark.parametrize(("values", "bounds"), [((3.74, 3.60), (0.0, None)), ((-1.5, -0.5), (None, 0.0)),
                                                ((-1.0, 2.0), (None, None)), ((0.0, 0.0), (0.0, None))])
def test_a_decks_bars_start_at_0(values, bounds):
    """P054's "Median hourly wage gain by exit year": $3.74 and $3.60 on an axis PowerPoint started at $3.50, one bar
    looking half as tall as the other (a reviewer). Bars now start at 0 (end at 0 when every value is negative)."""
    drawn = one_chart_deck(content.Chart("Median hourly wage gain by exit year", ("2015", "2016"),
                                         (("Median gain ($/hour)", values),), "dollars"))
    assert (drawn.value_axis.minimum_scale, drawn.value_axis.maximum_scale) == bounds


def test_a_decks_shares_end_at_100_percent():
    """P005's "Before and after training": shares near 100% on an axis PowerPoint ran to 120% (a convener), where
    the presentation's stops at 100%."""
    drawn = one_chart_deck(content.Chart("Before and after training", ("Health insurance", "Paid sick leave"),
                                         (("Before", (0.72, 0.4)), ("After", (0.97, 0.81))), "percent"))
    assert (drawn.value_axis.minimum_scale, drawn.value_axis.maximum_scale) == (0.0, 1.0)


@pytest.mark.parametrize("kind", ["bar", "column"])
def test_a_decks_category_names_stay_clear_of_a_bar_below_0(kind):
    """R03's "Median hourly wage gain by sector": Information Technology's -$0.68 bar was drawn over its own name,
    which PowerPoint set beside the axis at $0, and the bar's label over both. The names sit at the low end of the
    value axis, outside the bars (and so every category axis)."""
    from pptx.enum.chart import XL_TICK_LABEL_POSITION

    drawn = one_chart_deck(content.Chart("Median hourly wage gain by sector", ("Energy", "Information Technology"),
                                         (("Median gain ($/hour)", (2.24, -0.68)),), "dollars", kind=kind))
    assert drawn.category_axis.tick_label_position == XL_TICK_LABEL_POSITION.LOW


@pytest.mark.parametrize(("largest", "step"), [(1, 1), (4, 1), (7, 2), (12, 5), (40, 10), (1481, 500)])
def test_a_count_axis_steps_in_whole_numbers(largest, step):
    """The presented systems-change chart of P054 read "0, 0, 0, 1, 1, 1" (steps of 0.2 in a whole-number format):
    counts step in whole numbers, on the slides and in the deck."""
    from sectorscope.export.figures import presentation_figure

    chart = content.Chart("Systems changes logged per year", ("2014", "2015"),
                          (("career pathway", (None, 1.0)), ("public policy", (float(largest), None))), "count",
                          kind="stacked")
    axis = presentation_figure(chart).layout.yaxis
    assert (axis.tick0, axis.dtick, axis.tickformat) == (0, step, ",d")
    assert one_chart_deck(chart).value_axis.major_unit == step
    assert chart.count_step() == step
    assert content.Chart("Shares", ("A",), (("x", (0.5,)),), "percent").count_step() is None


def test_a_presented_bar_names_long_names_in_short_lines():
    """On a phone the slide's sector names at 18 px took more than half the width and were cut at the left
    ("nsportation & Logistics": a public visitor): a long name is set in lines of at most 14 characters."""
    from sectorscope.export.figures import PRESENTATION_LABEL_CHARACTERS, presentation_figure

    chart = content.Chart("Middle hourly raise by sector", ("Transportation & Logistics", "Energy"),
                          (("raise", (1.5, 2.0)),), "dollars", kind="bar")
    [bars] = presentation_figure(chart).data
    assert list(bars.y) == ["Transportation<br>& Logistics", "Energy"]
    assert all(len(line) <= PRESENTATION_LABEL_CHARACTERS for name in bars.y for line in name.split("<br>"))
    # its bars say their values: no axis ticks beside them (on a phone they stood on end, one on another)
    assert presentation_figure(chart).layout.xaxis.showticklabels is False


def test_the_before_and_after_chart_is_labelled_on_the_slides_and_in_the_deck(demo_db):
    """Its four series (before, after, the published pair) carried no value labels, in the deck or on the slides."""
    from sectorscope.export.figures import presentation_figure

    report = report_of(demo_db, partnership=["P054"])
    chart = next(chart for section in report.sections for chart in section.charts
                 if chart.title == "Before and after training, beside published figures")
    assert len(chart.series) == 4
    figure = presentation_figure(chart)
    assert all(list(trace.text or ()) == labels for trace, labels in zip(figure.data, bar_labels_of(chart),
                                                                         strict=True))
    assert all(trace.textangle == 0 for trace in figure.data)
    drawn = next(shape.chart for slide in read_deck(report).slides for shape in slide.shapes
                 if shape.has_chart and slide.shapes.title.text == chart.title)
    assert drawn.plots[0].has_data_labels and drawn.plots[0].data_labels.number_format == "0%"
    assert chart.is_labelled()
    # stacked bars and crowded charts stay unlabelled
    many = content.Chart("Many", tuple("ABCD"), tuple((name, (0.1, 0.2, 0.3, 0.4)) for name in "wxyz"), "percent")
    assert not many.is_labelled() and not replace_kind(chart, "stacked").is_labelled()


def test_a_stack_of_one_funding_source_names_it_and_labels_its_bars():
    """A partnership funded by the state alone had one unnamed, unlabelled bar, on the slides and in the deck: which
    money it was went unsaid (a convener reviewer)."""
    from sectorscope.export.figures import presentation_figure

    chart = content.Chart("Grant dollars by start year and funding source", ("2024",), (("state", (104500.0,)),),
                          "dollars0", kind="stacked")
    assert chart.has_legend() and chart.is_labelled()
    figure = presentation_figure(chart)
    assert figure.layout.showlegend and figure.data[0].name == "state"
    drawn = one_chart_deck(chart)
    assert drawn.has_legend and drawn.plots[0].has_data_labels
    assert drawn.plots[0].series[0].name == "state"
    # a column chart of one series needs no key: its title says what it shows
    assert not content.Chart("Exiters", ("2024",), (("exiters", (40.0,)),), "count").has_legend()


def test_a_partnerships_map_slide_names_the_counties_it_serves(tiny_db):
    """The map slide of one partnership said "serves 3 counties" on the title slide and named none (a convener had
    to write them in): named under the map as the profile names them."""
    report = report_of(tiny_db, partnership=["P1"])
    assert report.county_map.note.startswith("Counties served: ")
    slide = next(slide for slide in read_deck(report).slides if slide.shapes.title.text == report.county_map.title)
    texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    assert f"{report.county_map.note} {BOUNDARIES_CREDIT}" in texts


def test_every_decks_map_credits_the_census_boundaries_as_the_one_pager_does(tiny_db):
    """The state's map slide had no "Census 2016 county boundaries." where the one-pager has it (a reviewer)."""
    report = report_of(tiny_db)
    slide = next(slide for slide in read_deck(report).slides if slide.shapes.title.text == report.county_map.title)
    assert any(BOUNDARIES_CREDIT in shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_a_slides_chart_carries_how_tall_the_browser_may_make_it():
    """At its own 400 px a chart left a third of a 1080 px projector blank (a convener reviewer): the browser gives
    it the height the slide leaves, between its own and PRESENTATION_CHART_MOST (ui.present.SLIDE_SCRIPT)."""
    from sectorscope.export.figures import PRESENTATION_CHART_HEIGHT, PRESENTATION_CHART_MOST, presentation_figure

    figure = presentation_figure(content.Chart("Exiters", ("2024",), (("exiters", (40.0,)),), "count"))
    assert figure.layout.meta["slide_fit"] == {"min_px": PRESENTATION_CHART_HEIGHT, "max_px": PRESENTATION_CHART_MOST}
    assert figure.layout.height == PRESENTATION_CHART_HEIGHT


def test_a_funding_source_keeps_its_colour_and_place_whichever_sources_a_deck_holds():
    """"state" was blue in a deck of a partnership funded by the state alone and pink in another's (the series
    coloured by their place, alphabetical): a source keeps its colour, and the code list's order, as the pages."""
    from sectorscope.export.figures import presentation_figure

    def chart(sources: list[str]) -> content.Chart:
        grants = pd.DataFrame({"grant_id": [f"G{i}" for i in range(len(sources))], "funding_source": sources,
                               "amount_usd": [1000.0] * len(sources), "start_date": ["2020-03-01"] * len(sources)})
        return content.grants_chart(grants, True)

    alone, several = chart(["state"]), chart(["federal", "state", "employer match"])
    assert [name for name, _ in several.series] == ["state", "federal", "employer match"]  # the code list's order
    assert alone.color(0) == several.color(0)
    assert presentation_figure(alone).data[0].marker.color == presentation_figure(several).data[0].marker.color
    drawn = one_chart_deck(several)
    fills = [str(series.format.fill.fore_color.rgb) for series in drawn.plots[0].series]
    assert fills == [colour.lstrip("#").upper() for colour in several.colors]


def bar_labels_of(chart: content.Chart) -> list[list[str]]:
    from sectorscope.export.figures import bar_labels

    return bar_labels(chart)


def replace_kind(chart: content.Chart, kind: str) -> content.Chart:
    from dataclasses import replace

    return replace(chart, kind=kind)


def test_the_decks_map_is_described_as_the_slides_describe_it(tiny_db):
    """The deck's map picture had the alt text "image.png"; the presentation's says what the map shows."""
    report = report_of(tiny_db)
    assert report.county_map is not None
    pictures = [shape for slide in read_deck(report).slides for shape in slide.shapes if shape.shape_type == 13]
    assert [picture._element.nvPicPr.cNvPr.get("descr") for picture in pictures] == [
        report.county_map.described()]
    assert report.county_map.described().startswith("Map. ")


def test_a_partnership_that_never_logged_a_change_has_none_on_record(tiny_db):
    """A staff deck of a partnership with no systems change in any year read "Most common change: None in selection
    · nothing in this selection", though the deck covers all its years: "None on record", as its profile says it.
    A partnership whose changes lie outside the years chosen keeps "None in selection"."""
    def most_common(**params) -> tuple[str, str]:
        card = next(card for card in report_of(tiny_db, **params).section(content.SYSTEMS).headlines
                    if card.label == "Most common change")
        return card.value, card.basis

    assert most_common(partnership=["P2"]) == ("None on record", "no systems change of this partnership on record")
    # its years chosen hold no change: said as "Systems changes logged 0 · in the selected years" beside it says it,
    # not "nothing in this selection" as if the filters were too narrow (a convener)
    assert most_common(partnership=["P1"], years=["2016-2017"]) == ("None in selection",
                                                                    "no change logged in the selected years")
    assert most_common(partnership=["P1"])[0] == "career pathway"


def test_one_partnerships_deck_of_years_without_its_grants_says_when_they_started(tiny_db):
    """"Grant dollars $0 · no grant started in the selected years" on a 2024 slide of a partnership funded in 2023
    read as a partnership never funded (a convener): its deck says when its grants did start; its survey chart's bars
    and grants chart say "this partnership", not the dashboard's "in view"."""
    def card(**params) -> str:
        return next(card.basis for card in report_of(tiny_db, **params).section(content.PARTNERSHIPS).headlines
                    if card.label == "Grant dollars")

    assert card(partnership=["P1"], years=["2018-2019"]) == (
        "no grant started in the selected years, to this partnership · its 2 grants, $400K, started in 2016 and 2017")
    assert card(partnership=["P1"]) == ("median grant: planning $100K, implementation $300K · 2 grants to this "
                                        "partnership")
    # a view of several partnerships has no "its grants" to speak of
    assert "its " not in card(years=["2018-2019"])
    report = report_of(tiny_db, partnership=["P1"])
    surveys = report.section(content.EMPLOYERS).charts[0]
    assert surveys.series[0][0] == content.THIS_PARTNERSHIPS_EMPLOYERS
    assert report.section(content.PARTNERSHIPS).charts[0].note.startswith("Grants to this partnership that started")
    state = report_of(tiny_db)
    assert state.section(content.EMPLOYERS).charts[0].series[0][0] == "Employers in view"


def test_one_partnerships_cards_are_defined_and_worded_for_one_partnership(tiny_db):
    """A convener's deck of one partnership: its notes defined a share of partnerships beside a "Yes", the median
    grants beside "$0", "0 answers left out"; "People who left poverty 0 · of 0 below poverty before" stood in big
    type; "Leverage: no state $"; and the survey chart's 100% beside the published 100% said nothing of the related
    question the card named."""
    cards = {card.label: card for section in report_of(tiny_db, partnership=["P2"]).sections
             for card in section.headlines}
    assert cards["With an education partner"].definition.startswith("Whether the partnership has")
    assert cards["Partnerships with a change"].definition.startswith("Whether the partnership logged")
    poverty = cards["People who left poverty"]  # P2's one person was not below poverty before
    # not "None in selection" either, as if the filters were too narrow (a convener)
    assert (poverty.value, poverty.basis) == ("No one to count",
                                              "no one was below poverty before (n = 1 person with both answers)")
    # a count of none left out is not said ("0 answers left out for a missing rate"); P2's one is
    assert cards["Median turnover at the survey"].definition.endswith("(1 answer left out for a missing rate).")
    p1 = {card.label: card for section in report_of(tiny_db, partnership=["P1"]).sections
          for card in section.headlines}
    assert p1["Median turnover at the survey"].definition.endswith("the median paired change from before joining.")
    unfunded = {card.label: card for section in report_of(tiny_db, partnership=["P1"], years=["2018-2019"]).sections
                for card in section.headlines}
    assert unfunded["Grant dollars"].definition == "Grants that started in the selected years, all funders."
    state = {card.label: card for section in report_of(tiny_db).sections for card in section.headlines}
    assert state["Grant dollars"].definition.endswith("; the median planning and the median implementation grant, the "
                                                      "kinds the published grant sizes are of (grants of other kinds "
                                                      "count in the total).")
    assert state["With an education partner"].definition == (
        "Share of partnerships with a K-12 or postsecondary partner, or convened by a community college.")


def test_the_survey_chart_says_which_published_figure_answers_a_related_question(tiny_db):
    chart = report_of(tiny_db).section(content.EMPLOYERS).charts[0]
    assert ('Beside "Value the partnership": 100% of companies valued partnering with other companies (a related '
            'question).') in chart.note


def test_a_decks_chart_labels_keep_their_n_on_one_line(tiny_db):
    """"Reduced rework (n = 16 · small" over "n)" on a convener's slide: each category's "(n = ...)" is written with
    no-break spaces, so a label breaks before it, never inside it."""
    deck = read_deck(report_of(tiny_db))
    labels = [str(category) for slide in deck.slides for shape in slide.shapes if shape.has_chart
              for category in shape.chart.plots[0].categories
              if "(n =" in str(category).replace(deck_module.NO_BREAK_SPACE, " ")]
    assert labels and all(" " not in label.rpartition(" (")[2] for label in labels), labels
    assert deck_module.n_kept_whole("Reduced rework (n = 16 · small n)") == (
        "Reduced rework (n\u00a0=\u00a016\u00a0·\u00a0small\u00a0n)")
    assert deck_module.n_kept_whole("2019") == "2019" and deck_module.n_kept_whole("A (B) C") == "A (B) C"


def _dark_pixels(png: bytes) -> int:
    from PIL import Image

    grey = Image.open(io.BytesIO(png)).convert("L")
    return sum(count for level, count in enumerate(grey.histogram()) if level < 40)


def test_a_regions_deck_outlines_its_counties_on_the_map(tiny_db):
    """The deck of a region coloured every county of the state by its partnerships and showed no sign of the region
    (the page frames it, the one-pager outlines it): its counties are outlined in black, and said so."""
    from tiny_state import LANCASTER, YORK

    region = report_of(tiny_db, region=["SC"])
    assert sorted(region.county_map.outlined) == sorted([LANCASTER, YORK])
    assert region.county_map.described().endswith("Outlined in black: the 2 counties chosen.")
    statewide = report_of(tiny_db)
    assert statewide.county_map.outlined == () and "Outlined" not in statewide.county_map.described()

    def map_picture(report) -> bytes:
        return next(shape.image.blob for slide in read_deck(report).slides for shape in slide.shapes
                    if shape.shape_type == 13)

    assert _dark_pixels(map_picture(region)) > _dark_pixels(map_picture(statewide)) + 300
    # and says every county is counted, not only the region's (the directory's 2 against a 12 outside it)
    def map_slide_text(report) -> str:
        return next(slide_text(slide) for slide in read_deck(report).slides
                    if any(shape.shape_type == 13 for shape in slide.shapes))

    assert region.county_map.note and region.county_map.note in map_slide_text(region)
    assert statewide.county_map.note == "" and "Every county is counted" not in map_slide_text(statewide)


def test_the_decks_map_legend_is_as_large_as_the_slides_notes(tiny_db, monkeypatch):
    """The deck's map legend was 7 pt on a slide whose smallest other text is 11 pt (a reviewer: unreadable from a
    room): drawn at ``MAP_LEGEND_POINTS``, and the picture drawn is the one on the slide."""
    from sectorscope.export import deck

    drawn, draw = [], deck.county_map_png

    def drawing(*args, **kwargs):  # the real picture, and what it was asked for
        drawn.append((kwargs, draw(*args, **kwargs)))
        return drawn[-1][1]

    monkeypatch.setattr(deck, "county_map_png", drawing)
    pictures = [shape.image.blob for slide in read_deck(report_of(tiny_db)).slides for shape in slide.shapes
                if shape.shape_type == 13]
    assert [kwargs["legend_points"] for kwargs, _ in drawn] == [deck.MAP_LEGEND_POINTS] and deck.MAP_LEGEND_POINTS >= 11
    assert pictures == [drawn[0][1]]


def test_a_regions_deck_names_the_region(tiny_db):
    """The deck of the Westmoreland region read "1 region (8 counties in all)" on every slide and never named it (a
    reviewer); it names it, its counties still counted."""
    report = report_of(tiny_db, region=["SC"])
    assert "South Central (2 counties in all)" in report.filters
    deck = read_deck(report)
    assert "South Central" in slide_text(deck.slides[0]) and "1 region" not in slide_text(deck.slides[0])


def test_a_row_of_three_cards_is_not_stretched_down_the_slide(tiny_db):
    """A slide of three cards in one row drew each the slide's whole height, text in its top sixth: no card is
    taller than one of two rows (``CARD_MAX_HEIGHT``), and a slide of two rows still fills it."""
    from sectorscope.export.deck import CARD_MAX_HEIGHT

    deck = read_deck(report_of(tiny_db))
    heights = {titles(deck)[index]: max(shape.height for shape in slide.shapes if shape.shape_type == 1)
               for index, slide in enumerate(deck.slides)
               if any(shape.shape_type == 1 for shape in slide.shapes)}
    assert heights["Systems change"] <= CARD_MAX_HEIGHT and heights["Impact on community"] <= CARD_MAX_HEIGHT
    assert heights["Impact on workers"] > CARD_MAX_HEIGHT - Inches(0.3)  # two rows: as before


def test_the_before_and_after_bars_pair_by_shade_as_the_pages_dumbbells_do(tiny_db):
    """Four unrelated colours read as four things, and the published bars as heavy as the program's (a handouts
    reviewer): this selection blue and the published vermillion, as the Worker page's dumbbells, a before lighter
    than its after."""
    from sectorscope.charts import style

    report = report_of(tiny_db)
    chart = next(chart for section in report.sections for chart in section.charts
                 if chart.title.startswith("Before and after training"))
    assert [name for name, _ in chart.series] == ["Before", "After", "Published before", "Published after"]
    assert [chart.color(index) for index in range(4)] == list(style.BEFORE_AFTER_PUBLISHED)
    assert style.BEFORE_AFTER_PUBLISHED[1] == style.CATEGORY_COLORS[0]  # the pages' "this selection"
    assert style.BEFORE_AFTER_PUBLISHED[3] == style.CATEGORY_COLORS[5]  # and their published figure


def test_one_partnerships_partners_are_its_own_count_not_a_per_partnership_median(tiny_db):
    """"Partners per partnership 21 · the one partnership in view" on one partnership's deck (a reviewer)."""
    from sectorscope.present import headlines

    cards = {card.label: card for section in report_of(tiny_db, partnership=["P1"]).sections
             for card in section.headlines}
    assert headlines.PARTNERS_OF_ONE in cards and headlines.PARTNERS_CARD not in cards
    assert cards[headlines.PARTNERS_OF_ONE].definition == "Partner organizations at the table."
    view = {card.label for section in report_of(tiny_db).sections for card in section.headlines}
    assert headlines.PARTNERS_CARD in view and headlines.PARTNERS_OF_ONE not in view


def test_the_sources_slide_says_the_trades_words_its_slides_use(tiny_db):
    """"Exiters", "completers", "leverage 1.63 : 1" stood unexplained in a deck handed to legislators: its sources
    slide says each in plain words, the ones its slides use."""
    report = report_of(tiny_db)
    deck = read_deck(report)
    sources = slide_text(deck.slides[-1])
    assert report.words_used and report.words_used in sources
    slides = list(deck.slides)
    everything_else = " ".join(slide_text(slide) for slide in slides[:-1])
    for word in ("exiters", "completers", "leverage"):
        assert f"{word}," in sources and word in everything_else.lower(), word


def test_a_partnership_with_no_exiter_yet_counts_its_people_in_training(demo_db, database_copy, monkeypatch):
    """A new partnership's profile, slides and deck said "None on record: no exiter of this partnership on record"
    with 12 people in training (a convener): staff views say how many are in training now; public ones do not."""
    from page_support import open_page

    path = database_copy(demo_db)
    with duckdb.connect(str(path)) as con:
        [(chosen,)] = con.execute(
            "select partnership_id from partnerships as p where not exists (select 1 from participants as pp "
            "where pp.partnership_id = p.partnership_id) order by partnership_id limit 1").fetchall()
        # twelve people enrolled there with no exit yet, copied from a person of the demo (the loader keeps
        # the demo's file its own: a test's copy takes them directly)
        con.execute("create temp table one as select * from participants where exited_on is null limit 1")
        for number in range(12):
            con.execute("update one set participant_id = ?, partnership_id = ?", [f"NEW{number}", chosen])
            con.execute("insert into participants select * from one")
    report = report_of(path, partnership=[chosen])
    workers = report.section(content.WORKERS)
    assert "12 in training now (enrolled, no exit yet)" in workers.absent, workers.absent
    assert "12 in training now" in "\n".join(slide_text(slide) for slide in read_deck(report).slides)
    profile = open_page("pages/1_Partnerships.py", path, monkeypatch, partnership=chosen)
    captions = [caption.value for caption in profile.caption]
    assert any("no exiter of this partnership on record" in text and "12 in training now (enrolled, no exit yet)"
               in text for text in captions), captions
    worker = open_page("pages/3_Worker_outcomes.py", path, monkeypatch, partnership=chosen)
    assert any("12 in training now (enrolled, no exit yet)" in str(element.value)
               for element in [*worker.info, *worker.caption, *worker.markdown]), [i.value for i in worker.info]


def test_a_raise_is_written_with_its_sign_on_the_slides_and_in_the_deck(tiny_db):
    """A median wage gain read "$1.20" on the presented slides and in the deck, where the cards and the Showcase's
    bars write "+$1.20" (a convener): the gain charts carry the signed format, a gain of nothing "+$0.00" as the
    cards write it (``format_signed_dollars``)."""
    from sectorscope.export.deck import NUMBER_FORMATS
    from sectorscope.export.figures import presentation_figure
    from sectorscope.present.formatting import format_signed_dollars

    report = report_of(tiny_db)
    gains = [chart for section in report.sections for chart in section.charts if "wage gain" in chart.title]
    assert gains and {chart.number_format for chart in gains} == {"gain"}
    drawn = next(chart for chart in gains if not chart.absent)
    assert presentation_figure(drawn).data[0].texttemplate.endswith(":+$,.2f}")
    assert NUMBER_FORMATS["gain"] == '+"$"#,##0.00;-"$"#,##0.00;+"$"0.00'
    assert format_signed_dollars(0.0) == "+$0.00"
    labels = [shape.chart.plots[0].data_labels.number_format for slide in read_deck(report).slides
              for shape in slide.shapes if shape.has_chart and "wage gain" in slide.shapes.title.text]
    assert labels and set(labels) == {NUMBER_FORMATS["gain"]}


def test_the_presenters_notes_read_each_figure_and_what_it_means(tiny_db):
    """The notes held only the cards' definitions, and a chart slide none: a convener reading them aloud looked up at
    the screen for every figure (a convener). A card's note gives its figure, what it is counted over and its
    definition; a chart's its values as its labels write them, a missing one as not drawn, never 0."""
    report = report_of(tiny_db)
    deck = read_deck(report)
    notes = {slide.shapes.title.text: slide.notes_slide.notes_text_frame.text for slide in deck.slides}
    workers = report.section("Impact on workers")
    for card in workers.headlines:
        assert f"{card.label}: {card.value}" in notes["Impact on workers"]
        assert card.definition in notes["Impact on workers"]
    # its change and its published figure, as the card shows them (both left out: a convener)
    changed = [card for card in workers.headlines if card.delta]
    published = [card for card in workers.headlines if card.reference]
    assert changed and published
    for card in changed:
        assert f"{card.label}: {card.value}, {card.delta}" in notes["Impact on workers"]
    for card in published:
        assert f"Published: {card.reference.text} ({card.reference.source})" in notes["Impact on workers"]
    charts = [chart for section in report.sections for chart in section.charts if not chart.absent]
    assert charts
    for chart in charts:
        lines = notes[chart.title].splitlines()
        assert lines[0] == f"{chart.title}." and len(lines) >= 1 + len(chart.categories)
        for category, line in zip(chart.categories, lines[1:], strict=False):
            assert line.startswith(f"{category}: ")
    # every slide has notes: the title and sources slides had none, nor a slide saying why it has no figure
    assert all(slide.notes_slide.notes_text_frame.text.strip() for slide in deck.slides)
    assert notes[report.title].startswith(f"{report.title}: {report.subtitle}.")
    assert f"Data: {report.data_source}." in notes["Sources and definitions"]
    gain = next(chart for chart in charts if chart.number_format == "gain")
    assert all(gain.value_text(value).startswith(("+$", "-$")) for value in gain.values())
    assert gain.value_text(None) == "not drawn"
    stacked = replace(gain, kind="stacked", series=(("state", (None,) * len(gain.categories)),))
    assert all(line.endswith(": none") for line in stacked.in_words().splitlines()[1:len(gain.categories) + 1])


def test_the_demos_map_picture_says_it_is_synthetic_inside_it(tiny_db, monkeypatch):
    """The map slide's picture, saved or copied out of the deck, said nothing of the demo (a convener): on the demo
    it carries "Demo data (synthetic)" in its corner; on a state's own data nothing is written there."""
    import numpy as np
    from PIL import Image

    from sectorscope.export import deck
    from sectorscope.export.mapimage import NOTICE_ROOM, county_map_png

    asked, draw = [], deck.county_map_png
    monkeypatch.setattr(deck, "county_map_png", lambda *a, **k: asked.append(k["notice"]) or draw(*a, **k))
    report = report_of(tiny_db)
    read_deck(replace(report, is_demo=True))
    read_deck(report)
    assert asked == [content.DEMO_NOTICE, ""]

    def strip(png: bytes) -> np.ndarray:  # the picture's top strip, where the notice is written
        image = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
        return image[: int(image.shape[0] * NOTICE_ROOM)]

    noted = strip(county_map_png(report.county_map, title=False, notice=content.DEMO_NOTICE))
    assert noted.min() < 80  # the notice's dark letters
    assert (noted[:, noted.shape[1] // 2:] == 255).all()  # alone in its strip: no county drawn beside or under it


def test_the_gain_charts_note_gives_everyones_median_beside_the_cards_mean(tiny_db):
    """The cards give the mean wage gain and the chart the groups' medians, on two slides: an audience compared the
    medians with the mean (a convener). The staff chart's note gives everyone's median, as the Worker page's."""
    from sectorscope.present.formatting import format_signed_dollars

    report = report_of(tiny_db)
    chart = next(chart for chart in report.section("Impact on workers").charts if "wage gain" in chart.title)
    with duckdb.connect(str(tiny_db), read_only=True) as con:  # every completer with both wages, by hand
        median = con.execute("select median(post_hourly_wage - pre_hourly_wage) from participants where completed "
                             "and pre_hourly_wage is not null and post_hourly_wage is not null").fetchone()[0]
    assert f"Everyone in view together: median {format_signed_dollars(median)} (the cards give the mean)." in (
        chart.note)
    assert "  " not in chart.note
