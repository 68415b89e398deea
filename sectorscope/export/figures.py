"""A report chart (``content.Chart``) as a Plotly figure in large type, for presentation mode; and what any chart
carries into a downloaded image (title, view, source, demo notice) and its file name."""

from __future__ import annotations

import copy
import math
import re
import textwrap

import plotly.graph_objects as go

from sectorscope.charts import style
from sectorscope.charts.traces import plain_trace
from sectorscope.export.content import DEMO_NOTICE, Chart
from sectorscope.rounding import half_up

TICK_FORMATS = {"dollars": "$,.2f", "gain": "+$,.2f", "dollars0": "$,.0f", "percent": ".0%", "count": ",d"}


def bar_labels(chart: Chart) -> list[list[str]] | None:
    """The text on a percent chart's bars, one list per series: every label with the decimals the chart's values need
    (``percent_decimals``, as the deck's labels and a table's column), rounded half up as the cards are; None for
    other kinds, whose labels Plotly formats."""
    if chart.number_format != "percent":
        return None
    decimals = chart.percent_decimals()
    return [["" if value is None else f"{half_up(value * 100, decimals):.{decimals}f}%" for value in values]
            for _, values in chart.series]


# A presentation chart's height in pixels, at least, on any screen: with the slide's title, counter and note it fits
# 720 px (the rest of the slide is drawn smaller on shorter screens, ui.present.CHROME_CSS; the chart is not). On a
# taller screen the browser gives it the height the slide leaves, up to PRESENTATION_CHART_MOST (meta "slide_fit",
# ui.present.CHARTS_SCRIPT): at 1920 x 1080 it stood 400 px tall over a third of the screen left blank.
PRESENTATION_CHART_HEIGHT = 400
PRESENTATION_LABEL_CHARACTERS = 14  # a horizontal bar's name, in lines of at most this many characters
PRESENTATION_CHART_MOST = 760
SLIDE_FIT = "slide_fit"


def presentation_figure(chart: Chart, height: int = PRESENTATION_CHART_HEIGHT) -> go.Figure:
    """Grouped or stacked bars of the chart's series (None = no bar), labelled, readable from the back of a room."""
    horizontal = chart.kind == "bar"
    tick = TICK_FORMATS[chart.number_format]
    labelled = chart.is_labelled()  # the deck's rule: the before/after chart's four series too
    # more than two series side by side: narrower bars, so smaller labels set level (Plotly turned them aslant)
    label_size = 18 if len(chart.series) <= 2 else 15
    texts = bar_labels(chart)
    figure = go.Figure()
    # a column's name and its n on two lines: "Reduced turnover (n = 1,996)" on one was set aslant under the
    # columns and took half the chart's height
    # a bar's long name in lines of PRESENTATION_LABEL_CHARACTERS: on a phone "Transportation & Logistics" at 18 px
    # took more than half the width and was cut at the left ("nsportation & Logistics": a public visitor)
    categories = ["<br>".join(textwrap.wrap(category, PRESENTATION_LABEL_CHARACTERS, break_long_words=False))
                  or category for category in chart.categories] if horizontal else [
        category.replace(" (", "<br>(", 1) for category in chart.categories]
    for index, (name, values) in enumerate(chart.series):
        bar = {"x": values, "y": categories, "orientation": "h"} if horizontal else {
            "x": categories, "y": values}
        if labelled and texts is not None:  # 99.6% labelled "100%" stood beside the card's 99.6%
            bar |= {"text": texts[index], "texttemplate": "%{text}"}
        elif labelled:
            bar |= {"texttemplate": f"%{{{'x' if horizontal else 'y'}:{tick}}}"}
        # the longest bar's label past the plot's edge was cut ("$3.4" for $3.44): drawn outside it, in the margin
        figure.add_trace(plain_trace(go.Bar, name=name, marker_color=chart.color(index),
                                     textposition="outside", textfont={"size": label_size, "color": style.LABEL_TEXT},
                                     textangle=0, cliponaxis=False, **bar))
    figure.update_layout(
        barmode="stack" if chart.kind == "stacked" else "group", height=height, font={"size": 20},
        margin={"l": 20, "r": 90 if horizontal else 20, "t": 40 if not horizontal else 20, "b": 20},
        showlegend=chart.has_legend(),
        # above the plot: under it, the legend ran over the columns' names
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "font": {"size": 18}},
        plot_bgcolor="white", uniformtext_minsize=14,
        meta={SLIDE_FIT: {"min_px": height, "max_px": max(height, PRESENTATION_CHART_MOST)}},
    )
    value_axis = {"tickformat": tick, "gridcolor": style.GRID_PRESENTATION, "tickfont": {"size": 18}}
    if chart.number_format == "percent":  # shares: 0 to a little past the largest (Plotly made room up to 150%)
        largest = max((value for _, values in chart.series for value in values if value is not None), default=1.0)
        value_axis |= {"range": [0, max(largest, 1.0) * 1.12]}
    step = chart.count_step()
    if step is not None:  # whole numbers: a step of 0.2 in a whole-number format read "0, 0, 0, 1, 1, 1"
        value_axis |= {"tick0": 0, "dtick": step}
    if horizontal and labelled:  # each bar says its value: on a phone the axis's ticks stood on end, one on another
        value_axis |= {"showticklabels": False}
    if horizontal:
        figure.update_xaxes(**value_axis)
        figure.update_yaxes(autorange="reversed", type="category", tickfont={"size": 18})
    else:
        figure.update_yaxes(**value_axis)
        figure.update_xaxes(type="category", tickfont={"size": 18})
    # ticks, legend and titles in the readable colour, as every page's chart (Streamlit's theme grey read 3.7:1 on
    # the slides: an accessibility reviewer)
    spec = _as_dict(figure)
    _with_readable_text(spec)
    return go.Figure(spec)


SOURCE_NOTE = "sectorscope-source"  # the name of the annotation carrying the source line
DEMO_RED = style.DEMO_NOTICE_TEXT


def file_slug(text: str, limit: int = 60) -> str:
    """Lowercase words joined by hyphens, for file names ("Grant dollars, 2020" -> "grant-dollars-2020")."""
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"<[^>]*>", " ", text).lower()).strip("-")[:limit].strip("-")


def image_file_name(title: str, view: str) -> str:
    """The name of a chart's downloaded image (without extension): what it shows and for which view."""
    return "_".join(part for part in ("sectorscope", file_slug(title), file_slug(view)) if part)


def figure_title(figure: go.Figure) -> str:
    """The figure's title text ("" when it has none)."""
    title = figure.layout.title
    return str(title.text) if title is not None and title.text else ""


AXIS_ROOM_PX = 58  # tick labels and an axis title under a plot
AXIS_TITLE_LINE_PX = 16  # each further line of a 13 px axis title under a plot (a trend's reasons for its gaps)
SOURCE_LINE_PX = 15  # a line of the source note (view; source; on the demo, the demo notice)
# The source note's text, and its longest line (about 330 px, so that it fits beside a phone's narrow plot): at
# 10 px in lines of 38 characters it was a strip of small print, the source and the demo notice in it (a public
# visitor); in lines of 56 it ran past the left edge of charts on a 390 px screen
NOTE_FONT_PX = 12
NOTE_LINE_CHARACTERS = 44
TITLE_LINE_PX = 20  # a line of a chart's 15 px title, as Plotly sets them (1.3 em apart)
# Plotly lowers a title hung from the top (``yanchor="top"``) by its capitals' height, 0.7 em, on one line only: the
# first of several lines stood that much higher, and was cut at the figure's top edge
TITLE_CAP_EM = 0.7
TITLE_INSET_PX = 10  # Plotly's title starts a few pixels in from the figure's left edge; a little to spare
# The layout's meta entry with a chart's title as written and the margins it was laid out from: the browser wraps the
# title again for the chart's real width, where the server wrapped it for the narrowest (``_with_title_wrapped``)
TITLE_FIT = "title_fit"
# ... and with the source note's longest line: the browser starts the note at the plot's left edge where it fits right
# of it, else ends it at the plot's right edge, for the chart's real width (``_note_placement`` decides for the
# narrowest: on a phone the shift-share's note ran past the chart's right edge, "All sectors · all counties · 20")
NOTE_FIT = "note_fit"
HORIZONTAL_COLORBAR_PX = 56  # a colour bar laid under a map (title, bar and ticks), which the source line clears


LEGEND_ROW_PX = 19  # a row of a horizontal legend in the charts' 13 px text, as Chromium draws it
LEGEND_FRAME_PX = 14  # the legend's padding above and below its rows (10 px), and a little air before the note
LEGEND_SYMBOL_PX = 40  # an entry's symbol and the gaps around its text
# The width a chart's title, note and legend under the plot are laid out for (unless it is drawn narrower, in a
# column: ``with_source``'s ``narrowest_px``): a chart across the main column of a 1000 px window, sidebar open
# (measured on the Funding page; 940 px at 1400 px), the narrowest window the pages are checked at. Counted for
# 1400 px, the systems changes' six kinds took three rows where Chromium drew six at 1000 px, and ran over the note;
# in a wider window the legend takes fewer rows than counted and the note stands a little further below it.
NARROWEST_FIGURE_PX = 540
VALUE_AXIS_ROOM_PX = 70  # a value axis's tick labels and title left of the plot (66 px on Systems changes per year)


def _legend_rows_below(figure: go.Figure, narrowest_px: int = NARROWEST_FIGURE_PX) -> int:
    """Rows of a horizontal legend under the plot (``style.LEGEND_BELOW``; 0 for any other legend).

    Plotly gives every entry of a legend longer than a row the width of its widest entry and fills each row across
    the plot's width: entries a row = plot width // (widest text + ``LEGEND_SYMBOL_PX``), counted with the wide
    ``style.CHARACTER_PX`` for a plot ``narrowest_px`` wide less its margins (``_plot_width_px``): the most
    rows it takes in any window the pages are checked at. Three a row were assumed: the Funding page's partners by
    type, names of partner types beside long partnership names and gap notes, has one a row at 1400 px, and its
    eleven rows ran over the source note and its "Demo data" mark."""
    legend = figure.layout.legend
    # under the plot: below its foot, or hanging from it (the sector map's, at y = 0 anchored at its top, was taken
    # for a legend inside the plot, and the note was written over its rows at 1000 px)
    below = legend is not None and legend.y is not None and (
        legend.y < 0 or (legend.y == 0 and legend.yanchor == "top"))
    if not below or legend.orientation != "h" or figure.layout.showlegend is False:
        return 0
    names = {trace.legendgroup or trace.name for trace in figure.data if trace.showlegend is not False and trace.name}
    if not names:
        return 0
    widest = max(len(str(name)) for name in names) * style.CHARACTER_PX + LEGEND_SYMBOL_PX
    return math.ceil(len(names) / max(1, int(_plot_width_px(figure, narrowest_px) // widest)))


def _plot_margins_px(figure: go.Figure) -> tuple[float, float]:
    """The room left and right of the plot in the figure: its margins, and left of it the names of the rows (bars
    across, a dumbbell's rows, or the y axis's tick text: Plotly grows the margin for them; the longest line of each)
    or a value axis's ticks and title."""
    margin = figure.layout.margin
    left = 80 if margin.l is None else margin.l  # Plotly's default margins
    right = 80 if margin.r is None else margin.r
    rows = [name for trace in figure.data for name in (getattr(trace, "y", None) if getattr(trace, "y", None)
                                                       is not None else ())]
    rows += figure.layout.yaxis.ticktext or ()  # rows at numbers, named by the axis (the before/after chart)
    names = [line for name in rows if isinstance(name, str)
             for line in re.split(r"<br\s*/?>", re.sub(r"<(?!br)[^>]*>", "", name))]
    left += max(map(len, names)) * style.CHARACTER_PX if names else VALUE_AXIS_ROOM_PX
    return left, right


def _plot_width_px(figure: go.Figure, narrowest_px: int = NARROWEST_FIGURE_PX) -> float:
    """The plot's width in a figure drawn ``narrowest_px`` wide (or as wide as it sets), less ``_plot_margins_px``."""
    left, right = _plot_margins_px(figure)
    return (figure.layout.width or narrowest_px) - left - right


def wrapped_title(title: str, width_px: float, font_px: float = style.TITLE_FONT["size"]) -> str:
    """``title`` in lines (joined by ``<br>``) that fit ``width_px`` by ``style.CHARACTER_EM``, broken between words;
    its own lines kept, and a line with other markup left whole (wrapping could break inside a tag). Plotly does not
    wrap a title: at a 1000 px window "Systems changes per partnership (top 20 of 69; 15 more with 3 changes, not
    drawn…)" ran 143 px past the chart's right edge."""
    characters = max(1, int((width_px - TITLE_INSET_PX) // (font_px * style.CHARACTER_EM)))
    lines = []
    for line in re.split(r"<br\s*/?>", title):
        lines += [line] if "<" in line else textwrap.wrap(line, characters, break_long_words=False) or [line]
    return "<br>".join(lines)


def _x_title_lines_added(figure: go.Figure) -> int:
    """How many lines the x axis's title has beyond one (Plotly grows the margin for them with ``automargin``, and
    the source note goes under them)."""
    return str(figure.layout.xaxis.title.text or "").count("<br>")


MAP_TRACE_TYPES = frozenset({"choroplethmap", "scattermap", "densitymap"})  # tile maps: no axes


def _draws_axes(figure: go.Figure) -> bool:
    """Does the figure draw axes under its plot: any trace but a tile map's, or no trace at all (Plotly's empty
    axes)?"""
    return not figure.data or any(trace.type not in MAP_TRACE_TYPES for trace in figure.data)


def _has_horizontal_colorbar(figure: go.Figure) -> bool:
    """Does a trace draw a horizontal colour bar (maps put theirs under the plot, where the source line goes)?"""
    for trace in figure.data:
        colorbar = getattr(trace, "colorbar", None)
        if colorbar is not None and colorbar.orientation == "h" and getattr(trace, "showscale", None) is not False:
            return True
    return False


def with_source(figure: go.Figure, *, title: str, view: str, source: str, is_demo: bool,
                narrowest_px: int = NARROWEST_FIGURE_PX) -> go.Figure:
    """A copy of ``figure`` carrying what a downloaded image needs: its title (kept when it has one), and at the foot
    the view, the source and, on the demo, "Demo data (synthetic)" in red; ``figure`` itself is left as it was (a
    figure that has its note already is returned as it is). The title and the note are laid out in lines that fit
    the narrowest width the chart is drawn at, ``narrowest_px`` (a chart across the main column of a 1000 px window
    by default): the figure grows by the title's added lines, so the plot keeps its height.

    The copy is made from the figure's dict with the changes written into it, and built without Plotly checking every
    property again (``_validate=False``): the figure was checked when it was built, and the changes are the plain
    values below (a test builds every page's finished charts with checking on). Made through Plotly's setters, the
    seven charts of a Worker page rerun took 31 ms here, their copies 4.7 ms: a rerun builds every chart's copy anew.
    """
    if any(annotation.get("name") == SOURCE_NOTE for annotation in figure._layout.get("annotations", ())):
        return figure  # asked before copying the figure (a map's outlines and all)
    spec = _as_dict(figure)
    layout = spec["layout"]
    _with_readable_text(spec)
    if not figure_title(figure) and title:
        _merge(layout, {"title": {"text": title, "x": 0, "font": style.TITLE_FONT}})
    # 450 px high and 100 px top and 80 px bottom margins are Plotly's defaults for a figure that sets none.
    _merge(layout, {"height": layout.get("height", 450), "margin": {"t": (layout.get("margin") or {}).get("t", 100)}})
    _with_title_wrapped(layout, narrowest_px)
    margin = layout["margin"]
    bottom = margin.get("b", 80)
    bottom += HORIZONTAL_COLORBAR_PX if _has_horizontal_colorbar(figure) else 0  # the line goes under the bar
    # Below whatever the axis puts under the plot (ticks and title: Plotly may grow the margin for them), in short
    # lines from the plot's left edge (a chart printed wider than the page keeps its note on the page); right under
    # a map, which has no axis (the room for one left 64 px blank under the profile's map: a reviewer).
    offset = max(bottom, AXIS_ROOM_PX + AXIS_TITLE_LINE_PX * _x_title_lines_added(figure)
                 if _draws_axes(figure) else 0) + 6
    # Short lines, wrapped between words, from the plot's left edge; where long category labels push that edge so far
    # right that a line would not fit beside them, from the plot's right edge leftwards ("All sectors · all counties
    # · 2005–2025" ran past the right edge of the Funding page's grant dollars per partnership at 1000 px).
    note_at, characters = _note_placement(figure, narrowest_px)
    # a separator stays at the end of its line (a wrapped line began "· Bucks Area ..."): textwrap breaks at ASCII
    # spaces only, so a no-break space before it keeps it with the words before
    # and never inside a hyphenated word ("(made-" over "up records)" under every demo chart)
    lines = [*(line.replace("\u00a0", " ") for line in textwrap.wrap(view.replace(" · ", "\u00a0· "), characters,
                                                                     break_on_hyphens=False)),
             *textwrap.wrap(f"Source: {source}", characters, break_on_hyphens=False)]
    meta = layout.get("meta")
    published = meta.get(style.PUBLISHED_SOURCES) if isinstance(meta, dict) else None
    if published:  # the published figures drawn come from studies, not from the data's source
        lines += textwrap.wrap(f"Published figures: {'; '.join(published)}", characters, break_on_hyphens=False)
    if is_demo:  # in as many lines as the narrowest width needs too, each in red
        lines += [f'<b><span style="color:{DEMO_RED}">{part}</span></b>'
                  for part in textwrap.wrap(DEMO_NOTICE, max(characters, 1), break_long_words=False)]
    # A legend under the plot goes right under the axis and the note under the legend: placed by a share of the
    # plot's height, the legend had landed on the note (the Funding page's partners by type).
    rows = _legend_rows_below(figure, narrowest_px)
    legend_px = LEGEND_ROW_PX * rows + LEGEND_FRAME_PX if rows else 0
    new_bottom = offset + legend_px + SOURCE_LINE_PX * len(lines) + 4
    # The figure grows by what the note (and a legend below) adds to its bottom margin, so the plot keeps the height
    # its chart gave it: before, the note took it from the plot, and a chart sized by its rows (the Employer page's
    # nine sectors against QWI) had 14 px a row, where Plotly shows only every other label.
    height = layout["height"] + new_bottom - margin.get("b", 80)
    plot_px = height - margin["t"] - new_bottom
    if legend_px:
        _merge(layout, {"legend": {"y": -offset / max(plot_px, 1), "yanchor": "top"}})
    _merge(layout, {"height": height, "margin": {"b": new_bottom}})
    meta = layout.get("meta")
    # the browser moves the note where it fits the chart's real width, and a legend under the plot as many pixels
    # under it as here when a title's lines change the plot's height (ui.present.CHARTS_SCRIPT)
    if meta is None or isinstance(meta, dict):
        written = max((len(re.sub(r"<[^>]*>", "", line)) for line in lines), default=0)
        layout["meta"] = {**(meta or {}), NOTE_FIT: {"name": SOURCE_NOTE, "characters": written,
                                                     "character_px": NOTE_FONT_PX * style.CHARACTER_EM,
                                                     "legend_offset_px": offset if legend_px else 0}}
    layout.setdefault("annotations", []).append({
        "align": "left", "font": {"color": style.CAPTION_TEXT, "size": NOTE_FONT_PX}, "name": SOURCE_NOTE,
        "showarrow": False, "text": "<br>".join(lines), **note_at, "xref": "paper", "y": 0, "yanchor": "top",
        "yref": "paper", "yshift": -(offset + legend_px)})
    return go.Figure(spec, _validate=False)


def _with_title_wrapped(layout: dict, narrowest_px: int) -> None:
    """The title in the figure's dict ``layout`` (``height`` and ``margin.t`` set) wrapped to fit ``narrowest_px``
    (``wrapped_title``), the top margin and the height grown by its added lines; a title of several lines hung from
    the top lowered by ``TITLE_CAP_EM``, as Plotly lowers one line. The layout's ``meta`` gets what the browser needs
    to wrap it again for the chart's real width (``TITLE_FIT``, ``ui.present.CHARTS_SCRIPT``)."""
    title = layout.get("title") or {}
    text = str(title.get("text") or "")
    font_px = (title.get("font") or {}).get("size") or style.TITLE_FONT["size"]
    wrapped = wrapped_title(text, narrowest_px, font_px)
    top_px, pad_px = layout["margin"]["t"], (title.get("pad") or {}).get("t", 0)
    lowered_px = math.ceil(TITLE_CAP_EM * font_px) if title.get("yanchor") == "top" else 0
    added_px = TITLE_LINE_PX * (wrapped.count("<br>") - text.count("<br>"))
    changes: dict = {"title": {"text": wrapped}}
    if "<br>" in wrapped and lowered_px:
        changes["title"]["pad"] = {"t": pad_px + lowered_px}
        added_px += lowered_px
    if added_px:
        _merge(layout, changes | {"height": layout["height"] + added_px,
                                  "margin": {"t": layout["margin"]["t"] + added_px}})
    meta = layout.get("meta")
    if text and (meta is None or isinstance(meta, dict)):
        layout["meta"] = {**(meta or {}), TITLE_FIT: {
            "text": text, "authored_lines": text.count("<br>") + 1, "top_px": top_px, "pad_px": pad_px,
            "lowered_px": lowered_px, "line_px": TITLE_LINE_PX, "character_px": font_px * style.CHARACTER_EM,
            "inset_px": TITLE_INSET_PX}}


def _note_placement(figure: go.Figure, narrowest_px: int) -> tuple[dict, int]:
    """Where the source note starts (the annotation's ``x`` and ``xanchor``) and its longest line in characters,
    in a figure drawn ``narrowest_px`` wide: from the plot's left edge where a ``NOTE_LINE_CHARACTERS`` line fits
    right of it, else ending at the plot's right edge, in lines as long as fit left of it."""
    character_px = NOTE_FONT_PX * style.CHARACTER_EM
    figure_px = figure.layout.width or narrowest_px
    left_px, right_px = _plot_margins_px(figure)
    if figure_px - left_px >= NOTE_LINE_CHARACTERS * character_px:
        return {"x": 0, "xanchor": "left"}, NOTE_LINE_CHARACTERS
    return {"x": 1, "xanchor": "right"}, max(1, min(NOTE_LINE_CHARACTERS, int((figure_px - right_px) // character_px)))


def _as_dict(figure: go.Figure) -> dict:
    """The figure's data and layout as plain dicts, copied, arrays kept as numpy arrays: what ``to_dict`` copies
    before writing every array as base64 text for the browser (a copy built from that text hands its readers, the
    printed map and the chart's summary in words, text where they read numbers)."""
    return {"data": copy.deepcopy(figure._data), "layout": copy.deepcopy(figure._layout)}


def _merge(into: dict, changes: dict) -> None:
    """Write ``changes`` into the dict ``into``, nested dicts merged key by key (as Plotly's ``update_layout``)."""
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def _with_readable_text(spec: dict) -> None:
    """Every axis's ticks and title, the legend and the colour bars in ``style.LABEL_TEXT`` where the chart set no
    colour of its own, in the figure's dict ``spec``: Streamlit's chart theme gives them its grey (3.7:1 on white,
    under WCAG's 4.5:1), which the layout's font colour alone does not override."""
    layout = spec["layout"]
    for name in {"xaxis", "yaxis"} | {key for key in layout if key.startswith(("xaxis", "yaxis"))}:
        axis = layout.setdefault(name, {})
        _colour_unset(axis, "tickfont")
        if not isinstance(axis.get("title"), dict):  # an axis's title may be given as its text alone
            axis["title"] = {} if axis.get("title") is None else {"text": axis["title"]}
        _colour_unset(axis["title"], "font")
    _colour_unset(layout.setdefault("legend", {}), "font")
    _colour_unset(layout.setdefault("title", {}), "font")
    for trace in spec.get("data", ()):
        for colorbar in _drawn_colour_bars(trace):
            _colour_unset(colorbar, "tickfont")
            colorbar.setdefault("title", {})
            _colour_unset(colorbar["title"], "font")


def _colour_unset(parent: dict, font: str) -> None:
    if parent.setdefault(font, {}).get("color") is None:
        parent[font]["color"] = style.LABEL_TEXT


# Trace types that draw a colour scale unless told not to
_SCALED_TRACES = frozenset({"choropleth", "choroplethmap", "choroplethmapbox", "heatmap", "histogram2d", "contour",
                            "densitymap", "densitymapbox"})


def _drawn_colour_bars(trace: dict) -> list[dict]:
    """The colour bars a trace (as a dict) draws: its own (a map or heatmap shows one unless ``showscale`` is off,
    or one the chart set up) and its markers' (only with ``marker.showscale``). Giving every bar trace's
    ``marker.colorbar`` a font colour drew a meaningless scale beside bar charts (a reviewer), so only these are
    touched."""
    bars = []
    if trace.get("colorbar") or (trace.get("type") in _SCALED_TRACES and trace.get("showscale") is not False):
        bars.append(trace.setdefault("colorbar", {}))
    marker = trace.get("marker")
    if isinstance(marker, dict) and marker.get("showscale"):
        bars.append(marker.setdefault("colorbar", {}))
    return bars
