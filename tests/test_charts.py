"""Chart builders: what the figures hold, read from fig.data and fig.layout."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from sectorscope import references
from sectorscope.charts import bars, maps, style
from sectorscope.sources import geo


@pytest.fixture(scope="module")
def pennsylvania():
    counties = geo.counties_table("42")
    return counties, geo.feature_collection(counties)


def by_county(counties: pd.DataFrame) -> pd.DataFrame:
    frame = counties[["county_fips", "county_name", "centroid_lon", "centroid_lat"]].copy()
    frame["partnerships"] = [i % 4 for i in range(len(frame))]
    frame["partnership_names"] = [[f"P{j}" for j in range(n)] for n in frame["partnerships"]]
    frame["main_sector"] = [None if n == 0 else ("Healthcare" if i % 2 else "Energy")
                            for i, n in enumerate(frame["partnerships"])]
    return frame


def test_count_map_draws_every_county_offline(pennsylvania):
    counties, geojson = pennsylvania
    fig = maps.partnership_count_map(by_county(counties), geojson)
    trace = fig.data[0]
    assert trace.type == "choroplethmap" and len(trace.locations) == 67
    assert list(trace.z) == [i % 4 for i in range(67)]
    assert fig.layout.map.style == "white-bg"  # no tiles: draws with no network
    assert "P0" in trace.customdata[1][1]


def test_sector_map_has_a_trace_per_sector_and_one_for_unserved(pennsylvania):
    counties, geojson = pennsylvania
    fig = maps.partnership_sector_map(by_county(counties), geojson)
    assert [trace.name for trace in fig.data] == ["Energy", "Healthcare", "No partnership in view"]
    assert sum(len(trace.locations) for trace in fig.data) == 67
    assert fig.layout.legend.orientation == "h" and fig.layout.legend.y <= 0  # under the map, off its counties


def test_sector_map_gives_tied_counties_their_own_look_and_names_the_tie(pennsylvania):
    """York's six partnerships in six sectors were painted the alphabetically first sector's colour."""
    counties, geojson = pennsylvania
    frame = by_county(counties)
    frame["top_sectors"] = [[] if sector is None else [sector] for sector in frame["main_sector"]]
    tied = frame.index[frame["partnerships"] >= 2][:3]
    frame.loc[tied, "main_sector"] = None
    frame.loc[tied, "top_sectors"] = pd.Series([["Energy", "Healthcare"]] * 3, index=tied)
    fig = maps.partnership_sector_map(frame, geojson)
    assert [trace.name for trace in fig.data] == ["Energy", "Healthcare", maps.TIED_SECTORS,
                                                  "No partnership in view"]
    trace = fig.data[2]
    assert list(trace.locations) == list(frame.loc[tied, "county_fips"])
    assert trace.customdata[0][2].startswith("tied: Energy, Healthcare<br>")
    # its own fill, apart from every sector's and from "no partnership" (white in a dark outline read as no data)
    assert trace.colorscale[0][1] not in {t.colorscale[0][1] for t in fig.data if t.name != maps.TIED_SECTORS}
    assert trace.colorscale[0][1] not in style.CATEGORY_COLORS


def test_map_view_fits_pennsylvania(pennsylvania):
    counties, _ = pennsylvania
    view = maps.map_view(counties, 800, 520)
    assert -78.5 < view["center"]["lon"] < -76.5 and 40.5 < view["center"]["lat"] < 41.5
    assert 5.5 < view["zoom"] < 7.5


def test_region_outlines_become_a_line_layer(pennsylvania):
    counties, geojson = pennsylvania
    outlines = geo.region_outlines(counties, pd.DataFrame({"region_id": ["A", "A"],
                                                           "county_fips": ["42071", "42133"]}))
    fig = maps.partnership_count_map(by_county(counties), geojson, outlines=outlines)
    assert fig.layout.map.layers[0].type == "line"


def test_count_bar_sorted_with_labels():
    fig = bars.count_bar(pd.DataFrame({"kind": ["a", "b", "c"], "n": [5, 1, 3]}), "kind", "n", "Kinds")
    assert list(fig.data[0].y) == ["b", "c", "a"] and list(fig.data[0].text) == ["1", "3", "5"]


def earnings_return_figure():
    from sectorscope.charts import funding

    frame = pd.DataFrame({"name": ["Grows", "Shrinks", "Unknown"], "grant_dollars": [100_000.0, 200_000.0, 50_000.0],
                          "mean_hourly_gain": [7.2, -0.8, float("nan")],
                          "annual_gain": [150_000.0, -20_000.0, float("nan")],
                          "return_per_dollar": [1.5, -0.1, float("nan")], "employed_completers": [40, 42, 0]})
    return funding, funding.earnings_return_chart(frame, "name", "Annual earnings gain against grant dollars")


def test_earnings_return_labels_sit_after_their_bars_in_one_size():
    """Placed "auto", Plotly put labels inside or outside by bar length and shrank the inside ones (three sizes)."""
    _, figure = earnings_return_figure()
    grants, gains = figure.data[0], figure.data[1]
    assert grants.textposition == gains.textposition == "outside"
    assert grants.textfont.size == gains.textfont.size
    assert "$150K · $1.50 per grant $" in gains.text


def test_an_earnings_gain_below_zero_or_unknown_is_labelled_beside_zero_not_drawn_as_zero():
    funding, figure = earnings_return_figure()
    gains, beside = figure.data[1], figure.data[2]
    by_row = dict(zip(gains.y, gains.text, strict=True))
    assert by_row["Shrinks (n=42 employed completers)"] == by_row["Unknown (n=0 employed completers)"] == ""
    assert pd.isna(list(gains.x)[list(gains.y).index("Unknown (n=0 employed completers)")])  # no bar, not a 0 bar
    assert dict(zip(beside.y, beside.text, strict=True)) == {
        "Unknown (n=0 employed completers)": funding.UNKNOWN_GAIN,
        "Shrinks (n=42 employed completers)": "-$20K · -$0.10 per grant $"}
    assert set(beside.x) == {0} and beside.textposition == "top right"


def test_the_right_margin_holds_the_longest_label_after_a_bar():
    """Labels beside zero start at the plot's left edge and need no margin (counting them had squeezed the plot)."""
    funding, figure = earnings_return_figure()
    longest = len("$150K · $1.50 per grant $") * funding.LABEL_CHARACTER_PX
    assert longest <= figure.layout.margin.r < len(funding.UNKNOWN_GAIN) * funding.LABEL_CHARACTER_PX


def test_phases_run_top_to_bottom_with_a_line_each():
    """Side by side under upright bars, the phases' names ran into one another in the page's half-width column."""
    from sectorscope.charts import funding

    pipeline = pd.DataFrame({"phase": ["planning", "implementation", "sustaining", "inactive"],
                             "partnerships": [4, 37, 26, 9], "share": [0.05, 0.49, 0.34, 0.12]})
    figure = funding.phase_pipeline_chart(pipeline, "Partnership phases (76 partnerships)")
    bars = figure.data[0]
    assert bars.orientation == "h" and list(bars.y) == ["Planning", "Implementation", "Sustaining", "Inactive"]
    assert list(figure.layout.yaxis.categoryarray) == ["Inactive", "Sustaining", "Implementation", "Planning"]
    assert list(bars.text) == ["4 (5%)", "37 (49%)", "26 (34%)", "9 (12%)"]
    assert figure.layout.xaxis.range[1] > 37 * 1.3  # room for the label after the longest bar


def test_side_by_side_bars_list_their_legend_in_the_order_the_bars_stand_from_the_top():
    """Plotly draws a horizontal group's first trace lowest: with the legend in trace order, the legend read
    "Massachusetts evaluation, Employers in view" over groups whose top bar was the employers in view."""
    from sectorscope.charts import employers

    shares = pd.DataFrame({"label": ["Reduced turnover", "Reduced rework"], "n": [40, 38], "share": [0.4, 0.2],
                           "published_share": [0.41, 0.19]})
    for figure in (employers.survey_shares_chart(shares, "Shares"), earnings_return_figure()[1]):
        bars_in_legend = [trace.name for trace in figure.data if trace.type == "bar"]
        assert figure.layout.barmode == "group" and figure.layout.legend.traceorder == "reversed"
        assert bars_in_legend[-1] in ("Employers in view", "Earnings gain")  # the top bar


def test_a_small_count_axis_ticks_whole_numbers_only():
    """Two partnerships' phases were ticked 0, 0.5, 1, 1.5, 2."""
    from sectorscope.charts import funding

    pipeline = pd.DataFrame({"phase": ["planning", "implementation", "sustaining", "inactive"],
                             "partnerships": [0, 1, 1, 0], "share": [0.0, 0.5, 0.5, 0.0]})
    assert funding.phase_pipeline_chart(pipeline, "Phases").layout.xaxis.dtick == 1
    few = bars.count_bar(pd.DataFrame({"kind": ["a", "b"], "n": [1, 3]}), "kind", "n", "Kinds")
    many = bars.count_bar(pd.DataFrame({"kind": ["a", "b"], "n": [10, 300]}), "kind", "n", "Kinds")
    assert few.layout.xaxis.dtick == 1 and many.layout.xaxis.dtick is None  # Plotly's own, whole, steps


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [
        (0, 516_000, ["$0", "$100K", "$200K", "$300K", "$400K", "$500K", "$600K"]),
        (0, 2_100_000, ["$0", "$0.5M", "$1.0M", "$1.5M", "$2.0M", "$2.5M"]),
        (-150_000, 900_000, ["-$0.2M", "$0", "$0.2M", "$0.4M", "$0.6M", "$0.8M", "$1.0M"]),
        (0, 8_000, ["$0", "$2,000", "$4,000", "$6,000", "$8,000"]),
        (0, 12_800_000, ["$0", "$2M", "$4M", "$6M", "$8M", "$10M", "$12M", "$14M"]),  # not $0, $5M, $10M, $15M
        (0, 0, ["$0"]),
    ],
)
def test_dollar_axes_are_written_as_the_labels_write_dollars(low, high, text):
    from sectorscope.charts.style import dollar_ticks

    ticks = dollar_ticks(low, high)
    assert ticks["ticktext"] == text
    assert min(ticks["tickvals"]) <= min(low, 0) and max(ticks["tickvals"]) >= high  # the data's range is ticked


def test_every_funding_dollar_axis_reads_k_as_the_bar_labels_do():
    """Plotly's own "~s" axis read "$500k" beside bars labelled "$516K" (format_compact_dollars)."""
    from sectorscope.charts import funding

    grants = pd.DataFrame({"name": ["A", "B"], "state_dollars": [300_000.0, 150_000.0],
                           "non_state_dollars": [216_000.0, 0.0], "grant_dollars": [516_000.0, 150_000.0],
                           "leverage": [0.72, 0.0]})
    by_year = pd.DataFrame({"year": [2020, 2020, 2021], "grant_type": ["Planning", "Implementation", "Planning"],
                            "dollars": [300_000.0, 216_000.0, 150_000.0], "grants": [1, 1, 1]})
    _, returns = earnings_return_figure()
    axes = [funding.dollars_per_partnership(grants, "Dollars").layout.xaxis,
            funding.grants_over_time(by_year, "grant_type", "Over time").layout.yaxis, returns.layout.xaxis]
    for axis in axes:
        assert axis.tickformat is None and axis.ticktext, axis
        assert all(re.fullmatch(r"-?\$\d[\d,]*(\.\d)?[KM]?", text) for text in axis.ticktext), axis.ticktext
    assert "$500K" in axes[0].ticktext and "$100K" in axes[2].ticktext


def test_an_earnings_return_over_unrecorded_employment_says_so():
    from sectorscope.charts import funding

    frame = pd.DataFrame({"name": ["Healthcare"], "grant_dollars": [25_000.0], "mean_hourly_gain": [3.62],
                          "annual_gain": [float("nan")], "return_per_dollar": [float("nan")],
                          "employed_completers": [float("nan")], "hidden": [False]})
    figure = funding.earnings_return_chart(frame, "name", "Annual earnings gain against grant dollars")
    assert list(figure.data[0].y) == ["Healthcare (employment not recorded)"]
    assert list(figure.data[2].text) == [funding.UNKNOWN_EMPLOYED]


def test_an_earnings_return_on_fewer_than_30_people_is_flagged():
    """A partnership's "n=19 employed completers · -$42K · -$0.02 per grant $" stood unflagged, against the promise
    to flag every figure on fewer than 30 (a Funding reviewer): flagged where the employed completers or the
    completers with both wages (the mean gain) are fewer."""
    from sectorscope.charts import funding

    frame = pd.DataFrame({"name": ["Few employed", "Few wages", "Enough"], "grant_dollars": [1e5, 2e5, 3e5],
                          "mean_hourly_gain": [2.0, 1.0, 3.0], "annual_gain": [4e4, 2e4, 6e4],
                          "return_per_dollar": [0.4, 0.1, 0.2], "employed_completers": [19, 40, 45],
                          "gain_n": [50, 12, 60]})
    labels = list(funding.earnings_return_chart(frame, "name", "Annual earnings gain").data[0].y)
    assert "Few employed (n=19 employed completers · small n)" in labels
    assert "Few wages (n=40 employed completers · small n)" in labels
    assert "Enough (n=45 employed completers)" in labels


def test_a_chart_is_said_in_words_for_a_screen_reader():
    """Plotly's picture reached a screen reader as an unnamed image of jumbled numbers; each staff chart now has its
    summary first (``describe.figure_summary``, drawn by ``ui.render.render_chart``): values as the axis writes them,
    missing ones not read as zero, labels beside bars not read as a series."""
    from sectorscope.charts import describe, employers

    _, figure = earnings_return_figure()
    said = describe.figure_summary(figure)
    assert said.startswith("Chart: Annual earnings gain against grant dollars.")
    assert "Grant dollars: 3 values, highest Shrinks (n=42 employed completers) ($200,000)" in said
    assert "Earnings gain: 2 values" in said and "lowest Shrinks (n=42 employed completers) (-$20,000)" in said
    shares = pd.DataFrame({"label": ["Reduced turnover", "Reduced rework"], "n": [40, 38], "share": [0.4, 0.2],
                           "published_share": [0.41, 0.19]})
    assert ("Employers in view: 2 values, highest Reduced turnover (n = 40) (40%), lowest Reduced rework (n = 38) "
            "(20%)") in describe.figure_summary(employers.survey_shares_chart(shares, "Shares"))


def test_counts_of_systems_changes_are_ticked_in_whole_changes():
    """A year of two or three changes was ticked 0.5, 1.5, 2.5 on the Funding page."""
    by_year = pd.DataFrame({"year": [2019, 2020, 2020], "category": ["career pathway", "career pathway", "policy"],
                            "changes": [1, 2, 1]})
    from sectorscope.charts import funding

    axis = funding.changes_over_time_chart(by_year, "Systems changes per year").layout.yaxis
    assert axis.dtick == 1 and axis.tick0 == 0 and axis.tickformat == "d"


def test_the_employer_dumbbell_leaves_room_for_its_change_labels():
    """The change written right of the largest rate was cut at the plot's edge ("+1 p")."""
    from sectorscope.charts import employers

    paired = pd.DataFrame({"employer_name": ["Liberty Resources", "Acme"], "partnership_name": ["P", "P"],
                           "turnover_rate_before": [0.30, 0.20],
                           "turnover_rate_after": [0.31, 0.10], "change": [0.01, -0.10]})
    figure = employers.employer_dumbbell(paired, "Each employer")
    low, high = figure.layout.xaxis.range
    assert low == 0 and high >= 0.31 * 1.2 - 1e-9


def test_a_chart_summary_rounds_as_the_bars_labels_do():
    """A screen reader heard "12%" where the bar read "13%" (12.5%: half to even against d3's half away from zero)."""
    from sectorscope.charts.describe import _value_text

    assert _value_text(0.125, ".0%", "") == "13%" and _value_text(768.5, "$,.0f", "$") == "$769"
    # an axis with cents keeps them, a share that is not all reads as the cards say it, small values half up
    assert _value_text(2.5, "$,.2f", "$") == "$2.50" and _value_text(335 / 336, ".0%", "") == "99.7%"
    assert _value_text(1.125, "", "") == "1.13" and _value_text(-0.3, "$,.0f", "$") == "$0"


def test_an_employers_change_is_written_as_its_two_rates_are_shown():
    """13.5% -> 50% is shown 14% -> 50%: the label said "+37 pts" (the raw difference), which does not subtract."""
    from sectorscope.charts import employers

    paired = pd.DataFrame({"employer_name": ["A"], "partnership_name": ["P"], "turnover_rate_before": [0.135],
                           "turnover_rate_after": [0.5], "change": [0.365], "survey_year": [2020]})
    dumbbell = employers.employer_dumbbell(paired, "Each employer")
    assert [list(trace.text) for trace in dumbbell.data if trace.text is not None] == [["+36 pts"]]
    scatter = employers.turnover_scatter(paired, "Before and after")
    assert scatter.data[-2].customdata[0][3] == "+36 pts"


def test_grids_round_the_percent_shown_and_keep_the_decimals_of_points():
    """3 of 40 is 7.5%: the grid rounded the fraction (0.07, "7%") beside the card's "8%"; a change of +4.7 points
    (95% -> 99.7%) printed "+5 pts", and a -0.0 "-0 pts"."""
    from sectorscope.present import formatting
    from sectorscope.ui.printing import KIND_FORMATS

    table = pd.DataFrame({"Before": [3 / 40, 0.5], "Change": [42.0, 8.0], "Relative": [-0.0875, 0.1]})
    kinds = {"Before": "percent", "Change": "points", "Relative": "relative"}
    shown = formatting.rounded_for_table(table, kinds)
    assert shown["Before"].tolist() == [0.08, 0.5] and shown["Relative"].tolist()[0] == -0.088
    fractional = formatting.rounded_for_table(pd.DataFrame({"Change": [4.7, -0.0]}), {"Change": "points"})
    assert fractional["Change"].tolist() == [4.7, 0.0]
    assert formatting.table_formats(pd.DataFrame({"Change": [4.7]}), {"Change": "points"})["Change"]["format"] == (
        "%+.1f pts")
    assert [KIND_FORMATS["points"](value) for value in (4.7, -0.0, 15.0)] == ["+4.7 pts", "0 pts", "+15 pts"]


@pytest.mark.parametrize(("value", "said"), [
    (99.95, "100"), (-99.95, "-100"), (0.9995, "1.00"), (999.5, "1,000"), (1.125, "1.13"), (12.345, "12.3"),
    (99.94, "99.9"), (0.012345, "0.0123")])
def test_a_chart_summary_says_three_significant_figures_even_when_rounding_up(value, said):
    """99.95 read "100.0" (four figures) in a chart's summary."""
    from sectorscope.charts.describe import significant

    assert significant(value) == said


def test_the_top_partnerships_by_systems_changes_say_how_many_more_tie_with_the_last_drawn():
    """"Systems changes per partnership (top 20)" cut a 16-way tie at 3 changes by name without a word (a Funding
    reviewer)."""
    from sectorscope.charts import funding

    frame = pd.DataFrame({"name": [f"P{i:02d}" for i in range(30)],
                          "changes": [9] * 5 + [3] * 20 + [1] * 3 + [0] * 2, "categories": ["x"] * 30})
    figure = funding.changes_per_partnership_chart(frame, "Systems changes per partnership", top=20)
    # and the two that logged none, left out without a word before
    assert figure.layout.title.text == ("Systems changes per partnership (top 20 of 28; 5 more with 3 changes, not "
                                        "drawn; 2 with none logged)")
    assert len(figure.data[0].y) == 20
    few = funding.changes_per_partnership_chart(frame.head(10), "Systems changes per partnership", top=20)
    assert few.layout.title.text == "Systems changes per partnership"
    some_none = funding.changes_per_partnership_chart(frame.tail(4), "Systems changes per partnership", top=20)
    assert some_none.layout.title.text == "Systems changes per partnership (2 with none logged)"


def test_an_earnings_return_without_a_grant_in_the_years_says_no_grant_not_zero():
    """A group whose grants started in other years drew a "$0" grant bar labelled "$144K · –" below cards reading
    "No grant" (an Overview reviewer)."""
    from sectorscope.charts import funding

    frame = pd.DataFrame({"name": ["Unfunded", "Funded"], "grant_dollars": [0.0, 1e5], "mean_hourly_gain": [2.0, 3.0],
                          "annual_gain": [144_000.0, 60_000.0], "return_per_dollar": [float("nan"), 0.6],
                          "employed_completers": [40, 45], "gain_n": [50, 60]})
    figure = funding.earnings_return_chart(frame, "name", "Annual earnings gain")
    grants = dict(zip(figure.data[0].y, figure.data[0].text, strict=True))
    gains = dict(zip(figure.data[1].y, figure.data[1].text, strict=True))
    assert grants["Unfunded (n=40 employed completers)"] == "no grant"
    assert gains["Unfunded (n=40 employed completers)"] == "$144K · no grant"
    assert grants["Funded (n=45 employed completers)"] == "$100K"


def test_only_the_published_line_credits_its_study():
    """The breakdowns' line is the selection's own overall median: it was credited to Public/Private Ventures."""
    from sectorscope.charts import workers as worker_charts

    overall = worker_charts._figure([], "t", 300, line=worker_charts._vline(1.0, "#000000", "overall median"))
    published = worker_charts._figure([], "t", 300, line=worker_charts._published_line())
    assert style.PUBLISHED_SOURCES not in overall.layout.meta
    assert published.layout.meta[style.PUBLISHED_SOURCES] == [references.HOURLY_WAGE_GAIN.source]


def test_a_narrow_layout_refuses_a_value_plotly_would_delete():
    """Plotly deletes a key relayouted or restyled to null, so the browser would never find a None value set and
    would set it again every 50 ms: refused where the chart is made (a reviewer)."""
    with pytest.raises(ValueError, match="None"):
        style.narrow_layout({"margin.r": None})
    with pytest.raises(ValueError, match="None"):
        style.narrow_layout(traces={0: {"text": None}})
    assert style.narrow_layout({"margin.r": 40})["meta"][style.NARROW]["layout"] == {"margin.r": 40}
