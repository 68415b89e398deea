"""Each staff chart's summary in words (``describe.figure_summary``, the hidden ``sectorscope-sr`` paragraph before
it) reads the values the chart shows, as it writes them, from real figures of the chart builders.

An accessibility reviewer found these summaries wrong or empty on every staff page: "no values shown" under a
dumbbell of nine before/after pairs, raw floats ("highest 0.9750000000000001") for a scatter, a reference line read
as data, a box chart said without a value, a map's shade index read as its LQ, counts as "37.0".
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from sectorscope.charts import employers, funding, industry, maps, workers
from sectorscope.charts.describe import _d3_text, figure_summary
from sectorscope.sources import geo

RAW_FLOAT = re.compile(r"\d\.\d{4,}")  # binary noise such as 0.9750000000000001, never how a chart writes a value


def said(figure) -> str:
    """The summary, checked for what no summary may say."""
    text = figure_summary(figure)
    assert not RAW_FLOAT.search(text), text
    assert "<br>" not in text and "<sup>" not in text, text
    return text


@pytest.fixture(scope="module")
def pennsylvania():
    counties = geo.counties_table("42")
    return counties, geo.feature_collection(counties)


def groups(by: str, rows: dict[object, tuple[float, int]]) -> pd.DataFrame:
    """A group table with median gains and n, intervals +/- 0.5 (as ``workers.groups_of`` gives it)."""
    return pd.DataFrame({
        by: list(rows), "median_gain": [m for m, _ in rows.values()], "gain_n": [n for _, n in rows.values()],
        "median_gain_low": [m - 0.5 for m, _ in rows.values()], "median_gain_high": [m + 0.5 for m, _ in rows.values()],
        "gain_gap": [m - 2.0 for m, _ in rows.values()],
    })


def test_a_dumbbell_with_its_categories_on_the_y_axis_reads_its_before_and_after_values():
    """ "Median turnover by sector, before → at the survey. Values: no values shown. Before joining (median): no
    values shown" under nine before/after pairs."""
    frame = pd.DataFrame({"name": ["Healthcare", "Retail"], "n": [12, 1_250], "median_before": [0.30, 0.215],
                          "median_after": [0.25, 0.185], "median_change": [-0.05, -0.03]})
    text = said(employers.turnover_dumbbell(frame, "name", "Median turnover by sector, before → at the survey"))
    assert "no values" not in text
    assert ("Before joining (median): 2 values, highest Healthcare (n = 12 · small n) (30%), lowest Retail "
            "(n = 1,250) (22%)." in text)  # 21.5% half up, as the hover's d3 rounds it
    assert ("At the survey (median): 2 values, highest Healthcare (n = 12 · small n) (25%), lowest Retail "
            "(n = 1,250) (19%)." in text)


def test_the_baseline_comparison_reads_each_series_along_its_categories():
    frame = pd.DataFrame({"name": ["Energy", "Healthcare"], "n": [9, 40], "median_before": [0.2, 0.35],
                          "median_after": [0.15, 0.3], "qwi_annual": [0.41, 0.52], "qwi_cells_used": [12, 16]})
    text = said(employers.baseline_chart(frame, "name", "Partnership employers' annual turnover vs their industry's"))
    assert "no values" not in text
    assert "Industry in the region (QWI, annualized): 2 values, highest Healthcare (n = 40) (52%), lowest Energy " \
        "(n = 9 · small n) (41%)." in text


def test_the_employers_scatter_says_its_cells_and_axes_not_raw_coordinates():
    """ "Employers: 20 values, highest 0.9750000000000001 (98%), lowest 0.025 (3%)": the cells' centres read as
    labels; the diagonal read as two values."""
    paired = pd.DataFrame({"employer_name": ["A", "B", "C", "D"], "partnership_name": ["P"] * 4,
                           "survey_year": [2020] * 4, "turnover_rate_before": [0.12, 0.13, 0.31, 0.5],
                           "turnover_rate_after": [0.11, 0.12, 0.40, 0.3]})
    paired["change"] = paired["turnover_rate_after"] - paired["turnover_rate_before"]
    text = said(employers.turnover_scatter(paired, "Each employer: before vs at the survey (n=4)"))
    assert "Employers: 3 cells shaded, 4 in all; the highest, 2, at Annual turnover before joining 13% and " \
        "Annual turnover at the survey 13%." in text  # the cell 10-15% on both axes holds A and B
    assert "Largest rises (1): 1 point; Annual turnover before joining 31% (C); Annual turnover at the survey 40% " \
        "(C)." in text
    assert text.endswith("Reference line: No change.")


def test_a_ranking_of_markers_on_categories_reads_its_values_in_dollars():
    """ "Partnerships ranked by median hourly wage gain… Values: no values shown." """
    table = groups("partnership_id", {"P1": (1.0, 100), "P2": (3.125, 12), "P3": (2.0, 50)})
    text = said(workers.partnership_ranking(table, {"P1": "Alpha", "P2": "Beta", "P3": "Gamma"}, "2020"))
    assert "Median hourly wage gain ($): 3 values, highest Beta · n = 12 · small n ($3.13), lowest Alpha · n = 100 " \
        "($1.00)." in text
    assert "Reference line: published mean +$2.00/hour." in text


def test_before_and_after_names_its_conditions_not_their_positions():
    """ "Before and after training… highest 0.5925801859140776 (2.14)": the y positions read as labels and the
    percents as values."""
    table = pd.DataFrame({"condition": ["Below the poverty level", "Paid sick leave"], "n": [50, 1_200],
                          "before": [0.6, 0.31], "after": [0.3, 0.45], "change": [-0.3, 0.14],
                          "published_before": [0.64, 0.35], "published_after": [0.35, 0.5]})
    text = said(workers.before_after(table, "2018"))
    assert "This selection, before: 2 values, highest Below the poverty level, n = 50 with both answers (60%), " \
        "lowest Paid sick leave, n = 1,200 with both answers (31%)." in text
    # a study's figure is not given the selection's n (it read "highest Paid sick leave, n = 1,200 with both
    # answers (50%)")
    assert "Published figure, after: 2 values, highest Paid sick leave (50%), lowest Below the poverty level " \
        "(35%)." in text
    assert "Values:" not in text


def test_a_reference_line_trace_is_named_as_the_reference_not_read_as_data():
    """ "published mean +$2.00/hour: 2 values, highest 2014.7 ($2.00)": the line's ends read as data."""
    by_year = groups("exit_year", {2020: (1.5, 40), 2021: (math.nan, 0), 2022: (2.5, 10)})
    text = said(workers.gain_trend(by_year, "2020–2022"))
    assert "Median gain (95% interval): 2 values, highest 2022 ($2.50), lowest 2020 ($1.50)." in text
    assert text.endswith("Reference line: published mean +$2.00/hour.")
    assert "2 values, highest 2019" not in text and "2019.7" not in text


def test_a_box_chart_says_each_groups_median():
    """ "Hourly wage gain of completers by sector": the title alone, no value."""
    spread = pd.DataFrame({"sector_code": ["HLTH", "IT"], "n": [40, 12], "p10": [-1.0, 0.5], "p25": [0.0, 1.0],
                           "median": [1.5, 3.0], "p75": [2.5, 4.0], "p90": [3.5, 5.0]})
    text = said(workers.wage_gain_box(spread, "sector_code", {"HLTH": "Healthcare", "IT": "Information Technology"},
                                      "2015–2025"))
    # read from the top, where the highest median stands
    assert "Wage gain: 2 boxes, medians: Information Technology (n = 12 · small n) $3.00; Healthcare (n = 40) " \
        "$1.50." in text
    assert "Reference line: published mean +$2.00/hour." in text


def test_a_chart_with_nothing_to_show_says_its_note():
    text = said(workers.partnership_ranking(groups("partnership_id", {}), {}, "2020"))
    assert workers.NOTHING_TO_SHOW in text
    # a series with no point at all is neither a value nor a legend entry
    assert said(workers.gain_trend(groups("exit_year", {}), "2020")) == (
        f"Chart: Median hourly wage gain by exit year, 2020. On the chart: {workers.NOTHING_TO_SHOW}")


def test_a_title_over_two_lines_is_read_whole():
    """ "Median hourly wage gain by county of residence,." (cut at its <br>); its map read as the gains it shades."""
    counties = pd.DataFrame({"county_fips": ["42001", "42003", "42005"], "county_name": ["Adams", "Allegheny",
                                                                                         "Armstrong"],
                             "centroid_lon": [-77.2, -80.0, -79.5], "centroid_lat": [39.9, 40.5, 40.8]})
    by_county = groups("county_fips", {"42001": (2.125, 40), "42003": (-0.5, 30), "42005": (math.nan, 3)})
    text = said(workers.county_gain_map(counties, by_county, {"type": "FeatureCollection", "features": []}, "2019"))
    assert text.startswith("Chart: Median hourly wage gain by county of residence, exits 2019. ")
    assert "Median gain, $/hour: 2 areas, highest Adams ($2.13), lowest Allegheny (-$0.50)." in text
    assert "No figure: 1 area." in text


def test_the_bubble_chart_says_its_axes_ranges_as_the_hover_writes_them():
    """ "highest 1.3767480161343437 (1.47)": the growth rates read as labels, LQs as 3 significant digits."""
    frame = pd.DataFrame({
        "industry_code": ["62", "31-33", "11"], "industry_title": ["Health care", "Manufacturing", "Agriculture"],
        "lq": [1.3767480161343437, 2.5, 0.823], "cagr": [0.04, 0.021, -0.01], "employment": [150.0, 200.0, 40.0],
        "wage_ratio": [1.25, 1.5, 0.6], "avg_weekly_wage": [1000.0, 1200.0, 480.0],
        "coverage": ["full", "none", "partial"], "gap": [False, True, False],
        "status": ["disclosed", "disclosed", "disclosed"]})
    text = said(industry.lq_growth_bubble(frame, "Concentration and growth"))
    assert "3 points; Employment growth per year (%) from -1.0% (Agriculture) to +4.0% (Health care); Location " \
        "quotient (1 = same share as the reference) from 0.82 (Agriculture) to 2.50 (Manufacturing)" in text
    assert "Legend: Ring: a partnership serves it; ⚠ concentrated and growing, no partnership." in text
    assert "no values shown" not in text


def test_a_change_that_rounds_to_nothing_is_read_without_a_sign():
    """The bubbles' summary read a growth of -0.04%/year as "+0.0%" (d3's "+.1f"), and a shift-share effect of -0.4
    jobs as "+0", where the hover, the table and the rest of the page write "0.0%" and "0"
    (``format_relative_change``, ``signed_count``)."""
    frame = pd.DataFrame({
        "industry_code": ["62", "31-33", "11"], "industry_title": ["Health care", "Manufacturing", "Agriculture"],
        "lq": [1.5, 2.5, 0.8], "cagr": [0.04, -0.0004, 0.02], "partial_cagr": [np.nan, np.nan, np.nan],
        "employment": [150.0, 200.0, 40.0], "wage_ratio": [1.25, 1.5, 0.6], "avg_weekly_wage": [1000.0, 1200.0, 480.0],
        "coverage": ["full", "none", "partial"], "gap": [False, True, False],
        "status": ["disclosed", "disclosed", "disclosed"]})
    text = said(industry.lq_growth_bubble(frame, "Concentration and growth"))
    assert "Employment growth per year (%) from 0.0% (Manufacturing) to +4.0% (Health care)" in text
    # the hollow bubbles' growth (some counties' alone) is read the same way
    partial = frame.assign(cagr=[0.04, np.nan, 0.02], partial_cagr=[np.nan, -0.0004, np.nan],
                           areas_left_out=["", "42105", ""])
    text = said(industry.lq_growth_bubble(partial, "Concentration and growth", area_count=3))
    assert "Partial growth: 1 point; Employment growth per year (%) 0.0% (Manufacturing)" in text
    assert "+0.0%" not in text and "-0.0%" not in text
    from sectorscope.metrics import labor_market as lm

    table = lm.shift_share([100.0, 1000.0], [110.0, 1099.6], 0.1, [0.1, 0.1])  # competitive: 0 and -0.4 jobs
    table.insert(0, "industry_code", ["62", "31-33"])
    table.insert(1, "industry_title", ["Health", "Manufacturing"])
    text = said(industry.shift_share_bars(table, "Why employment changed"))
    assert "Regional (competitive): 2 values, all 0." in text and "+0" not in text


def test_the_lq_map_reads_the_lqs_and_counts_the_counties_of_each_class(pennsylvania):
    """ "Map of 42 areas, values -1.00 to 1.00. Map of 25 areas, values 1.00 to 1.00": the shade (a clipped log)
    read as the LQ, and a class's index as a value."""
    counties, geojson = pennsylvania
    frame = counties[["county_fips", "county_name", "centroid_lon", "centroid_lat"]].head(6).copy()
    frame["lq"] = [0.25, 1.0, 3.514, 9.0, np.nan, np.nan]
    frame["employment"] = 100.0
    frame["status"] = ["disclosed"] * 4 + ["suppressed", "no data"]
    names = frame["county_name"].tolist()
    text = said(industry.industry_lq_map(frame, geojson, "Educational services: location quotient by county, 2024"))
    assert f"Location quotient: 4 areas, highest {names[3]} (9.00), lowest {names[0]} (0.25)." in text
    assert "Suppressed by BLS: 1 area; No QCEW loaded: 1 area." in text


def test_a_map_coloured_by_class_counts_the_areas_of_each(pennsylvania):
    counties, geojson = pennsylvania
    served = maps.served_counties_map(counties, list(counties["county_fips"].head(3)), geojson)
    assert f"Served: 3 areas; not served: {len(counties) - 3} areas." in said(served)
    frame = counties[["county_fips", "county_name", "centroid_lon", "centroid_lat"]].head(5).copy()
    frame["partnerships"] = [0, 1, 2, 1, 3]
    frame["partnership_names"] = [[f"P{j}" for j in range(n)] for n in frame["partnerships"]]
    frame["main_sector"] = [None, "Energy", "Healthcare", "Healthcare", "Energy"]
    text = said(maps.partnership_sector_map(frame, geojson))
    assert "Energy: 2 areas; Healthcare: 2 areas; No partnership in view: 1 area." in text
    counted = said(maps.partnership_count_map(frame, geojson, title="Partnerships serving each county"))
    assert f"Partnerships: 5 areas, highest {frame['county_name'].iloc[4]} (3), lowest " \
        f"{frame['county_name'].iloc[0]} (0)." in counted


def test_counts_are_said_whole():
    """ "Implementation (37.0)", "(5.00)": plain counts written as measures."""
    pipeline = pd.DataFrame({"phase": ["planning", "implementation", "sustaining", "inactive"],
                             "partnerships": [4, 37, 20, 5], "share": [4 / 66, 37 / 66, 20 / 66, 5 / 66]})
    text = said(funding.phase_pipeline_chart(pipeline, "Partnership phases now (66 partnerships)"))
    assert "Partnerships: 4 values, highest Implementation (37), lowest Planning (4)." in text
    by_year = pd.DataFrame({"year": [2019, 2020, 2020], "category": ["career pathway", "career pathway", "policy"],
                            "changes": [1, 5, 1]})
    text = said(funding.changes_over_time_chart(by_year, "Systems changes per year"))
    assert "Career pathway: 2 values, highest 2020 (5), lowest 2019 (1)." in text


def test_chart_text_is_read_as_plain_words():
    from sectorscope.charts.describe import plain_text

    assert plain_text("Median gain by county,<br>exits 2019") == "Median gain by county, exits 2019"
    assert plain_text("Employed<br><sup>n = 50 with both answers</sup>") == "Employed, n = 50 with both answers"
    assert plain_text("<b>Adams &amp; York</b>") == "Adams & York"


def test_a_highest_or_lowest_value_several_share_names_them_all():
    """"the most, 10, serve Berks County" where Montgomery and Philadelphia had 10 too; "highest 2022 ($2.78)" where
    2023 read $2.78 as well; "highest 2011 (1), lowest 2011 (1)" over three years of 1 (an accessibility reviewer)."""
    from sectorscope.charts import describe

    by_county = pd.DataFrame({"county_name": ["Berks County", "Montgomery County", "Philadelphia County", "Bedford"],
                              "partnerships": [10, 10, 10, 2]})
    assert describe.partnership_map_summary(by_county, "Pennsylvania").endswith(
        "the most, 10, serve Berks County, Montgomery County and Philadelphia County.")
    years = pd.DataFrame({"year": [2021, 2022, 2023], "people": [5, 40, 40]})
    assert "peaked in 2022 and 2023 at 40" in describe.yearly_summary(years, "year", "people", "People leaving")
    by_year = groups("exit_year", {2021: (1.5, 40), 2022: (2.781, 40), 2023: (2.779, 40)})
    text = said(workers.gain_trend(by_year, "2021–2023"))
    assert "highest 2022 and 2023 ($2.78)" in text, text
    flat = pd.DataFrame({"year": [2011, 2014, 2019], "changes": [1, 1, 1], "category": ["a", "a", "a"]})
    text = said(funding.changes_over_time_chart(flat, "Changes"))
    assert "lowest" not in text and "all 1" in text, text
    many = pd.DataFrame({"county_name": [f"C{i}" for i in range(6)], "partnerships": [3] * 5 + [1]})
    assert describe.partnership_map_summary(many, "Ohio").endswith("serve C0, C1, C2 and 2 more.")


def test_a_signed_value_that_rounds_to_nothing_is_read_without_a_sign():
    """A chart whose axis signs its values (d3's "+" formats) was read "+$0.00" and "+0" for a change of nothing:
    the summary writes numbers as the cards do, and a card's change that rounds to nothing has no sign."""
    assert [_d3_text(value, "+$,.2f") for value in (0.0, 0.004, -0.004, 1.5, -1.5)] == [
        "$0.00", "$0.00", "$0.00", "+$1.50", "-$1.50"]
    assert [_d3_text(value, "+,.0f") for value in (0.3, -0.3, 1200.0)] == ["0", "0", "+1,200"]
    assert _d3_text(0.04, "+.1f") == "0.0" and _d3_text(0.06, "+.1f") == "+0.1"


def test_a_chart_without_a_title_of_its_own_is_named_by_the_title_given():
    """Every chart on the presented slides was read "Chart: untitled." (the slide's heading names it, the figure
    has no title): named by the slide's chart title now."""
    import plotly.graph_objects as go

    figure = go.Figure(go.Bar(x=["State", "Federal"], y=[3, 5], name="Dollars"))
    assert figure_summary(figure, title="Grant dollars by source").startswith("Chart: Grant dollars by source.")
    assert figure_summary(figure).startswith("Chart: untitled.")
    titled = go.Figure(figure).update_layout(title="Its own title")
    assert figure_summary(titled, title="Given").startswith("Chart: Its own title.")


def test_the_partnership_ranking_is_read_with_each_partnership_named_in_full():
    """Its words named partnerships as the axis cuts them ("Bucks Area Information Technology Ind…": a keyboard
    reviewer): in full."""
    long_name = "Bucks Area Information Technology Industry Partnership Collaborative"
    groups = pd.DataFrame({"partnership_id": ["P1", "P2"], "median_gain": [3.5, 1.25], "median_gain_low": [3.0, 1.0],
                           "median_gain_high": [4.0, 1.5], "gain_n": [120, 80]})
    said = figure_summary(workers.partnership_ranking(groups, {"P1": long_name, "P2": "Short One"}, "2015-2025"))
    assert f"highest {long_name} · n = 120 ($3.50)" in said and "…" not in said
