"""Industry analysis charts and tables: what the figures hold, read from fig.data (suppressed never drawn as 0)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sectorscope import references
from sectorscope.charts import industry as charts
from sectorscope.charts import style
from sectorscope.metrics import labor_market as lm
from sectorscope.sources import geo


def ranked() -> pd.DataFrame:
    return pd.DataFrame({
        "industry_code": ["62", "31-33", "48-49", "11"],
        "industry_title": ["Health care and social assistance", "Manufacturing", "Transportation and warehousing",
                           "Agriculture"],
        "lq": [1.5, 2.5, np.nan, 0.5], "cagr": [0.04, 0.02, np.nan, -0.01],
        "employment": [150.0, 200.0, np.nan, 40.0], "wage_ratio": [1.25, 1.5, np.nan, 0.6],
        "avg_weekly_wage": [1000.0, 1200.0, np.nan, 480.0], "coverage": ["full", "none", "none", "partial"],
        "partnerships": [["Health"], [], [], ["Food"]], "gap": [False, True, False, False],
        "strong": [True, True, False, False], "status": ["disclosed", "disclosed", "suppressed", "partly suppressed"],
        "areas": [2, 2, 2, 2], "suppressed_areas": [0, 0, 2, 1], "suppressed_establishment_share": [0, 0, 1, 0.25],
        "rank": [2.0, 1.0, np.nan, 3.0], "score": [66.7, 100.0, np.nan, 33.3], "employment_share": [0.15, 0.2,
                                                                                                   np.nan, 0.04],
        "pct_change_1y": [0.07, 0.05, np.nan, -0.02], "pct_change_5y": [0.25, 0.11, np.nan, -0.05],
        "establishments": [15.0, 20.0, 3.0, 4.0],
    })


def test_bubbles_leave_suppressed_industries_out_and_mark_gaps_and_partnerships():
    fig = charts.lq_growth_bubble(ranked(), "Title")
    bubbles = fig.data[0]
    assert len(bubbles.x) == 3 and list(bubbles.y) == [2.5, 1.5, 0.5]  # by employment; suppressed not drawn
    assert list(bubbles.x) == pytest.approx([2.0, 4.0, -1.0])  # growth in percent per year
    assert [t.startswith("⚠") for t in bubbles.text] == [True, False, False]
    assert list(bubbles.marker.line.width) == [0.6, 3, 3]  # rings on the served industries
    assert fig.layout.yaxis.type == "log"
    assert {a.text for a in fig.layout.annotations} == set(lm.QUADRANTS)
    empty = charts.lq_growth_bubble(ranked().assign(lq=np.nan), "Title")
    assert "No industry" in empty.layout.annotations[0].text


def test_a_change_resting_on_some_counties_is_marked_partial_not_shown_as_the_areas():
    """North Central PA's utilities read "+1.3%" over one year with no mark: McKean's alone, the three other counties
    suppressed. A change of some counties is shown marked (how many of the area's), or said suppressed."""
    rows = ranked().assign(
        cagr=[0.04, 0.02, np.nan, np.nan], partial_cagr=[np.nan, np.nan, np.nan, 0.03],
        areas_left_out=["", "", "42023, 42047, 42083, 42105", "42105"],
        pct_change_1y=[0.07, 0.05, np.nan, np.nan], partial_pct_change_1y=[np.nan, np.nan, np.nan, 0.013],
        areas_left_out_1y=["", "", "42023, 42047, 42083, 42105", "42023, 42047, 42105"],
        pct_change_5y=[0.25, 0.11, np.nan, np.nan], partial_pct_change_5y=np.nan,
        areas_left_out_5y=["", "", "", "42105"])
    text = charts.industry_table_text(rows, 4).set_index("Industry")
    assert text.loc["Agriculture", "1-year"] == "+1.3% (partial: 1 of 4 counties)"
    assert text.loc["Agriculture", "Per year"] == "+3.0% (partial: 3 of 4 counties)"
    assert text.loc["Agriculture", "5-year"] == "1 of 4 suppressed"  # no partial figure to show
    assert text.loc["Transportation and warehousing", "Per year"] == "suppressed"
    assert text.loc["Health care and social assistance", "Per year"] == "+4.0%"
    note = charts.suppression_note(rows, 4, 2011, end=2016)
    assert "Growth is partial for 1 industry: BLS suppressed a county in 2011 or 2016" in note
    bubbles = charts.lq_growth_bubble(rows, "Title", area_count=4)
    hollow = next(trace for trace in bubbles.data if trace.name == "partial growth")
    assert list(hollow.x) == pytest.approx([3.0]) and "partial: 3 of 4 counties" in hollow.customdata[0][3]
    assert charts.PARTIAL_LEGEND in [trace.name for trace in bubbles.data]
    notes = charts.change_notes(rows.assign(change_1y=np.nan, areas_without_change_1y=0, without_change_1y=""),
                                2016, [], "North Central", 4)
    assert notes == ["1-year and 5-year changes marked \"partial\": a county was suppressed in one of their two "
                     "years, so the change shown is the other counties' alone, not the area's (it can differ even in "
                     "sign). The CSV names the counties."]
    assert list(bubbles.data[0].x) == pytest.approx([2.0, 4.0])  # the area's growth alone, filled


def test_labels_never_overlap():
    x = np.array([0.5, 0.5, 0.5, 0.51, 0.2])
    y = np.array([0.5, 0.5, 0.5, 0.5, 0.9])
    spots = charts.place_labels(x, y, np.full(5, 5.0), ["a long industry title"] * 5)
    assert spots[:2] == ["top center", "bottom center"]  # the second label at the same spot goes below
    assert None in spots[2:4]  # crowded: a label that would overlap is dropped (hover still names it)
    assert spots[4] == "top center"  # far away: room above


def test_shift_share_bars_stack_to_the_actual_change():
    table = lm.shift_share([100.0, 50.0, np.nan], [130.0, 40.0, 10.0], 0.1, [0.2, 0.0, 0.1])
    table.insert(0, "industry_code", ["62", "31-33", "48-49"])
    table.insert(1, "industry_title", ["Health", "Manufacturing", "Transport"])
    fig = charts.shift_share_bars(table, "Title")
    assert [trace.name for trace in fig.data] == ["Reference growth", "Industry mix", "Regional (competitive)",
                                                  "Actual change"]
    assert list(fig.data[3].y) == ["Manufacturing", "Health"]  # the suppressed row is left out
    stacked = np.sum([list(trace.x) for trace in fig.data[:3]], axis=0)
    assert stacked.tolist() == pytest.approx(list(fig.data[3].x))
    assert fig.layout.barmode == "relative"


@pytest.fixture(scope="module")
def pennsylvania():
    counties = geo.counties_table("42")
    return counties, geo.feature_collection(counties)


def test_lq_map_draws_suppressed_counties_grey_not_as_zero(pennsylvania):
    counties, geojson = pennsylvania
    frame = counties[["county_fips", "county_name", "centroid_lon", "centroid_lat"]].copy()
    frame["lq"] = [0.5 + i / 20 for i in range(len(frame))]
    frame["employment"] = 100.0
    frame["status"] = ["suppressed" if i % 10 == 0 else ("no data" if i == 1 else "disclosed")
                       for i in range(len(frame))]
    frame.loc[frame["status"] == "suppressed", "lq"] = np.nan
    fig = charts.industry_lq_map(frame, geojson, "Title", outlines=charts.selected_outline(geojson, ["42071"]))
    names = [(trace.name, len(trace.locations)) for trace in fig.data]
    assert names == [("LQ", 59), ("Suppressed by BLS", 7), ("No QCEW loaded", 1)]
    assert fig.data[0].z[0] == pytest.approx(np.log2(frame["lq"].iloc[2]))  # log scale around 1
    assert fig.layout.map.style == "white-bg" and len(fig.layout.map.layers[0].source["features"]) == 1


def test_lq_map_draws_no_jobs_apart_from_missing_figures(pennsylvania):
    """A county with no job in the industry is LQ 0: drawn in a class of its own, neither as a missing reference nor
    as the scale's lowest shade (which LQ 0.25 also takes)."""
    counties, geojson = pennsylvania
    frame = counties[["county_fips", "county_name", "centroid_lon", "centroid_lat"]].head(5).copy()
    frame["lq"] = [0.25, 0.0, np.nan, np.nan, 1.5]
    frame["employment"] = [10.0, 0.0, np.nan, 40.0, 100.0]
    frame["status"] = ["disclosed", lm.NO_JOBS, "suppressed", "no reference", "disclosed"]
    fig = charts.industry_lq_map(frame, geojson, "Title")
    names = [(trace.name, len(trace.locations)) for trace in fig.data]
    assert names == [("LQ", 2), (charts.NO_JOBS_NAME, 1), ("Suppressed by BLS", 1), ("No reference figure", 1)]
    fills = {trace.name: trace.colorscale[0][1] for trace in fig.data[1:]}
    assert len(set(fills.values())) == 3 and "lq 0" not in fig.data[1].hovertemplate


def test_table_text_says_suppressed_instead_of_a_blank_or_zero():
    text = charts.industry_table_text(ranked()).set_index("Industry")
    assert (text.loc["Transportation and warehousing", "Employment"],
            text.loc["Transportation and warehousing", "LQ"]) == ("suppressed", "suppressed")
    assert text.loc["Agriculture", "Employment"] == "≥ 40 (1 of 2 suppressed)"
    # its LQ and share of jobs rest on the same lower bound (they read as plain numbers)
    assert (text.loc["Agriculture", "LQ"], text.loc["Agriculture", "Share of jobs"]) == ("≥ 0.50", "≥ 4.0%")
    assert text.loc["Health care and social assistance", "LQ"] == "1.50"
    # the same lower bound in the bubble's hover and the warning's words
    bubbles = charts.lq_growth_bubble(ranked(), "Title").data[0]
    agriculture = next(row for row in bubbles.customdata if row[0] == "Agriculture")
    assert agriculture[1] == "≥ 40" and agriculture[5] == "≥ 0.50"
    partly = ranked().iloc[[3, 0]]
    assert charts.strong_without_partnership(partly) == (
        "Agriculture (LQ ≥ 0.50, -1.0%/year, ≥ 40 jobs); Health care and social assistance (LQ 1.50, +4.0%/year, "
        "150 jobs)")
    assert text.loc["Manufacturing", "Flag"] == "⚠ strong, no partnership"
    assert text.loc["Agriculture", "Partnerships"] == "Food (part of the industry)"  # coverage "partial"
    assert text.loc["Health care and social assistance", "Partnerships"] == "Health"
    assert text.loc["Health care and social assistance", "Per year"] == "+4.0%"
    assert text.loc["Health care and social assistance", "Weekly wage"] == "$1,000"
    assert "1 industry partly suppressed" in charts.suppression_note(ranked(), 2)
    assert "Transportation and warehousing" in charts.suppression_note(ranked(), 2)
    assert "quarterly files" not in charts.suppression_note(ranked(), 2)
    # from quarters, "suppressed" may be one quarter's: BLS's annual file may publish the year
    assert "BLS's annual file may publish it" in charts.suppression_note(ranked(), 2, from_quarters=True)


def test_area_labels():
    assert charts.area_label([], "Pennsylvania") == "Pennsylvania"
    assert charts.area_label(["Lancaster County"], "PA") == "Lancaster County"
    assert charts.area_label(["Lancaster County", "York County"], "PA") == "Lancaster and York counties"
    assert charts.area_label([f"{c} County" for c in "ABCDE"], "PA") == "5 counties (A, B, C …)"
    assert charts.area_label(["Orleans Parish"], "LA") == "Orleans Parish"
    assert charts.area_label(["Baltimore County", "Baltimore city"], "MD") == "Baltimore County and Baltimore city"
    assert charts.possessive("Lancaster and York counties") == "Lancaster and York counties'"
    assert charts.possessive("Pennsylvania") == "Pennsylvania's"


def test_notes_name_the_missing_reference():
    series = "the U.S. series (US000)"
    assert charts.lq_basis(pd.Series(["BLS published", "no U.S. figure"]), series) == "BLS-published LQ"
    assert charts.lq_basis(pd.Series(["computed against the U.S. file"]), series) == "computed from U.S. file"
    assert charts.lq_basis(pd.Series(["from BLS-published LQs", "BLS published"]), series) == (
        "BLS-published LQ; from BLS-published LQs (U.S. industry shares derived from them)")
    assert charts.lq_basis(pd.Series(["no U.S. figure"]), series).startswith(f"none, {series} is not loaded")
    hint = charts.where_to_get(series, "US000", [2011, 2016], "CO")
    assert "python -m sectorscope qcew fetch --state CO --years 2011-2016" in hint
    assert "2016.annual US000 U.S. TOTAL.csv" not in hint and "YEAR.annual US000 U.S. TOTAL.csv" in hint
    assert charts.BLS_FILES_URL in hint and "qcew load" in hint
    note = charts.missing_reference_note(series, [2013, 2016], True, "the U.S.")
    assert note.startswith("The U.S. series (US000) is not loaded for 2013, 2016") and "published" in note
    # only the start year missing: shift-share cannot be computed, the end year's LQs can (it said neither could)
    start_only = charts.missing_reference_note(series, [2013], False, "Pennsylvania", end_year=2016)
    assert "so shift-share against Pennsylvania cannot be computed (its location quotients, for 2016, can)" in \
        start_only and "location quotients and shift-share" not in start_only
    assert "growth needs two years" in charts.bubble_note(2016, 2016, False, series)
    assert "without the U.S. series" in charts.bubble_note(2016, 2016, False, series, reference_loaded=False)
    # LQs BLS published are in the table: the note beside it said none could be computed without the U.S. series
    with_published = charts.bubble_note(2016, 2016, True, series, reference_loaded=False)
    assert "without" not in with_published and "growth needs two years" in with_published
    # the U.S. series loaded and every industry of the area suppressed by BLS: it blamed the U.S. file
    suppressed = charts.bubble_note(2019, 2024, False, series, reference_loaded=True)
    assert "BLS suppresses" in suppressed and "U.S. series" not in suppressed and "two years" not in suppressed
    # the ranked table is a tab of its own beside the chart's: "the table below" pointed at nothing (a reviewer)
    assert 'The tab "Ranked as target sectors" still shows' in suppressed and "below" not in suppressed


def test_industry_cards_say_unknown_not_needs_two_years_when_two_years_are_chosen():
    """Fulton County, Energy, 2019-2024: every industry suppressed by BLS, and the cards said "needs 2 years"."""
    from sectorscope.present.headlines import industry_headlines

    ranked = pd.DataFrame({"cagr": [float("nan")], "strong": [False], "gap": [False]})
    cards = {card.label: card.value for card in industry_headlines(ranked, 100.0, 90.0, 2019, 2024, "Sectors",
                                                                      "the U.S.")}
    assert cards["Concentrated and growing"] == "unknown (suppressed)"
    one_year = {card.label: card.value for card in industry_headlines(ranked, 100.0, 100.0, 2024, 2024, "Sectors",
                                                                         "the U.S.")}
    assert one_year["Concentrated and growing"] == "needs 2 years"


def test_with_sectors_chosen_the_jobs_card_counts_their_industries_beside_the_areas():
    """"Jobs, 2024 877,620 · all industries" stood beside "Industries 1" of Healthcare, whose 131,161 jobs were only
    in a table column past the right edge (a staffer): with sectors chosen the card is their industries' jobs, a
    lower bound where one is suppressed, beside the area's."""
    from sectorscope.present.headlines import industry_headlines

    ranked = pd.DataFrame({"cagr": [0.01, 0.02], "strong": [False, False], "gap": [False, False],
                           "employment": [131_161.0, 2_000.0], "status": ["disclosed", "disclosed"]})
    [jobs, *_] = industry_headlines(ranked, 800_000.0, 877_620.0, 2019, 2024, "Sectors", "the U.S.",
                                    sectors_chosen=True)
    assert (jobs.label, jobs.value) == ("Jobs in these industries, 2024", "133,161")
    assert jobs.basis == "private, the 2 industries shown · of 877,620 in all industries and ownerships"
    withheld = ranked.assign(employment=[131_161.0, float("nan")], status=["disclosed", "suppressed"])
    [jobs, *_] = industry_headlines(withheld, 800_000.0, 877_620.0, 2019, 2024, "Sectors", "the U.S.",
                                    sectors_chosen=True)
    assert jobs.value == "≥ 131,161" and jobs.basis.endswith("1 industry suppressed in part or whole: at least")
    [area, *_] = industry_headlines(ranked, 800_000.0, 877_620.0, 2019, 2024, "Sectors", "the U.S.")
    assert (area.label, area.value) == ("Jobs, 2024", "877,620")


def test_the_one_year_card_help_says_growth_needs_a_second_year():
    """With one year loaded, the card's help read "employment grew 2016–2016"."""
    from sectorscope.present.headlines import industry_headlines

    ranked = pd.DataFrame({"cagr": [float("nan")], "strong": [False], "gap": [False]})
    help_of = {card.label: card.definition for card in industry_headlines(ranked, 100.0, 100.0, 2016, 2016,
                                                                         "Sectors", "the U.S.")}
    assert help_of["Concentrated and growing"].startswith(
        "LQ ≥ 1.2 against the U.S. and employment grew between two years: only 2016 is chosen (or loaded), so growth "
        "is unknown.")
    two = {card.label: card.definition for card in industry_headlines(ranked, 100.0, 90.0, 2011, 2016, "Sectors",
                                                                     "the U.S.")}
    assert "employment grew 2011–2016." in two["Concentrated and growing"]


def test_one_countys_changes_missing_for_a_year_not_loaded_are_explained():
    """Lancaster alone, 2011 not loaded: the 5-year column read "–" on every row, explained only for several
    counties."""
    notes = charts.change_notes(changes_shown().assign(change_1y=[5.0, 3.0, 1.0], areas_without_change_1y=0,
                                                       without_change_1y=""), 2016, [2011], "Lancaster County", 1)
    assert notes == ["No 5-year change: the 2011 QCEW file is not loaded for Lancaster County."]
    nothing = changes_shown().assign(change_1y=np.nan, areas_without_change_1y=1, without_change_1y="42071")
    assert charts.change_notes(nothing, 2016, [2015, 2011], "Lancaster County", 1) == [
        "No 1-year or 5-year change: the 2011 and 2015 QCEW files are not loaded for Lancaster County."]


def test_industries_without_a_first_year_are_named_not_dropped_without_a_word():
    """Fulton County: Construction (LQ 1.21) had its 2019 employment suppressed, so no growth: it was not drawn and
    not named in "Suppressed by BLS (not drawn)", which checked the last year only."""
    industries = pd.DataFrame({"industry_code": ["23", "62"], "industry_title": ["Construction", "Health care"],
                               "status": ["disclosed", "disclosed"], "cagr": [float("nan"), 0.02]})
    note = charts.suppression_note(industries, 1, start=2019)
    assert "No employment figure for 2019" in note and "Construction" in note and "Health care" not in note
    assert "2019" not in charts.suppression_note(industries, 1)  # one year chosen: growth is not expected


def test_every_flagged_industry_is_marked_even_where_its_label_finds_no_room():
    """Labels crowd out: the "⚠" rode on the label alone, and 3 of 5 flagged industries were marked."""
    crowded = pd.concat([ranked().iloc[[1]]] * 6, ignore_index=True).assign(
        industry_code=[f"C{i}" for i in range(6)], industry_title=[f"Crowded industry number {i}" for i in range(6)],
        cagr=[0.02 + i * 1e-4 for i in range(6)], lq=[2.5 + i * 1e-3 for i in range(6)])
    fig = charts.lq_growth_bubble(crowded, "Title")
    labelled = sum(text.startswith("⚠") for text in fig.data[0].text)
    marks = [trace for trace in fig.data if trace.name == "gap marks"]
    assert labelled < 6 and marks, "the case must crowd some labels out"
    assert labelled + len(marks[0].x) == 6 and set(marks[0].text) == {"⚠"}
    assert not [trace for trace in charts.lq_growth_bubble(ranked(), "Title").data if trace.name == "gap marks"]


def test_a_concentrated_growing_industry_is_labelled_before_a_larger_one_where_labels_are_few():
    """Labels went to the largest industries after the gaps: Transportation (LQ 1.20, concentrated and growing)
    unlabelled beside Construction (1.19, larger, served) labelled (a staff reviewer)."""
    industries = pd.concat([ranked().iloc[[0]]] * 2, ignore_index=True).assign(
        industry_code=["23", "48-49"], industry_title=["Construction", "Transportation and warehousing"],
        lq=[1.19, 1.2], cagr=[0.01, 0.04], employment=[300.0, 100.0], coverage=["full", "none"], gap=[False, False])
    bubbles = charts.lq_growth_bubble(industries, "Title", label_count=1).data[0]
    texts = dict(zip(bubbles.customdata[:, 0], bubbles.text, strict=True))
    assert texts == {"Construction": "", "Transportation and warehousing": "Transportation and ware…"}, texts


def changes_shown() -> pd.DataFrame:
    """Three industries of a region of Lancaster (42071), York (42133) and Lebanon (42075) whose 2015 files are not
    loaded: health care's change from every county, transport lacking York's and Lebanon's, mining lacking York's."""
    return pd.DataFrame({
        "industry_code": ["62", "48-49", "21"],
        "industry_title": ["Health care", "Transportation and warehousing", "Mining"],
        "change_1y": [610.0, np.nan, np.nan],
        "areas_without_change_1y": [0, 2, 1],
        "without_change_1y": ["", "42075, 42133", "42133"],
    })


NAMES = {"42071": "Lancaster County", "42133": "York County", "42075": "Lebanon County"}


def test_a_missing_1_year_change_says_which_counties_lack_theirs():
    reasons = charts.change_1y_missing_because(changes_shown(), 2016, NAMES)
    assert reasons[0] == ""
    assert reasons[1].startswith("2015 is not loaded and Lebanon County, York County have no change over the year "
                                 "for 2016 (BLS withholds some; from quarterly files")
    assert reasons[2].startswith("2015 is not loaded and York County has no change over the year for 2016")
    assert charts.change_1y_missing_because(changes_shown(), 2016)[2].startswith("2015 is not loaded and 42133 has")


def test_the_notes_under_the_table_say_where_the_1_year_change_comes_from_and_why_it_is_missing():
    notes = charts.change_notes(changes_shown(), 2016, [2015, 2011], "South Central", 3, from_quarters=True,
                                county_names=NAMES)
    assert notes[0].startswith("1-year change: BLS's published change over the year, from each county's 2016 file "
                               "(summed over the counties); the 2015 QCEW file is not loaded. Where "
                               "annual averages are made from quarterly files, the change is the mean of BLS's 12 "
                               "monthly changes over the year.")
    assert notes[1].startswith("No 1-year change for Transportation and warehousing, Mining: 2015 is not loaded and "
                               "Lebanon County, York County have no change over the year for 2016")
    assert "a sum of the other counties would read as the whole area's" in notes[1]
    assert notes[2].startswith("No 5-year change: 2011 QCEW files are not loaded for every county of South Central")
    none_at_all = changes_shown().assign(change_1y=np.nan, areas_without_change_1y=1, without_change_1y="42133")
    notes = charts.change_notes(none_at_all, 2016, [2015], "South Central", 3, county_names=NAMES)
    assert notes == [notes[0]] and notes[0].startswith("No 1-year change for any industry: 2015 is not loaded and "
                                                       "York County has")
    # no county has one: the year not loaded says it, as where no file carries a change
    nowhere = none_at_all.assign(without_change_1y="42071, 42075, 42133")
    assert charts.change_notes(nowhere, 2016, [2015], "South Central", 3, county_names=NAMES) == [
        "No 1-year change: 2015 QCEW files are not loaded for every county of South Central (a sum of the counties "
        "loaded would read as the whole area's)."]


def test_an_unknown_share_of_establishments_is_not_said_0():
    rows = ranked().assign(suppressed_establishment_share=[0, 0, 1, np.nan])
    assert "0% of establishments" not in charts.suppression_note(rows, 2)


def test_partial_and_partly_suppressed_industries_are_counted_and_pointed_to_not_listed():
    """Lancaster Region's two captions (chart and table) each listed eleven industries' partial growth and nine
    partly suppressed ones, title by title: the same list twice, at length. The table marks each industry and the
    CSV has its partial columns, so the note says how many, and where to see which."""
    rows = ranked().assign(
        status=["disclosed", "partly suppressed", "suppressed", "partly suppressed"],
        cagr=[0.04, np.nan, np.nan, np.nan], partial_cagr=[np.nan, 0.02, np.nan, 0.03],
        areas_left_out=["", "42105", "42023, 42105", "42023"], suppressed_areas=[0, 1, 3, 1], areas=[3] * 4)
    note = charts.suppression_note(rows, 3, 2019, agency="the data's source", end=2024)
    assert ("Growth is partial for 2 industries: the data's source suppressed a county in 2019 or 2024, so the "
            "area's growth is not known") in note
    assert "marked \"partial\" in the table" in note and "The CSV gives it in its \"partial\" columns" in note
    assert "2 industries partly suppressed in 2024" in note and "marked \"≥\" in the table" in note
    assert "Manufacturing" not in note and "Agriculture" not in note and "partial: 2 of 3" not in note
    assert "Suppressed by the data's source (not drawn): Transportation and warehousing." in note  # still named


def test_industries_not_split_by_shift_share_are_counted_and_pointed_to_not_listed():
    """A region's shift-share caption listed every industry with a county suppressed in either year ("Finance and
    insurance (1 of 8 suppressed); ...") beside a table marking each so: counted, as the other two notes are."""
    shift = pd.DataFrame({"industry_code": ["11", "31-33", "48-49", "62"],
                          "industry_title": ["Agriculture", "Manufacturing", "Transportation and warehousing",
                                             "Health care and social assistance"],
                          "actual_change": [np.nan, 20.0, np.nan, np.nan],
                          "areas_left_out": ["42105", "", "42023, 42105", "42023"]})
    note = charts.shift_share_left_out_note(shift, 8, 2019, 2024, agency="the data's source")
    assert note.startswith("Not split for 3 industries: the data's source suppressed a county in 2019 or 2024")
    assert "marked \"not split\" in the table" in note and "The CSV gives those counties" in note
    assert not any(title in note for title in shift["industry_title"]) and "of 8 suppressed" not in note
    assert charts.shift_share_left_out_note(shift.iloc[[0]], 8, 2019, 2024).startswith("Not split for 1 industry:")
    # one county: its figure was suppressed, the table reads "suppressed": named, as industries suppressed everywhere
    one = charts.shift_share_left_out_note(shift.iloc[[0]], 1, 2019, 2024)
    assert one == "Not split, BLS suppressed the figure in 2019 or 2024: Agriculture. "
    assert charts.shift_share_left_out_note(shift.iloc[[1]], 8, 2019, 2024) == ""


def test_a_change_that_rounds_to_nothing_has_no_sign():
    """Manufacturing's regional effect read "+0" in the shift-share table and its bar's hover, a growth "-0.0%"."""
    table = lm.shift_share([100.0, 1000.0], [110.0, 1099.6], 0.1, [0.1, 0.1])  # competitive: 0 and -0.4 jobs
    table.insert(0, "industry_code", ["62", "31-33"])
    table.insert(1, "industry_title", ["Health", "Manufacturing"])
    text = charts.shift_share_text(table.assign(reference_industry_growth=[0.1, -0.0004]), 2013, 2017)
    assert text["Regional (competitive)"].tolist() == ["0", "0"]
    assert text["Industry's growth in the reference"].tolist() == ["+10.0%", "0.0%"]
    regional = charts.shift_share_bars(table, "Title").data[2]
    assert list(regional.customdata) == ["0", "0"] and "+0" not in regional.hovertemplate
    rows = ranked().assign(cagr=[0.04, -0.0004, np.nan, -0.01])
    assert charts.industry_table_text(rows).set_index("Industry").loc["Manufacturing", "Per year"] == "0.0%"
    bubbles = charts.lq_growth_bubble(rows, "Title").data[0]
    assert [row[6] for row in bubbles.customdata if row[0] == "Manufacturing"] == ["0.0%"]


def test_industry_cards_count_what_is_known_and_say_how_many_more_could_be():
    """A demo region read "Concentrated and growing 0" where five industries above LQ 1.2 had a partial change only
    (a county suppressed in one of the years): not counted, and said."""
    from sectorscope.present.headlines import industry_headlines

    ranked = pd.DataFrame({"lq": [1.5, 1.3, float("nan"), 0.8, 2.0], "cagr": [0.02, float("nan"), float("nan"),
                                                                              float("nan"), -0.01],
                           "strong": [True, False, False, False, False], "gap": [True, False, False, False, False],
                           "coverage": ["none", "none", "sector", "none", "none"]})
    cards = {card.label: card for card in industry_headlines(ranked, 100.0, 90.0, 2019, 2024, "Sectors", "the U.S.")}
    strong, gap = cards["Concentrated and growing"], cards["…with no partnership"]
    # an LQ not known (suppressed) is not "with LQ ≥ 1.2": 17 suppressed industries of a county were called so
    assert strong.value == "1" and strong.basis.endswith(
        "· 1 more industry with LQ ≥ 1.2, growth not known · 1 more industry with LQ and growth not known")
    assert gap.value == "1" and gap.basis.endswith("· 1 more industry with LQ ≥ 1.2, growth not known")
    known = ranked.assign(cagr=[0.02, 0.01, 0.0, 0.03, -0.01])
    assert "not known" not in {card.label: card for card in industry_headlines(
        known, 100.0, 90.0, 2019, 2024, "Sectors", "the U.S.")}["Concentrated and growing"].basis


def test_lq_sources_of_a_file_that_is_not_blss_are_worded_after_the_file():
    """A template's qcew_annual.csv read "BLS published" and "suppressed by BLS"; BLS's files keep those words."""
    sources = pd.Series(["BLS published", "suppressed by BLS", "computed against the U.S. file"])
    assert charts.lq_source_text(sources, True).tolist() == sources.tolist()
    assert charts.lq_source_text(sources, False).tolist() == [
        "published in the loaded file", "suppressed in the loaded file", "computed against the U.S. file"]
    series = "the U.S. series (US000)"
    assert charts.lq_basis(sources, series, False) == "LQ published in the loaded file; computed from U.S. file"
    assert charts.lq_basis(sources.iloc[[1]], series, False) == (
        "none, every industry's figures here are suppressed in the loaded file")
    loads = pd.DataFrame({"source_name": ["a.csv", "qcew_annual.csv"], "source": [references.BLS_QCEW, None]})
    assert charts.is_from_bls(loads.iloc[:1]) and not charts.is_from_bls(loads) and not charts.is_from_bls(loads[:0])


def test_notes_on_a_file_that_is_not_blss_credit_the_file_not_bls():
    """bubble_note, missing_reference_note and the notes on 1-year changes said "BLS suppresses", "the LQs published
    by BLS", "BLS's published change over the year" and "BLS withholds some" of a template's file too."""
    series = "the U.S. series (US000)"
    note = charts.missing_reference_note(series, [2013, 2016], True, "the U.S.", from_bls=False)
    assert "the LQs published in the loaded county and state files" in note and "BLS" not in note
    assert "the LQs published by BLS in the county and state files" in charts.missing_reference_note(
        series, [2013, 2016], True, "the U.S.")
    suppressed = charts.bubble_note(2019, 2024, False, series, reference_loaded=True, agency="the data's source")
    assert "the data's source suppresses (or the area lacks)" in suppressed and "BLS" not in suppressed
    notes = charts.change_notes(changes_shown(), 2016, [2015], "South Central", 3, county_names=NAMES,
                                from_bls=False, agency="the data's source")
    assert notes[0].startswith("1-year change: the change over the year published in each county's 2016 file")
    assert "(the data's source withholds some; from quarterly files" in notes[1]
    assert not any("BLS's published" in note or "BLS withholds" in note for note in notes)
    reasons = charts.change_1y_missing_because(changes_shown(), 2016, NAMES, "the data's source")
    assert "(the data's source withholds some;" in reasons[1] and "BLS withholds" not in reasons[1]
    assert charts.published_lq_name(True) == "BLS-published LQ"
    assert charts.published_lq_name(False) == "LQ published in the loaded file"


def test_bubbles_carry_a_phone_layout_with_the_quadrants_in_two_lines_and_labels_placed_again():
    """At 390 px the quadrants' names lay over each other ("Concentrated and growing" over "Concentrated,
    shrinking"), the colour bar took a quarter of the chart and labels crowded a 140 px plot: the chart carries, for
    the browser to show on a phone, each quadrant's name in lines of at most 16 characters in 10 px, a slimmer
    colour bar and labels cut to 16 characters placed again for a 220 px plot (the wide ones unchanged)."""
    fig = charts.lq_growth_bubble(ranked(), "Title")
    narrow = fig.layout.meta[style.NARROW]
    quadrant_lines = [narrow["layout"][f"annotations[{index}].text"].split("<br>") for index in range(4)]
    assert [" ".join(lines) for lines in quadrant_lines] == [note.text for note in fig.layout.annotations[:4]]
    assert all(len(lines) == 2 and max(map(len, lines)) <= 16 for lines in quadrant_lines)
    assert {narrow["layout"][f"annotations[{index}].font.size"] for index in range(4)} == {10}
    phone = narrow["traces"]["0"]
    assert phone["marker.colorbar.thickness"] < fig.data[0].marker.colorbar.thickness
    assert len(phone["text"]) == len(fig.data[0].text) == len(phone["textposition"])
    assert "Health care and…" in phone["text"] and "Health care and social…" in fig.data[0].text
    assert charts.lq_growth_bubble(ranked().assign(lq=np.nan), "Title").layout.meta is None  # nothing drawn


def test_on_a_phone_every_flagged_industry_is_marked_by_its_label_or_on_its_bubble():
    """The phone's labels are fewer than the wide chart's: a flagged industry labelled wide but not on a phone lost
    its mark there (a reviewer). Each flagged industry has, on a phone too, a "⚠" label or a mark on its bubble,
    never both."""
    flagged = pd.concat([ranked().iloc[[1]]] * 12, ignore_index=True).assign(
        industry_code=[f"C{i}" for i in range(12)], industry_title=[f"Industry number {i} long" for i in range(12)],
        lq=np.linspace(1.3, 3, 12), cagr=np.linspace(0.01, 0.05, 12), employment=np.linspace(100, 300, 12))
    fig = charts.lq_growth_bubble(flagged, "Title")
    marks_at = next(index for index, trace in enumerate(fig.data) if trace.name == "gap marks")
    phone = fig.layout.meta[style.NARROW]["traces"]
    labelled = {(x, y) for x, y, text in zip(fig.data[0].x, fig.data[0].y, phone["0"]["text"], strict=True)
                if text.startswith("⚠")}
    marked = set(zip(phone[str(marks_at)]["x"], phone[str(marks_at)]["y"], strict=True))
    assert labelled and marked and not labelled & marked
    assert len(labelled | marked) == 12


def test_years_are_written_as_runs():
    assert charts.year_runs([2015, 2013, 2014, 2019]) == "2013–2015 and 2019"
    assert charts.year_runs([2016]) == "2016"
    assert charts.year_runs([2010, 2012, 2014]) == "2010, 2012 and 2014"


def test_the_years_left_out_name_the_counties_they_lack():
    names = {"42071": "Lancaster County", "42133": "York County"}
    lacking = {2013: ("42133",), 2014: ("42133",), 2015: ("42133",), 2019: ("42071", "42133")}
    assert charts.years_lacking_note(lacking, names) == (
        "2013–2015 and 2019 lack York County's QCEW; 2019 lacks Lancaster County's QCEW")
    assert charts.years_lacking_note({}, names) == ""
    assert charts.years_lacking_note({2020: ("42999",)}, names) == "2020 lacks 42999's QCEW"  # a code not named
