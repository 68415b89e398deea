"""Worker outcome charts: what they draw, read back from fig.data."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from sectorscope.charts import style
from sectorscope.charts import workers as charts
from sectorscope.charts.style import CATEGORY_COLORS


def groups(by: str, rows: dict[str, tuple[float, int]]) -> pd.DataFrame:
    """A group table with median gains and n, intervals +/- 0.5."""
    return pd.DataFrame({
        by: list(rows), "median_gain": [m for m, _ in rows.values()], "gain_n": [n for _, n in rows.values()],
        "median_gain_low": [m - 0.5 for m, _ in rows.values()], "median_gain_high": [m + 0.5 for m, _ in rows.values()],
        "gain_gap": [m - 2.0 for m, _ in rows.values()],
    })


def test_box_is_drawn_from_percentiles_sorted_by_median():
    spread = pd.DataFrame({"sector_code": ["HLTH", "IT"], "n": [40, 12], "p10": [-1.0, 0.5], "p25": [0.0, 1.0],
                           "median": [1.5, 3.0], "p75": [2.5, 4.0], "p90": [3.5, 5.0]})
    fig = charts.wage_gain_box(spread, "sector_code", {"HLTH": "Healthcare", "IT": "Information Technology"},
                               "2015–2025")
    box = fig.data[0]
    assert list(box.y) == ["Healthcare (n = 40)", "Information Technology (n = 12 · small n)"]
    assert list(box.median) == [1.5, 3.0] and list(box.lowerfence) == [-1.0, 0.5] and list(box.upperfence) == [3.5,
                                                                                                               5.0]
    assert "2015–2025" in fig.layout.title.text
    # the axis spans the whiskers, zero and the published mean, a little more: Plotly's own ran to -$20 on the demo
    low, high = fig.layout.xaxis.range
    assert -1.5 < low < -1.0 and 5.0 < high < 5.5


def test_ranking_puts_the_best_on_top_flags_small_n_and_highlights_the_chosen():
    table = groups("partnership_id", {"P1": (1.0, 100), "P2": (3.0, 12), "P3": (2.0, 50)})
    names = {"P1": "Alpha", "P2": "Beta", "P3": "Gamma"}
    fig = charts.partnership_ranking(table, names, "2020", highlight="P3")
    dots = fig.data[0]
    assert list(dots.y) == ["Alpha · n = 100", "▶ Gamma · n = 50", "Beta · n = 12 · small n"]  # bottom to top
    assert list(dots.marker.symbol) == ["circle", "circle", "circle-open"]
    assert dots.marker.color[1] == CATEGORY_COLORS[1] and dots.marker.color[2] == charts.MUTED
    assert list(dots.error_x.array) == [0.5, 0.5, 0.5]
    assert list(fig.layout.yaxis.range) == [-0.7, 2.7]  # its rows, no empty band above or below (rows 0 to 2)


def test_ranking_keeps_partnerships_with_the_same_name_apart():
    table = groups("partnership_id", {"P1": (1.0, 100), "P2": (2.0, 100)})
    fig = charts.partnership_ranking(table, {"P1": "Same name", "P2": "Same name"}, "2020")
    assert len(set(fig.data[0].y)) == 2 and all("(P" in label for label in fig.data[0].y)


def test_ranking_carries_shorter_names_for_a_phone():
    """On a phone the 38-character names left the plot 60 px wide and were cut at the chart's left edge: the layout
    carries names of ``style.NARROW_NAME_CHARACTERS`` for each category (the browser shows them below
    ``style.NARROW_CHART_PX``), with the same ▶, ids for names shortened alike, and n."""
    names = {"P1": "Philadelphia Area Advanced Manufacturing Partnership", "P2": "Philadelphia Area Advanced Welding",
             "P3": "Erie Healthcare"}
    table = groups("partnership_id", {"P1": (1.0, 100), "P2": (2.0, 12), "P3": (3.0, 50)})
    fig = charts.partnership_ranking(table, names, "2020", highlight="P3")
    narrow = fig.layout.meta[style.NARROW]
    assert narrow["below_px"] == style.NARROW_CHART_PX and narrow["layout"]["yaxis.tickmode"] == "array"
    values, text = narrow["layout"]["yaxis.tickvals"], narrow["layout"]["yaxis.ticktext"]
    assert values == list(fig.data[0].y)  # one short name per category, bottom to top
    assert text == ["Philadelphia Area Adv… (P1) · n = 100", "Philadelphia Area Adv… (P2) · n = 12 · small n",
                    "▶ Erie Healthcare · n = 50"]
    assert all(len(short) < len(full) for short, full in zip(text[:2], values[:2], strict=True))
    assert fig.layout.meta["published_sources"]  # the published line's source kept beside


def test_county_map_greys_counties_without_a_figure():
    counties = pd.DataFrame({"county_fips": ["42001", "42003", "42005"], "county_name": ["Adams", "Allegheny",
                                                                                         "Armstrong"],
                             "centroid_lon": [-77.2, -80.0, -79.5], "centroid_lat": [39.9, 40.5, 40.8]})
    by_county = groups("county_fips", {"42001": (2.0, 40), "42005": (math.nan, 3)})
    fig = charts.county_gain_map(counties, by_county, {"type": "FeatureCollection", "features": []}, "2019")
    grey, shaded = fig.data
    assert list(grey.locations) == ["42003", "42005"] and list(shaded.locations) == ["42001"]
    assert list(shaded.z) == [2.0]
    assert "n = 0" in grey.customdata[0][1] and "n = 3" in grey.customdata[1][1]
    assert fig.layout.map.style == "white-bg"


def test_county_map_colour_range_is_not_set_by_small_counties():
    counties = pd.DataFrame({"county_fips": ["42001", "42003"], "county_name": ["Adams", "Allegheny"],
                             "centroid_lon": [-77.2, -80.0], "centroid_lat": [39.9, 40.5]})
    by_county = groups("county_fips", {"42001": (2.5, 400), "42003": (-6.0, 2)})
    shaded = charts.county_gain_map(counties, by_county, {"type": "FeatureCollection", "features": []}, "2019").data[0]
    assert (shaded.zmin, shaded.zmax) == (0.0, 2.5)
    assert "small n" in shaded.customdata[1][1]


def test_before_after_draws_this_selection_and_the_published_figures():
    table = pd.DataFrame({"condition": ["Below the poverty level"], "n": [50], "before": [0.6], "after": [0.3],
                          "change": [-0.3], "published_before": [0.64], "published_after": [0.35]})
    fig = charts.before_after(table, "2018")
    markers = {trace.name: list(trace.x) for trace in fig.data if trace.mode == "markers+text"}
    assert markers == {"this selection, before": [0.6], "this selection, after": [0.3],
                       "published figure, before": [0.64], "published figure, after": [0.35]}


def _gap(value: object) -> bool:
    return value is None or math.isnan(value)


def test_trends_leave_years_without_data_out():
    by_year = groups("exit_year", {2020: (1.5, 40), 2021: (math.nan, 0), 2022: (2.5, 10)})
    by_year = by_year.assign(employed_q2_rate=[0.8, 0.7, np.nan], employed_q4_rate=[0.75, np.nan, np.nan],
                             employed_q2_n=[40, 30, 0], employed_q4_n=[40, 0, 0])
    gain = charts.gain_trend(by_year, "2020–2022")
    # 2021 (no completer with wages) is a gap in the line, not bridged from 2020 to 2022
    assert list(gain.data[0].x) == [2020, 2021, 2022] and _gap(gain.data[0].y[1])
    assert [gain.data[0].marker.symbol[i] for i in (0, 2)] == ["circle", "circle-open"]
    assert [gain.data[0].error_y.array[i] for i in (0, 2)] == [0.5, 0.5]
    employment = charts.employment_trend(by_year, "2020–2022")
    q4 = employment.data[1]
    assert q4.y[0] == 0.75 and _gap(q4.y[1])
    # 2021's and 2022's 4th quarter is missing where the 2nd has a rate: said on the axis (a staffer saw 2023's
    # point missing without a word); 2022 has no rate at all
    assert employment.layout.xaxis.title.text == "Exit year · no rate in 2022 ·<br>no 4th-quarter rate in 2021"
    # a rate on fewer than SMALL_N people is hollow, as the medians are; 2022, with no rate, is not drawn
    assert list(employment.data[0].x) == [2020, 2021]
    assert list(q4.marker.symbol) == ["circle", "circle-open"]
    fewer = charts.employment_trend(by_year.assign(employed_q2_n=[40, 29, 0]), "2020–2022")
    assert list(fewer.data[0].marker.symbol) == ["circle", "circle-open"]


def test_trends_break_over_a_year_with_no_exits():
    """Exits in 2019 and 2021, none in 2020 (no row): the lines stopped at 2019 and went on at 2021, joined
    across 2020 as if the trend ran through it."""
    by_year = groups("exit_year", {2019: (1.5, 40), 2021: (2.5, 30)}).assign(
        employed_q2_rate=[0.8, 0.7], employed_q4_rate=[0.75, 0.6], employed_q2_n=[40, 30], employed_q4_n=[40, 30])
    gain = charts.gain_trend(by_year, "2019–2021").data[0]
    assert list(gain.x) == [2019, 2020, 2021] and _gap(gain.y[1]) and gain.y[2] == 2.5
    assert gain.customdata[1][0] == ""  # no "n hidden" for a year with no one
    for line in charts.employment_trend(by_year, "2019–2021").data:
        assert list(line.x) == [2019, 2020, 2021] and _gap(line.y[1])
    # and says why the line breaks: no one left in 2020
    assert charts.gain_trend(by_year, "2019–2021").layout.xaxis.title.text == "Exit year · no exits in 2020"
    assert charts.employment_trend(by_year, "2019–2021").layout.xaxis.title.text == "Exit year · no exits in 2020"


def test_a_trends_years_hidden_for_privacy_are_not_called_missing():
    """In public mode a small year's rate and its n are emptied (``privacy.hide_small_groups``): the axis said
    "no 4th-quarter rate in 2022, 2023" of a rate hidden as of one not in the wage records yet (a code reviewer)."""
    by_year = groups("exit_year", {2020: (1.5, 40), 2021: (2.0, 30), 2022: (math.nan, math.nan),
                                   2023: (2.5, 12)}).assign(
        employed_q2_rate=[0.8, 0.7, np.nan, 0.6], employed_q4_rate=[0.75, np.nan, np.nan, np.nan],
        employed_q2_n=[40, 30, np.nan, 12], employed_q4_n=[40, np.nan, np.nan, 0])
    assert charts.gain_trend(by_year, "2020–2023").layout.xaxis.title.text == (
        "Exit year · hidden for privacy in 2022")
    assert charts.employment_trend(by_year, "2020–2023").layout.xaxis.title.text == (
        "Exit year · hidden for privacy in 2022 ·<br>no 4th-quarter rate in 2023 ·<br>4th-quarter rate hidden for "
        "privacy in 2021")  # in lines: Plotly does not wrap an axis title, which ran past a half-width chart


def test_an_axis_title_in_lines_keeps_each_reason_whole_and_listed():
    assert charts.in_lines(["Exit year", "no exits in 2020"], 42) == "Exit year · no exits in 2020"
    assert charts.in_lines(["Exit year", "no exits in 2020", "hidden for privacy in 2022, 2023"], 42) == (
        "Exit year · no exits in 2020 ·<br>hidden for privacy in 2022, 2023")
    # a part longer than a line stands alone, whole
    assert charts.in_lines(["a", "b" * 50, "c"], 10) == f"a ·<br>{'b' * 50} ·<br>c"


def test_breakdown_writes_the_gap_and_hatches_small_groups():
    table = groups("gender", {"female": (1.5, 400), "another gender": (2.5, 12)})
    fig = charts.breakdown(table, "gender", 2.0, "2015–2025")
    bars = fig.data[0]
    assert list(bars.text) == ["gap -$0.50", "gap +$0.50"]
    assert list(bars.marker.pattern.shape) == ["", "/"]
    assert fig.layout.xaxis.title.text == "Median hourly wage gain ($)"  # every group drawn


def test_breakdown_names_the_groups_it_leaves_out_and_why():
    """A group none of whose 3 exiters completed has no median: it was left off without a word."""
    table = groups("gender", {"female": (1.5, 400), "male": (2.5, 300), "another gender": (math.nan, 0),
                              "not recorded": (math.nan, math.nan)})
    fig = charts.breakdown(table, "gender", 2.0, "2015–2025")
    assert list(fig.data[0].y) == ["female (n = 400)", "male (n = 300)"]
    assert fig.layout.xaxis.title.text == ("Median hourly wage gain ($) · not drawn: another gender (no completer "
                                           "with both wages); not recorded (hidden for privacy)")


@pytest.mark.parametrize("build", [
    lambda: charts.partnership_ranking(groups("partnership_id", {}), {}, "2020"),
    lambda: charts.breakdown(groups("gender", {}), "gender", math.nan, "2020"),
    lambda: charts.wage_gain_box(pd.DataFrame(columns=["sector_code", "n", "p10", "p25", "median", "p75", "p90"]),
                                 "sector_code", {}, "2020"),
])
def test_a_chart_with_nothing_to_show_says_so(build):
    fig = build()
    assert any(annotation.text == charts.NOTHING_TO_SHOW for annotation in fig.layout.annotations)


def _every_worker_chart() -> dict[str, object]:
    """One figure of each worker chart (the county map aside: maps have their own layout)."""
    by_year = groups("exit_year", {2020: (1.5, 40), 2022: (2.5, 10)}).assign(
        employed_q2_rate=[0.8, 0.7], employed_q4_rate=[0.75, 0.6], employed_q2_n=[40, 30], employed_q4_n=[40, 30])
    spread = pd.DataFrame({"sector_code": ["HLTH"], "n": [40], "p10": [-1.0], "p25": [0.0], "median": [1.5],
                           "p75": [2.5], "p90": [3.5]})
    conditions = pd.DataFrame({"condition": ["Below the poverty level"], "n": [50], "before": [0.6], "after": [0.3],
                               "change": [-0.3], "published_before": [0.64], "published_after": [0.35]})
    return {
        "box": charts.wage_gain_box(spread, "sector_code", {}, "2020"),
        "ranking": charts.partnership_ranking(groups("partnership_id", {"P1": (1.0, 100)}), {}, "2020"),
        "before_after": charts.before_after(conditions, "2020"),
        "gain_trend": charts.gain_trend(by_year, "2020–2022"),
        "employment_trend": charts.employment_trend(by_year, "2020–2022"),
        "breakdown": charts.breakdown(groups("gender", {"female": (1.5, 400)}), "gender", 2.0, "2020"),
    }


def test_worker_charts_share_the_one_layout():
    """Title, font, margins and legend come from ``style.layout_of``, as on every other chart."""
    for name, fig in _every_worker_chart().items():
        same = go.Figure(layout=style.layout_of(
            fig.layout.title.text, fig.layout.height,
            legend="above" if fig.layout.legend.y and fig.layout.legend.y > 1 else None))
        assert fig.layout.title.to_plotly_json() == same.layout.title.to_plotly_json(), name
        assert fig.layout.font == same.layout.font and fig.layout.plot_bgcolor == "white", name
    figures = _every_worker_chart()
    # the legend between the title and the plot: below it, it would sit on the source note under the chart
    for name in ("gain_trend", "employment_trend", "before_after"):
        assert figures[name].layout.legend.y > 1 and figures[name].layout.margin.t > 50, name


def test_no_one_is_not_called_a_small_group():
    from sectorscope.present.formatting import n_label

    assert [n_label(n) for n in (0, 5, 30, float("nan"))] == ["n = 0", "n = 5 · small n", "n = 30", "n hidden"]


def test_the_published_lines_label_ends_at_the_line_on_a_phone():
    """On a phone the ranking's "published mean +$2.00/hour", centred on its line near the plot's right edge, ran
    past the chart's right edge: there it ends at the line (``style.narrow_layout``), centred on wider charts."""
    table = groups("partnership_id", {"P1": (1.0, 100), "P2": (2.5, 40)})
    for fig in (charts.partnership_ranking(table, {"P1": "One", "P2": "Two"}, "2020"),
                charts.wage_gain_box(pd.DataFrame({"sector_code": ["A"], "n": [40], "p10": [-1.0], "p25": [0.0],
                                                   "median": [1.5], "p75": [2.5], "p90": [3.5]}),
                                     "sector_code", {"A": "A"}, "2020")):
        assert fig.layout.annotations[0].text == charts.PUBLISHED_MEAN_LABEL
        assert fig.layout.annotations[0].xanchor == "center"
        assert fig.layout.meta[style.NARROW]["layout"]["annotations[0].xanchor"] == "right"
