"""Employer outcome charts: turnover before and after, survey shares against published figures, the QWI baseline,
hires from training. DataFrame in, Plotly figure out; rates are shares 0-1 drawn as percents."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from sectorscope import references
from sectorscope.charts import style
from sectorscope.charts.style import CATEGORY_COLORS, EMPTY_FILL, layout_of
from sectorscope.charts.traces import plain_trace
from sectorscope.present.formatting import (
    PLOTLY_FORMATS,
    format_count,
    format_per_unit,
    format_percent,
    format_points,
    format_shown_points,
    n_label,
    shortened,
    shown_points,
)


def _points_as_shown(before: pd.Series, after: pd.Series) -> list[str]:
    """One employer's change as its two rates are shown (13.5% -> 50% is 14% -> 50%, "+36 pts"; the raw difference
    said "+37 pts" beside them)."""
    return [format_shown_points(shown_points(b, a)[0]) for b, a in zip(before, after, strict=True)]

BEFORE_COLOR = style.BEFORE
AFTER_COLOR = CATEGORY_COLORS[0]
BASELINE_COLOR = CATEGORY_COLORS[5]
PUBLISHED_COLOR = CATEGORY_COLORS[1]
ROW_HEIGHT = 26
HOVER_SHARE = "%{x:" + PLOTLY_FORMATS["share"] + "}"  # a rate on the x axis, as the cards show it


def _height(rows: int, minimum: int = 260) -> int:
    return max(minimum, 110 + ROW_HEIGHT * rows)


def _label_with_n(labels: pd.Series, n: pd.Series, unit: str = "", limit: int | None = None) -> list[str]:
    """Each group's name with what its figure rests on, as every chart says it (``formatting.n_label``: "Healthcare
    (n = 12 · small n)"; these charts once named no small group); ``unit`` ("employer") after the count; the names
    cut to ``limit`` characters (default ``GROUP_LABEL_CHARS``)."""
    def rests_on(count: object) -> str:
        counted, _, flag = n_label(count).partition(" · ")
        if unit and not pd.isna(count):
            counted += f" {unit}{'' if int(count) == 1 else 's'}"
        return counted + (f" · {flag}" if flag else "")

    return [f"{label} ({rests_on(count)})"
            for label, count in zip(short_names(labels, limit or GROUP_LABEL_CHARS), n, strict=True)]


GROUP_LABEL_CHARS = 34  # a group's name on a half-width chart: written in full, a partnership's left the plot 60 px
PHONE_GROUP_LABEL_CHARS = 16  # on a phone (style.narrow_layout): at 34, a sector's dumbbell plot was 110 px of 358


def short_names(names: pd.Series, limit: int = GROUP_LABEL_CHARS) -> list[str]:
    """Each name cut to ``limit`` characters (``formatting.shortened``), in full where cutting would make two alike
    (two "Bucks Area Transportation & Log…" would be drawn as one row). A name written over lines ("<br>") is cut line
    by line: cut whole, its tag was cut in two ("Lackawanna Area Energy Workforce<…", an accessibility reviewer)."""
    cut = ["<br>".join(shortened(line, limit) for line in str(name).split("<br>")) for name in names]
    counts = pd.Series(cut).value_counts()
    return [short if counts[short] == 1 else str(name) for short, name in zip(cut, names, strict=True)]


TURNOVER_BIN = 0.05  # the turnover chart counts employers in cells 5 points wide
FOLLOW_UP = 20  # employers named on it: those whose turnover rose the most


def turnover_scatter(paired: pd.DataFrame, title: str) -> go.Figure:
    """Where employers' turnover sat before joining (x) and at the survey (y): how many employers fall in each cell
    5 points wide, with the ``FOLLOW_UP`` employers whose turnover rose the most marked by name. Below the diagonal =
    lower after.

    Counted in cells rather than drawn one point per employer, so the chart stays small over the wire whatever the
    number of employers (one point each with its hover was 225 kB at 1,800 employers); each employer's own figures
    are in the CSV beside the chart. ``paired`` has turnover_rate_before, turnover_rate_after, change and, for the
    names, employer_name, partnership_name and survey_year.
    """
    before = pd.to_numeric(paired["turnover_rate_before"], errors="coerce").to_numpy(dtype=float)
    after = pd.to_numeric(paired["turnover_rate_after"], errors="coerce").to_numpy(dtype=float)
    top = min(1.0, float(np.nanmax(np.concatenate([before, after]))) * 1.05 + 0.01) if len(paired) else 1.0
    edges = np.arange(0.0, top + TURNOVER_BIN, TURNOVER_BIN)
    counts, _, _ = np.histogram2d(after, before, bins=[edges, edges])  # rows: after (y), columns: before (x)
    centres = (edges[:-1] + edges[1:]) / 2
    traces = [plain_trace(
        go.Heatmap, x=centres, y=centres, z=np.where(counts > 0, counts, np.nan), name="Employers", hoverongaps=False,
        colorscale=[[0, EMPTY_FILL], [1, AFTER_COLOR]], zmin=0,
        colorbar={"title": {"text": "Employers", "side": "top"}, "thickness": 10, "len": 0.6},
        hovertemplate="before about %{x:.0%}, at the survey about %{y:.0%}: %{z:,.0f} employers<extra></extra>",
    )]
    rose = paired[paired["change"] > 0].nlargest(FOLLOW_UP, "change")
    if len(rose):
        traces.append(plain_trace(
            go.Scatter, x=rose["turnover_rate_before"], y=rose["turnover_rate_after"], mode="markers",
            name=f"Largest rises ({len(rose)})", marker={"color": BASELINE_COLOR, "size": 8, "symbol": "x"},
            customdata=list(zip(rose.get("employer_name", rose.index), rose.get("partnership_name", rose.index),
                                rose.get("survey_year", rose.index),
                                _points_as_shown(rose["turnover_rate_before"], rose["turnover_rate_after"]),
                                strict=True)),
            hovertemplate=("<b>%{customdata[0]}</b><br>%{customdata[1]}, surveyed %{customdata[2]}<br>"
                           "before %{x:.0%} → after %{y:.0%} (%{customdata[3]})<extra></extra>"),
        ))
    traces.append(plain_trace(go.Scatter, x=[0, top], y=[0, top], mode="lines", name="No change",
                              line={"color": style.DIAGONAL, "dash": "dot", "width": 1}, hoverinfo="skip"))
    return go.Figure(traces, layout_of(
        title, 460, legend="above",
        xaxis={"title": "Annual turnover before joining", "tickformat": ".0%", "range": [0, top],
               "gridcolor": style.GRID},
        yaxis={"title": "Annual turnover at the survey", "tickformat": ".0%", "range": [0, top],
               "gridcolor": style.GRID}))


CHANGE_TEXT_OFFSET = 0.03  # a written change's distance from its marker, as a share of the rate axis
# A fall written left of its after marker needs this share of the axis between the marker and 0: nearer 0, it went
# past the axis's start and was cut away whole (a reviewer: a fall to 1% read no change at all)
LEFT_LABEL_ROOM = 0.15


def _dumbbell(labels: list[str], before: pd.Series, after: pd.Series, change: pd.Series, names: tuple[str, str],
              title: str, change_text: list[str], change_name: str | None = None,
              phone_labels: list[str] | None = None) -> go.Figure:
    """Before (grey) and after (blue) per row, joined by a line, the change (``change_text``) written beside the
    after marker, away from the before marker (a fall too near 0 for its words: right of the pair). With
    ``change_name`` the written changes are named in the legend (and their hover) by it: a change that is not the
    distance between the two markers says what it is. On a phone the rows read ``phone_labels``
    (``style.narrow_ticks``; the hover keeps each row's whole label)."""
    line_x, line_y = [], []
    for y, b, a in zip(labels, before, after, strict=True):
        line_x += [b, a, None]
        line_y += [y, y, None]
    # room right of the largest rate for the change written beside it ("+1 p" was cut at the plot's edge)
    high = pd.concat([pd.Series(before, dtype=float), pd.Series(after, dtype=float)]).max()
    room = {"range": [0, float(high) * 1.2]} if pd.notna(high) and high > 0 else {"rangemode": "tozero"}
    # text alone is written from its point, over the marker ("-3 pt" and the dot on the "s"): moved off it by a
    # share of the axis (past the marker on a wide chart, to its edge on a phone)
    top = float(room["range"][1]) if "range" in room else 1.0
    off = CHANGE_TEXT_OFFSET * top
    written_x, sides = [], []
    for b, a, c in zip(before, after, change, strict=True):
        if pd.notna(a) and pd.notna(c) and c < 0 and a >= LEFT_LABEL_ROOM * top:
            written_x.append(a - off)
            sides.append("middle left")
        else:  # a rise, or a fall too near 0: right of the pair
            written_x.append(max(a, b) + off if pd.notna(a) and pd.notna(b) else a)
            sides.append("middle right")
    traces = [
        plain_trace(go.Scatter, x=line_x, y=line_y, mode="lines", line={"color": style.CONNECTOR, "width": 3},
                    hoverinfo="skip", showlegend=False),
        plain_trace(go.Scatter, x=before, y=labels, mode="markers", name=names[0],
                    marker={"color": BEFORE_COLOR, "size": 11},
                    hovertemplate="%{y}<br>before: " + HOVER_SHARE + "<extra></extra>"),
        plain_trace(go.Scatter, x=after, y=labels, mode="markers", name=names[1],
                    marker={"color": AFTER_COLOR, "size": 11},
                    hovertemplate="%{y}<br>after: " + HOVER_SHARE + "<extra></extra>"),
        # the legend shows a named change as "Aa", the written labels' key; an employer's own is the distance
        # between its dots and needs none
        plain_trace(go.Scatter, x=written_x, y=labels, mode="text", name=change_name or names[1], text=change_text,
                    textposition=sides, textfont={"size": 11}, cliponaxis=False, showlegend=bool(change_name),
                    hovertemplate="%{y}<br>" + (change_name or "change").lower() + ": %{text}<extra></extra>"),
    ]
    return go.Figure(traces, layout_of(
        title, _height(len(labels)), legend="above",
        xaxis={"title": "Annual turnover rate", "tickformat": ".0%", "gridcolor": style.GRID, **room},
        yaxis={"title": None, "automargin": True},
        **(style.narrow_ticks("yaxis", labels, phone_labels) if phone_labels is not None else {})))


MEDIAN_CHANGE_NAME = "Median of each employer's change"  # the label beside a group's dots, as its legend says


def turnover_dumbbell(frame: pd.DataFrame, label: str, title: str) -> go.Figure:
    """Median turnover before (grey) and after (blue) per group, joined by a line, labelled with n and the median of
    each employer's change (in the legend as ``MEDIAN_CHANGE_NAME``; not the distance between the two medians).

    ``frame`` has the ``label`` column, n, median_before, median_after, median_change (``turnover_change_by``).
    """
    rows = frame.iloc[::-1]  # the first row on top
    # the median of the employers' changes, not the median after minus the median before: written as it is, and
    # named so in the legend (38% -> 32% labelled "-4 pts" read as the gap between the dots: a reviewer)
    return _dumbbell(_label_with_n(rows[label], rows["n"]), rows["median_before"], rows["median_after"],
                     rows["median_change"], ("Before joining (median)", "At the survey (median)"), title,
                     list(rows["median_change"].map(format_points)), change_name=MEDIAN_CHANGE_NAME,
                     phone_labels=_label_with_n(rows[label], rows["n"], limit=PHONE_GROUP_LABEL_CHARS))


def employer_dumbbell(paired: pd.DataFrame, title: str, named_elsewhere: bool = False) -> go.Figure:
    """Each employer's turnover before joining and at the survey (for small selections; largest fall on top), each
    row naming its partnership unless ``named_elsewhere`` (a chosen partnership, named at the chart's foot: its
    name on every row said nothing).

    ``paired`` has employer_name, partnership_name, turnover_rate_before, turnover_rate_after, change
    (``paired_turnover``).
    """
    rows = paired.sort_values("change", ascending=False, kind="stable")
    one = named_elsewhere and rows["partnership_name"].nunique() == 1
    labels = [employer if one else f"{employer} · {partnership}"
              for employer, partnership in zip(rows["employer_name"], rows["partnership_name"], strict=True)]
    return _dumbbell(labels, rows["turnover_rate_before"], rows["turnover_rate_after"], rows["change"],
                     ("Before joining", "At the survey"), title,
                     _points_as_shown(rows["turnover_rate_before"], rows["turnover_rate_after"]),
                     phone_labels=short_names(pd.Series(labels), style.NARROW_NAME_CHARACTERS))


# the surveyed employers' own shares, beside a published figure: one name on the page, the deck and the slides (the
# deck's legend read "This view": a convener)
EMPLOYERS_IN_VIEW = "Employers in view"


def survey_shares_chart(shares: pd.DataFrame, title: str) -> go.Figure:
    """Share of surveyed employers answering yes, beside the published share, per question.

    ``shares`` has label, n, share, published_share (``survey_shares``); a missing share draws no bar.
    """
    rows = shares.iloc[::-1]
    labels = _label_with_n(rows["label"], rows["n"])
    traces = [
        plain_trace(go.Bar, y=labels, x=rows["published_share"], orientation="h", name="Massachusetts evaluation",
                    marker_color=PUBLISHED_COLOR, text=rows["published_share"].map(format_percent),
                    textposition="outside",
                    hovertemplate="%{y}<br>published: %{x:.0%}<extra></extra>"),
        plain_trace(go.Bar, y=labels, x=rows["share"], orientation="h", name=EMPLOYERS_IN_VIEW,
                    marker_color=AFTER_COLOR,
                    text=rows["share"].map(format_percent), textposition="outside",
                    hovertemplate="%{y}<br>in view: %{x:.0%}<extra></extra>"),
    ]
    return go.Figure(traces, layout_of(
        title, _height(2 * len(rows), 300), legend="above", barmode="group", bars_across_in_groups=True,
        xaxis={"tickformat": ".0%", "range": [0, 1.15], "title": None, "gridcolor": style.GRID},
        yaxis={"title": None, "automargin": True},
        **style.published_sources(*references.SURVEY_SHARES.values())))  # the Massachusetts figures' source


def baseline_chart(frame: pd.DataFrame, label: str, title: str) -> go.Figure:
    """Partnership employers' median turnover before and after, and the industry's regional QWI turnover (annual),
    per group. Missing values draw no marker.

    ``frame`` has the ``label`` column, n, median_before, median_after, qwi_annual, qwi_cells_used
    (``baseline_comparison``); n may be missing when there are no surveys (QWI only).
    """
    rows = frame.iloc[::-1]
    n = rows["n"] if "n" in rows else pd.Series([None] * len(rows), index=rows.index)
    # groups without surveys (QWI only) by their name alone
    labels = [with_n if pd.notna(count) else str(name)
              for with_n, name, count in zip(_label_with_n(rows[label], n), rows[label], n, strict=True)]
    traces = []
    if "median_before" in rows and rows["median_before"].notna().any():
        traces.append(plain_trace(go.Scatter, x=rows["median_before"], y=labels, mode="markers",
                                  name="Partnership employers, before joining",
                                  marker={"color": BEFORE_COLOR, "size": 10},
                                  hovertemplate="%{y}<br>before joining: " + HOVER_SHARE + "<extra></extra>"))
    if "median_after" in rows and rows["median_after"].notna().any():
        traces.append(plain_trace(go.Scatter, x=rows["median_after"], y=labels, mode="markers",
                                  name="Partnership employers, at the survey",
                                  marker={"color": AFTER_COLOR, "size": 11},
                                  hovertemplate="%{y}<br>at the survey: " + HOVER_SHARE + "<extra></extra>"))
    traces.append(plain_trace(
        go.Scatter, x=rows["qwi_annual"], y=labels, mode="markers", name="Industry in the region (QWI, annualized)",
        marker={"color": BASELINE_COLOR, "size": 12, "symbol": "diamond"},
        customdata=rows["qwi_cells_used"],
        hovertemplate="%{y}<br>QWI: " + HOVER_SHARE + " a year (%{customdata:,} area-quarters)<extra></extra>"))
    return go.Figure(traces, layout_of(
        title, _height(len(rows)), legend="above",
        xaxis={"title": "Annual turnover rate", "tickformat": ".0%", "rangemode": "tozero", "gridcolor": style.GRID},
        yaxis={"title": None, "automargin": True}))


def hires_chart(frame: pd.DataFrame, label: str, title: str, top: int = 20) -> go.Figure:
    """Hires from training per group (most first, at most ``top``), labelled with hires per reporting employer; the
    title says how many groups it draws ("(top 20 of 34 with hires reported)", "(1 with hires reported)") and how many
    gave no number (it read "(top 20)" over 16 bars).

    ``frame`` has the ``label`` column, hires, hires_per_employer, employers_reporting (``hires_by``).
    """
    reported = frame.dropna(subset=["hires"])
    drawn = f"top {top} of {len(reported):,}" if len(reported) > top else f"{len(reported):,}"
    unreported = len(frame) - len(reported)
    # "with hires reported": "(1 reporting hires)" read as a typo over one partnership's bar
    title += f" ({drawn} with hires reported" + (f"; {unreported:,} without a number)" if unreported else ")")
    rows = reported.sort_values("hires", ascending=False).head(top).iloc[::-1]
    text = [f"{format_count(h)} ({format_per_unit(p)} per employer)"
            for h, p in zip(rows["hires"], rows["hires_per_employer"], strict=True)]
    bar = plain_trace(go.Bar, y=_label_with_n(rows[label], rows["employers_reporting"], "employer"), x=rows["hires"],
                      orientation="h", marker_color=AFTER_COLOR, text=text, textposition="outside", cliponaxis=False,
                      hovertemplate="%{y}<br>%{x:,} hires from training<extra></extra>")
    most = max(float(rows["hires"].max()), 1.0) if len(rows) else 1.0  # every count 0: an axis of [0, 0] otherwise
    # each label after its bar, the longest bar's in the margin (style.label_room): inside or outside as it fitted,
    # "(7.2 per employer)" was cut at 640 px
    return go.Figure(bar, layout_of(title, _height(len(rows)), showlegend=False, right=style.label_room(text),
                                    xaxis={"title": "Hires from the partnership's training", "gridcolor": style.GRID,
                                           "range": [0, most * 1.02]},
                                    yaxis={"title": None, "automargin": True}))
