"""A chart's downloaded image stands alone: every figure a page hands to Streamlit carries its title, the view in
words, the source and (on the demo) "Demo data (synthetic)", and names its PNG after the chart and the view."""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import plotly.graph_objects as go
import pytest
from page_support import open_page

from sectorscope.export.figures import (
    NOTE_FIT,
    NOTE_FONT_PX,
    SOURCE_LINE_PX,
    SOURCE_NOTE,
    TITLE_CAP_EM,
    TITLE_FIT,
    TITLE_LINE_PX,
    image_file_name,
    with_source,
)
from sectorscope.ui.menu import PAGES

# pages with charts on the tiny state (it holds no QCEW, so the Industry page has none there)
PAGE_FILES = [page.path for page in PAGES if page.path not in ("pages/0_Showcase.py", "pages/6_Data.py",
                                                               "pages/2_Industry.py")]


def test_with_source_adds_title_view_source_and_demo_notice_once():
    figure = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    figure = with_source(figure, title="Grant dollars by year", view="Healthcare · all counties · 2018–2022",
                source="the state's records", is_demo=True)
    figure = with_source(figure, title="Grant dollars by year", view="again", source="again", is_demo=True)
    assert figure.layout.title.text == "Grant dollars by year"
    notes = [a for a in figure.layout.annotations if a.name == SOURCE_NOTE]
    assert len(notes) == 1
    assert "Healthcare · all counties · 2018–2022<br>Source: the state's records" in notes[0].text
    assert "Demo data (synthetic)" in notes[0].text
    # room at the foot for three lines, below the axis labels
    assert figure.layout.margin.b == 80 + 6 + 3 * SOURCE_LINE_PX + 4


def test_with_source_leaves_the_figure_as_it_was_and_returns_a_finished_copy():
    """A kept figure is shared by every session showing its view: finishing it must not change it (two sessions
    finishing it at once had to take turns, or both added a note and grew it twice)."""
    figure = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]), layout={"height": 300})
    before = figure.to_plotly_json()
    finished = with_source(figure, title="Grants", view="All sectors", source="the state's records", is_demo=False)
    assert figure.to_plotly_json() == before
    assert finished is not figure
    assert [a.name for a in finished.layout.annotations] == [SOURCE_NOTE]
    assert finished.layout.height == 300 + (80 + 6 + 2 * SOURCE_LINE_PX + 4) - 80


def test_a_finished_copy_is_valid_plotly_and_keeps_every_trace():
    """The copy is built without Plotly's checks (they cost 8 times the copy): what it holds must pass them."""
    figure = go.Figure([go.Bar(x=["a", "b"], y=[1, 2], name="bars"),
                        go.Choroplethmap(locations=["42071"], z=[1.5], geojson={"type": "FeatureCollection",
                                                                                  "features": []})],
                       layout={"xaxis": {"title": "Dollars"}, "legend": {"orientation": "h", "y": -0.3}})
    finished = with_source(figure, title="t", view="v", source="s", is_demo=True)
    checked = go.Figure(finished.to_plotly_json())  # raises on any property Plotly does not know
    assert checked.to_plotly_json() == finished.to_plotly_json()
    assert [trace.type for trace in finished.data] == ["bar", "choroplethmap"]
    assert finished.layout.xaxis.title.text == "Dollars"
    assert finished.data[1].colorbar.tickfont.color is not None  # a map's scale in the readable colour


def test_with_source_keeps_a_title_and_leaves_out_the_demo_notice_on_own_data():
    figure = go.Figure(layout={"title": {"text": "Own title"}, "margin": {"b": 0}})
    figure = with_source(figure, title="Other", view="All sectors", source="BLS QCEW", is_demo=False)
    assert figure.layout.title.text == "Own title"
    assert "Demo data" not in figure.layout.annotations[0].text
    assert figure.layout.margin.b == 58 + 6 + 2 * SOURCE_LINE_PX + 4  # below where an axis puts its ticks and title


def test_a_title_is_wrapped_for_the_narrowest_width_and_carries_what_the_browser_wraps_it_again_by():
    """Wrapped for ``narrowest_px`` on the server; the layout's meta keeps the title as written and the margins it
    was laid out from, so the browser's rule (top = top_px + a line for each line past the written ones, and the
    capitals' lowering once it has several) gives the server's own margin for the server's own lines."""
    from sectorscope.charts import style

    title = "Partnerships ranked by median hourly wage gain, exits 2015–2025 (lines: 95% interval)"
    figure = go.Figure(go.Bar(x=[1], y=["a"]), layout=style.layout_of(title, 400, **style.published_sources()))
    finished = with_source(figure, title=title, view="All sectors", source="s", is_demo=False, narrowest_px=340)
    wrapped = finished.layout.title.text
    lines = wrapped.split("<br>")
    assert len(lines) == 3 and " ".join(lines) == title
    assert all(len(line) * 15 * style.CHARACTER_EM <= 340 for line in lines)
    fit = finished.layout.meta[TITLE_FIT]
    assert fit["text"] == title and fit["authored_lines"] == 1 and fit["line_px"] == TITLE_LINE_PX
    lowered = math.ceil(TITLE_CAP_EM * 15)
    assert fit["lowered_px"] == lowered
    assert finished.layout.margin.t == fit["top_px"] + TITLE_LINE_PX * 2 + lowered == 50 + 40 + lowered
    assert finished.layout.title.pad.t == fit["pad_px"] + lowered
    assert finished.layout.height == 400 + 40 + lowered + (finished.layout.margin.b - 10)
    assert finished.layout.meta["published_sources"] == []  # the meta it had is kept beside
    # and the note's longest line, for the browser to start it at the plot's left edge only where it fits
    note = next(a for a in finished.layout.annotations if a.name == SOURCE_NOTE)
    assert finished.layout.meta[NOTE_FIT] == {"name": SOURCE_NOTE, "characters": max(map(len, note.text.split("<br>"))),
                                              "character_px": NOTE_FONT_PX * style.CHARACTER_EM,
                                              "legend_offset_px": 0}  # no legend under the plot


def test_a_maps_note_sits_right_under_it_a_charts_under_its_axis():
    """A map has no axis: the room kept under a chart's plot for its ticks and axis title left 64 px blank between
    the profile's small map and its source note (a reviewer)."""
    from sectorscope.export.figures import AXIS_ROOM_PX

    tile_map = go.Figure(go.Choroplethmap(locations=["42001"], z=[1], geojson={"type": "FeatureCollection",
                                                                              "features": []}),
                         layout={"margin": {"b": 0}})
    bars = go.Figure(go.Bar(x=["a"], y=[1]), layout={"margin": {"b": 0}})
    notes = {}
    for name, figure in (("map", tile_map), ("bars", bars)):
        finished = with_source(figure, title="t", view="All sectors", source="s", is_demo=False)
        notes[name] = next(a for a in finished.layout.annotations if a.name == SOURCE_NOTE).yshift
    assert notes == {"map": -6, "bars": -(AXIS_ROOM_PX + 6)}


def test_a_charts_note_goes_under_an_axis_title_of_several_lines():
    """A trend's x-axis title lists its gaps' reasons in lines (``charts.workers.in_lines``): the note under one line's
    room would have been written over the second and third."""
    from sectorscope.export.figures import AXIS_ROOM_PX, AXIS_TITLE_LINE_PX

    trend = go.Figure(go.Scatter(x=[2020, 2021], y=[1, 2]),
                      layout={"margin": {"b": 0}, "xaxis": {"title": "Exit year ·<br>no exits in 2020 ·<br>more"}})
    finished = with_source(trend, title="t", view="All sectors", source="s", is_demo=False)
    note = next(a for a in finished.layout.annotations if a.name == SOURCE_NOTE)
    assert note.yshift == -(AXIS_ROOM_PX + 2 * AXIS_TITLE_LINE_PX + 6)
    assert finished.layout.margin.b >= -note.yshift + 2 * SOURCE_LINE_PX


def test_a_long_source_wraps_into_short_lines_under_the_plot():
    """The note starts at the plot's left edge, which long bar labels push to the middle of a narrow chart: a long
    source is written in lines short enough to fit right of them, and the foot grows by a line for each."""
    from sectorscope.export.figures import NOTE_LINE_CHARACTERS

    figure = go.Figure(go.Bar(x=[1], y=["a"]), layout={"margin": {"b": 0}})
    figure = with_source(figure, title="Gains", view="All sectors · all counties · 2015–2025",
                source="Sectorscope's demo generator (records of people, employers and grants, all made up)",
                is_demo=True)
    lines = next(a for a in figure.layout.annotations if a.name == SOURCE_NOTE).text.split("<br>")
    assert lines[:4] == ["All sectors · all counties · 2015–2025", "Source: Sectorscope's demo generator",
                         "(records of people, employers and grants,", "all made up)"]
    assert all(len(line) <= NOTE_LINE_CHARACTERS for line in lines[:4])
    assert figure.layout.margin.b == 58 + 6 + 5 * SOURCE_LINE_PX + 4


def test_a_source_note_never_breaks_inside_a_hyphenated_word():
    """Every demo chart's note read "(made-" over "up records)": lines break between words only."""
    figure = with_source(go.Figure(go.Bar(x=[1], y=["a"])), title="Gains", view="All sectors · all counties",
                         source="Sectorscope's demo generator (made-up records)",
                         is_demo=False)
    text = next(a for a in figure.layout.annotations if a.name == SOURCE_NOTE).text
    assert "made-up" in text.replace("<br>", " ") and not any(line.endswith("-") for line in text.split("<br>"))


@pytest.mark.parametrize("title, view, expected", [
    ("Grant dollars by start year and funding source", "Healthcare · all counties · 2018–2022",
     "sectorscope_grant-dollars-by-start-year-and-funding-source_healthcare-all-counties-2018-2022"),
    ("<b>LQ</b> by county, 2024", "", "sectorscope_lq-by-county-2024"),
    ("", "All sectors · all counties · 2015–2025", "sectorscope_all-sectors-all-counties-2015-2025"),
])
def test_image_file_names_say_what_and_which_view(title, view, expected):
    assert image_file_name(title, view) == expected


def charts_of(at) -> list[tuple[dict, dict]]:
    """(figure, config) of every Plotly chart the page handed to Streamlit."""
    return [(json.loads(chart.proto.spec), json.loads(chart.proto.config)) for chart in at.get("plotly_chart")]


def source_line(figure: dict) -> str:
    notes = [a["text"] for a in figure["layout"].get("annotations", []) if a.get("name") == SOURCE_NOTE]
    assert len(notes) == 1, figure["layout"].get("title")
    return notes[0]


@pytest.mark.parametrize("path", PAGE_FILES)
def test_every_chart_on_a_page_carries_title_source_and_a_file_name(path, tiny_db, monkeypatch):
    at = open_page(path, tiny_db, monkeypatch, sector="HLTH")
    charts = charts_of(at)
    assert charts, "the page drew no chart on the tiny state"
    for figure, config in charts:
        title = figure["layout"]["title"]["text"]
        assert title
        # the title as written, for the browser to wrap again for the chart's real width (ui.present.CHARTS_SCRIPT)
        fit = figure["layout"]["meta"][TITLE_FIT]
        assert re.sub("<br>", " ", fit["text"]) == re.sub("<br>", " ", title)
        line = source_line(figure)
        assert line.startswith("Healthcare · ") and "Source: " in line
        assert "Demo data (synthetic)" not in line  # the tiny state is a state's own data
        name = config["toImageButtonOptions"]["filename"]
        assert name.startswith("sectorscope_") and "_healthcare-all-counties-" in name
        assert config["toImageButtonOptions"]["format"] == "png"
        # finished without Plotly's checks (export.figures.with_source): what reaches the browser passes them
        assert go.Figure(figure).to_plotly_json() == figure
        # toolbar buttons hardly used, each a tab stop (about 170 on the Worker page: an accessibility reviewer)
        assert {"select2d", "lasso2d", "zoomIn2d", "zoomOut2d"} <= set(config["modeBarButtonsToRemove"])


def test_charts_on_the_demo_carry_the_demo_notice(demo_db, monkeypatch):
    at = open_page("app.py", demo_db, monkeypatch, sector="HLTH", years="2018-2022")
    figure, config = charts_of(at)[0]
    # in lines that fit the map's column at its narrowest (340 px: below, the cards and the map go one above the other)
    assert figure["layout"]["title"]["text"] == "Partnerships serving each county"
    line = source_line(figure)
    assert line.replace("<br>", " ").startswith("Healthcare · all counties · 2018–2022 Source: Sectorscope's demo "
                                                "generator")
    assert "Demo data (synthetic)" in line
    assert config["toImageButtonOptions"]["filename"] == (
        "sectorscope_partnerships-serving-each-county_healthcare-all-counties-2018-2022")


def test_the_source_line_goes_under_a_maps_colour_bar_not_over_it():
    from sectorscope.export.figures import HORIZONTAL_COLORBAR_PX

    figure = go.Figure(go.Choroplethmap(locations=["42071"], z=[3], colorbar={"orientation": "h", "y": 0,
                                                                              "yanchor": "top"}),
                       layout={"margin": {"b": 0}})
    figure = with_source(figure, title="Partnerships serving each county", view="All sectors",
                         source="the state's records", is_demo=False)
    note = next(a for a in figure.layout.annotations if a.name == SOURCE_NOTE)
    assert note.yshift <= -HORIZONTAL_COLORBAR_PX and note.yanchor == "top"
    assert figure.layout.margin.b >= HORIZONTAL_COLORBAR_PX + 2 * SOURCE_LINE_PX


@pytest.mark.parametrize("legend", ["above", None])
def test_the_source_note_adds_to_the_figures_height_and_takes_nothing_from_the_plot(legend):
    """The Employer page's nine sectors against QWI had 14 px a row once the note had taken its room from the plot,
    and Plotly showed only every other sector's label."""
    from sectorscope.charts.style import layout_of

    figure = go.Figure(go.Scatter(x=[0.1] * 9, y=[f"sector {i}" for i in range(9)]),
                       layout_of("Turnover", 344, legend=legend))
    before = figure.layout.height - figure.layout.margin.t - figure.layout.margin.b
    figure = with_source(figure, title="Turnover", view="All sectors", source="the state's records", is_demo=True)
    assert figure.layout.height - figure.layout.margin.t - figure.layout.margin.b == before
    assert figure.layout.height > 344


def test_a_legend_under_the_plot_sits_between_the_axis_and_the_source_note():
    """The Funding page's partners-by-type legend (12 entries under the plot) had landed on the source note."""
    from sectorscope.charts.style import layout_of
    from sectorscope.export.figures import LEGEND_FRAME_PX, LEGEND_ROW_PX

    bars = [go.Bar(x=[1], y=["P1"], orientation="h", name=f"type {i}") for i in range(12)]
    figure = go.Figure(bars, layout_of("Partners by type", 500, legend="below", barmode="stack"))
    figure = with_source(figure, title="Partners by type", view="All sectors", source="the state's records",
                         is_demo=True)
    note = next(a for a in figure.layout.annotations if a.name == SOURCE_NOTE)
    rows = 2  # 12 short entries across a wide plot: Plotly draws ten a row (measured in Chromium at 1400 px)
    plot_px = figure.layout.height - figure.layout.margin.t - figure.layout.margin.b
    assert plot_px == 500 - 50 - 40  # the plot keeps the height layout_of gave it (margins 50 and 40)
    legend_top_px = -figure.layout.legend.y * plot_px  # pixels under the plot
    assert figure.layout.legend.yanchor == "top"
    # the note starts under the legend's last row and its padding
    assert -note.yshift >= legend_top_px + rows * LEGEND_ROW_PX + LEGEND_FRAME_PX - 1
    # and the figure has room for the note's three lines
    assert figure.layout.margin.b >= -note.yshift + 3 * SOURCE_LINE_PX
    # the browser keeps the legend as many pixels under the plot when a title's lines change the plot's height
    assert figure.layout.meta[NOTE_FIT]["legend_offset_px"] == round(legend_top_px)


def test_a_legend_of_long_names_beside_a_narrow_plot_has_one_entry_a_row_and_the_note_below_it():
    """Partners by type at 1400 px: the names of partner types beside long partnership names and the gap notes
    after the bars leave a plot of 337 px, one entry a row, eleven rows; three a row were assumed, and the legend ran
    over the source note and its "Demo data (synthetic)" mark (a reviewer). Short names still share a row."""
    from sectorscope import codes
    from sectorscope.charts import funding as funding_charts
    from sectorscope.export.figures import LEGEND_FRAME_PX, LEGEND_ROW_PX, _legend_rows_below

    names = ["Greater Lehigh Valley Advanced Manufacturing", "Lancaster County Healthcare"]
    frame = pd.DataFrame({"name": names, **{kind: [1, 2] for kind in codes.PARTNER_TYPES},
                          "partners": [11, 22], "gaps": ["no employer beyond the convener, no labor or community "
                                                         "partner", ""]})
    chart = funding_charts.partner_composition_chart(frame, "Partners by type")
    assert _legend_rows_below(chart) == len(codes.PARTNER_TYPES) == 11
    figure = with_source(chart, title="Partners by type", view="All sectors", source="Sectorscope's demo generator",
                         is_demo=True)
    note = next(a for a in figure.layout.annotations if a.name == SOURCE_NOTE)
    plot_px = figure.layout.height - figure.layout.margin.t - figure.layout.margin.b
    legend_top_px = -figure.layout.legend.y * plot_px
    assert -note.yshift >= legend_top_px + 11 * LEGEND_ROW_PX + LEGEND_FRAME_PX - 1


def test_a_legends_rows_are_counted_for_the_narrowest_window_the_pages_are_checked_at():
    """The systems changes' six kinds under a plot across the main column: counted for a 1400 px window (940 px, two
    a row: three rows), at a 1000 px window (540 px) Chromium draws them one a row, six rows, and the legend ran 51 px
    over the source note and its "Demo data" mark. Counted for 540 px: six rows, the note under the sixth."""
    from sectorscope import codes
    from sectorscope.charts import funding as funding_charts
    from sectorscope.export.figures import LEGEND_FRAME_PX, LEGEND_ROW_PX, NARROWEST_FIGURE_PX, _legend_rows_below

    assert NARROWEST_FIGURE_PX == 540  # the Funding page's charts at a 1000 px window, sidebar open (measured)
    by_year = pd.DataFrame({"year": [2019] * 6, "category": list(codes.SYSTEM_CHANGE_CATEGORIES), "changes": [1] * 6})
    chart = funding_charts.changes_over_time_chart(by_year, "Systems changes per year")
    assert _legend_rows_below(chart) == 6
    figure = with_source(chart, title="Systems changes per year", view="All sectors · all counties · 2005–2025",
                         source="Sectorscope's demo generator", is_demo=True)
    note = next(a for a in figure.layout.annotations if a.name == SOURCE_NOTE)
    plot_px = figure.layout.height - figure.layout.margin.t - figure.layout.margin.b
    assert plot_px == 460 - 50 - 40  # the plot keeps its height; the figure grows by the legend and the note
    legend_top_px = -figure.layout.legend.y * plot_px
    assert -note.yshift >= legend_top_px + 6 * LEGEND_ROW_PX + LEGEND_FRAME_PX - 1
    # two short names still share a row (and take one)
    short = pd.DataFrame({"year": [2019, 2019], "category": ["public policy", "career pathway"], "changes": [1, 1]})
    assert _legend_rows_below(funding_charts.changes_over_time_chart(short, "Systems changes per year")) == 1


def test_a_picture_drawing_published_figures_names_their_studies_beside_the_datas_source():
    """The Worker page's before/after picture gave only "Source: Sectorscope's demo generator" under the published
    figures of real studies (a reviewer): its foot names them."""
    import pandas as pd

    from sectorscope import references
    from sectorscope.charts import employers as employer_charts
    from sectorscope.charts import workers as worker_charts
    from sectorscope.metrics import workers

    conditions = workers.conditions_table(tuple(
        (label, workers.BeforeAfter(20, 0.6, 0.4)) for label in workers.CONDITIONS))
    figure = with_source(worker_charts.before_after(conditions, "2015–2025"), title="t", view="v",
                         source="Sectorscope's demo generator", is_demo=True)
    note = " ".join(source_line(figure.to_plotly_json()).split("<br>"))
    assert "Source: Sectorscope's demo generator" in note
    for reference in (references.POVERTY, references.HEALTH_INSURANCE):
        assert " ".join(reference.source.split()) in note, reference.source
    shares = pd.DataFrame({"label": ["Reduced turnover"], "n": [40], "share": [0.5], "published_share": [0.41]})
    survey = with_source(employer_charts.survey_shares_chart(shares, "t"), title="t", view="v", source="s",
                         is_demo=False)
    assert references.MASSACHUSETTS in " ".join(source_line(survey.to_plotly_json()).split("<br>"))
    plain = with_source(go.Figure(), title="t", view="v", source="s", is_demo=False)
    assert "Published figures" not in source_line(plain.to_plotly_json())


def test_no_line_of_a_pictures_foot_starts_with_a_separator():
    """"All sectors · all counties · 2005–2025<br>· Bucks Area Healthcare Careers Consortium" (a reviewer)."""
    view = "All sectors · all counties · 2005–2025 · Bucks Area Healthcare Careers Consortium"
    figure = with_source(go.Figure(), title="t", view=view, source="s", is_demo=False)
    lines = source_line(figure.to_plotly_json()).split("<br>")
    assert len(lines) > 2 and not any(line.lstrip().startswith("·") for line in lines), lines


def systems_changes_per_partnership() -> go.Figure:
    """The Funding page's chart with its longest title: 69 partnerships with changes, the 20 drawn, 15 more tied."""
    from sectorscope.charts import funding as funding_charts

    changes = [4] * 19 + [3] * 16 + [1] * 34
    frame = pd.DataFrame({"name": [f"Partnership {number}" for number in range(len(changes))], "changes": changes,
                          "categories": "public policy"})
    return funding_charts.changes_per_partnership_chart(frame, "Systems changes per partnership")


def title_lines_fit(figure: go.Figure, width_px: int) -> bool:
    """Does every line of the title fit ``width_px`` by the charts' character-width rule (``style.CHARACTER_PX`` for
    their 13 px text, scaled to the title's size)?"""
    from sectorscope.charts import style

    character_px = style.CHARACTER_PX * figure.layout.title.font.size / style.FONT["size"]
    return all(len(line) * character_px <= width_px for line in figure.layout.title.text.split("<br>"))


def finished_long_title(**narrowest) -> tuple[go.Figure, go.Figure, dict]:
    """The systems changes per partnership, and its finished copy and picture options as a page draws them."""
    from sectorscope.ui.render import standalone_picture

    chart = systems_changes_per_partnership()
    finished, image = standalone_picture(chart, view="All sectors · all counties · 2005–2025",
                                         source="Sectorscope's demo generator", is_demo=True, **narrowest)
    return chart, finished, image


def test_a_long_title_is_laid_out_in_lines_that_fit_the_narrowest_window():
    """At a 1000 px window the Funding page's "Systems changes per partnership (top 20 of 69; 15 more with 3 changes,
    not drawn)" ran 143 px past the chart's right edge: Plotly does not wrap a title. Finished, it is in lines that
    fit a chart across the main column there (``NARROWEST_FIGURE_PX``), the top margin and the figure grown by the
    lines added (the plot keeps its height), every word kept for the screen reader's summary, and the PNG named
    after the title as written."""
    from sectorscope.charts.describe import figure_summary
    from sectorscope.export.figures import NARROWEST_FIGURE_PX, figure_title

    chart, finished, image = finished_long_title()
    title = figure_title(chart)
    assert title == "Systems changes per partnership (top 20 of 69; 15 more with 3 changes, not drawn)"
    assert not title_lines_fit(chart, NARROWEST_FIGURE_PX)
    assert title_lines_fit(finished, NARROWEST_FIGURE_PX)
    added = finished.layout.title.text.count("<br>")
    assert added == 1
    assert finished.layout.title.text.replace("<br>", " ") == title  # the same words, in order
    # a line of the 15 px title, and the first line lowered as Plotly lowers a title of one line (0.7 em)
    assert finished.layout.title.pad.t == chart.layout.title.pad.t + 11
    assert finished.layout.margin.t == chart.layout.margin.t + added * 20 + 11
    plot_px = finished.layout.height - finished.layout.margin.t - finished.layout.margin.b
    assert plot_px == chart.layout.height - chart.layout.margin.t - chart.layout.margin.b
    assert f"Chart: {title}." in figure_summary(finished)
    assert image["filename"] == ("sectorscope_systems-changes-per-partnership-top-20-of-69-15-more-with-3"
                                 "_all-sectors-all-counties-2005-2025")  # no "br" between words


@pytest.mark.parametrize("narrowest_px", [316, 208])  # the columns of st.columns([2, 3]) at a 1000 px window
def test_a_long_title_in_a_column_is_laid_out_in_lines_that_fit_the_column(narrowest_px):
    chart, finished, _ = finished_long_title(narrowest_px=narrowest_px)
    assert title_lines_fit(finished, narrowest_px)
    added = finished.layout.title.text.count("<br>")
    assert added >= 2
    assert finished.layout.margin.t == chart.layout.margin.t + added * 20 + 11


def test_a_title_that_fits_is_left_as_it_was():
    figure = go.Figure(layout={"title": {"text": "Grant dollars by start year"}, "margin": {"t": 50}})
    finished = with_source(figure, title="", view="All sectors", source="s", is_demo=False)
    assert finished.layout.title.text == "Grant dollars by start year"
    assert finished.layout.margin.t == 50


@pytest.mark.parametrize("narrowest_px", [540, 262, 208])
def test_the_source_note_fits_beside_long_bar_names(narrowest_px):
    """Long partnership names push the plot's left edge far right: at 1000 px, the note under the Funding page's
    grant dollars per partnership started there and "All sectors · all counties · 2005–2025" ran past the chart's
    right edge. Where a line would not fit right of the plot's left edge, the note ends at the plot's right edge
    and its lines fit left of it."""
    from sectorscope.charts import style

    names = [f"Centre Area Agriculture & Food Processing Workforce Collaborative {number}" for number in range(5)]
    left_px, right_px = 10 + len(names[0]) * style.CHARACTER_PX, 60  # Plotly grows the left margin for the names
    figure = go.Figure(go.Bar(x=[1, 2, 3, 4, 5], y=names, orientation="h"),
                       layout={"margin": {"l": 10, "r": right_px, "b": 10}})
    finished = with_source(figure, title="t", view="All sectors · all counties · 2005–2025",
                           source="Sectorscope's demo generator (made-up records)", is_demo=True,
                           narrowest_px=narrowest_px)
    note = next(a for a in finished.layout.annotations if a.name == SOURCE_NOTE)
    lines = [re.sub(r"<[^>]*>", "", line) for line in note.text.split("<br>")]
    longest_px = max(map(len, lines)) * style.CHARACTER_PX * note.font.size / style.FONT["size"]
    if note.xanchor == "left":
        assert left_px + longest_px <= narrowest_px
    else:
        assert (note.x, note.xanchor) == (1, "right")
        assert longest_px <= narrowest_px - right_px


@pytest.mark.parametrize("weights, index, narrowest_px", [([2, 3], 0, 340), ([2, 3], 1, 510), ([1, 1], 0, 340),
                                                          ([3, 2], 1, 340), ([3, 2], 0, 510)])
def test_a_columns_narrowest_width_is_where_the_row_goes_one_above_the_other(weights, index, narrowest_px):
    """Columns side by side (``columns_beside``) go one above the other where one would be narrower than 340 px:
    a column is narrowest just before, its share of a row whose narrowest column is 340 px wide (at most the main
    column's width at a 1000 px window, 540 px)."""
    from sectorscope.ui.render import BESIDE_MIN_PX, column_px

    assert BESIDE_MIN_PX == 340
    assert column_px(weights, index) == narrowest_px


def test_the_source_note_fits_beside_rows_named_by_the_axis():
    """The Worker page's before/after chart names its rows by the y axis's tick text (its rows stand at numbers): in
    its 316 px column at 1000 px the note started right of the names and "All sectors · all counties · 2005–2025"
    ran 21 px past the right edge. It ends at the plot's right edge instead, in lines that fit left of it."""
    from sectorscope.charts import style
    from sectorscope.charts import workers as worker_charts
    from sectorscope.metrics import workers

    conditions = workers.conditions_table(tuple(
        (label, workers.BeforeAfter(20, 0.6, 0.4)) for label in workers.CONDITIONS))
    chart = worker_charts.before_after(conditions, "2015–2025")
    finished = with_source(chart, title="t", view="All sectors · all counties · 2005–2025",
                           source="Sectorscope's demo generator (made-up records)", is_demo=True, narrowest_px=316)
    note = next(a for a in finished.layout.annotations if a.name == SOURCE_NOTE)
    longest_px = max(len(re.sub(r"<[^>]*>", "", line)) for line in note.text.split("<br>")) * (
        style.CHARACTER_PX * note.font.size / style.FONT["size"])
    assert (note.x, note.xanchor) == (1, "right")
    assert longest_px <= 316 - chart.layout.margin.r


def test_the_sector_maps_legend_hanging_under_it_is_counted_and_the_note_goes_below():
    """The Partnerships map coloured by main sector hangs its legend from the map's foot (y = 0, anchored at its
    top): taken for a legend inside the plot, it had no room, and at 1000 px the view, source and "Demo data" lines
    were written over its rows (a reviewer)."""
    from sectorscope.charts import maps
    from sectorscope.export.figures import LEGEND_FRAME_PX, LEGEND_ROW_PX, _legend_rows_below
    from sectorscope.sources import geo

    counties = geo.counties_table("42")
    sectors = ["Advanced Manufacturing", "Construction", "Energy", "Financial Services", "Healthcare",
               "Hospitality & Tourism", "Information Technology", "Transportation & Logistics"]
    by_county = counties.assign(
        partnerships=[1 + index % 3 for index in range(len(counties))], partnership_names=[["P"]] * len(counties),
        main_sector=[sectors[index % len(sectors)] if index % 9 else None for index in range(len(counties))],
        top_sectors=[sectors[:2]] * len(counties), is_selected=True)
    chart = maps.partnership_sector_map(by_county, geo.feature_collection(counties), width_hint=540,
                                        title="Partnerships in view serving each county")
    rows = _legend_rows_below(chart)
    assert rows >= 5  # nine entries, two a row at 540 px
    figure = with_source(chart, title="Partnerships in view serving each county", view="All sectors",
                         source="Sectorscope's demo generator", is_demo=True)
    note = next(a for a in figure.layout.annotations if a.name == SOURCE_NOTE)
    assert -note.yshift >= rows * LEGEND_ROW_PX + LEGEND_FRAME_PX - 1
