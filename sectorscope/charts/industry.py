"""Industry analysis charts: LQ against growth, shift-share, and one industry's LQ across the state's counties.

DataFrame in, Plotly figure out. Frames come from ``metrics.labor_market`` (``rank_industries``,
``shift_share_table``, ``county_location_quotients``). Suppressed values are never drawn as zero: a bubble or bar
without its value is left out and named in the caption; a county whose cell is suppressed is drawn grey and labelled
"suppressed".
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from sectorscope import references
from sectorscope.charts import style
from sectorscope.charts.maps import county_trace, map_layout, map_view, plot_height
from sectorscope.charts.style import CATEGORY_COLORS, DIVERGING, EMPTY_FILL, layout_of
from sectorscope.charts.traces import plain_trace
from sectorscope.filters import bare_county_names
from sectorscope.metrics.labor_market import LQ_SOURCES, NO_JOBS, QUADRANTS, STRONG_LQ, lq_as_shown
from sectorscope.present.formatting import (
    MISSING,
    PLOTLY_FORMATS,
    RELATIVE_DIGITS,
    format_count,
    format_counted,
    format_dollars,
    format_percent,
    format_ratio,
    format_relative_change,
    is_missing,
    shortened,
)
from sectorscope.rounding import half_up

SHIFT_SHARE_PARTS = (
    ("reference_growth_effect", "Reference growth", CATEGORY_COLORS[4]),
    ("industry_mix_effect", "Industry mix", CATEGORY_COLORS[1]),
    ("competitive_effect", "Regional (competitive)", CATEGORY_COLORS[2]),
)
SERVED_RING = style.BLACK
PARTIAL_RING = style.ANNOTATION  # a hollow bubble: growth of some counties only, the area's not known
PARTIAL_LEGEND = "Hollow: growth of some counties only (partial, not scored)"
NO_JOBS_NAME = "No jobs in this industry (LQ 0)"
GAP_MARK = "⚠"
MAX_LABEL = 26


def short_title(title: object, limit: int = MAX_LABEL) -> str:
    """An industry title cut to ``limit`` characters with an ellipsis (``formatting.shortened``), for chart labels;
    "" for a missing title."""
    return shortened(title if isinstance(title, str) else "", limit)


LABEL_POSITIONS = ("top center", "bottom center", "middle right", "middle left")
PLOT_PX = (760, 440)  # the plotting area's approximate size in pixels on a wide page
# On a phone (style.narrow_layout): the plotting area of a 358 px chart beside its axis and a slim colour bar, the
# labels cut shorter and placed again for it, the quadrants' names in two lines (in one they lay over each other)
PHONE_PLOT_PX = (220, 440)
PHONE_LABEL_CHARACTERS = 16
PHONE_LABEL_COUNT = 6
PHONE_QUADRANT_CHARACTERS = 16
CHAR_PX, LINE_PX = 6.3, 14


def place_labels(x: np.ndarray, y: np.ndarray, radius: np.ndarray, texts: list[str],
                 plot_px: tuple[int, int] = PLOT_PX,
                 bubbles: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> list[str | None]:
    """A text position for each labelled point (x, y in 0-1 of the plot area), trying above, below, right and
    left in turn and keeping the first that overlaps no label placed before it and no bubble of ``bubbles``
    (x, y, radius of every bubble drawn, so that no label sits on another industry's bubble); None when none fits
    (the label is dropped; hovering and the table still name the industry). Points come in priority order."""
    width, height = plot_px
    placed: list[tuple[float, float, float, float]] = []
    if bubbles is not None:
        placed += [(bx - r, by - r, bx + r, by + r)
                   for bx, by, r in zip(bubbles[0] * width, bubbles[1] * height, bubbles[2], strict=True)]
    chosen: list[str | None] = []
    for px, py, r, text in zip(x * width, y * height, radius, texts, strict=True):
        if not text:
            chosen.append(None)
            continue
        w, h = CHAR_PX * len(text), LINE_PX
        boxes = {"top center": (px - w / 2, py + r + 1, px + w / 2, py + r + 1 + h),
                 "bottom center": (px - w / 2, py - r - 1 - h, px + w / 2, py - r - 1),
                 "middle right": (px + r + 2, py - h / 2, px + r + 2 + w, py + h / 2),
                 "middle left": (px - r - 2 - w, py - h / 2, px - r - 2, py + h / 2)}
        position = next((name for name in LABEL_POSITIONS
                         if boxes[name][0] >= -20 and boxes[name][2] <= width + 20
                         and not any(b[0] < boxes[name][2] and boxes[name][0] < b[2] and b[1] < boxes[name][3]
                                     and boxes[name][1] < b[3] for b in placed)), None)
        if position is not None:
            placed.append(boxes[position])
        chosen.append(position)
    return chosen


def _labelled(shown: pd.DataFrame, served: pd.Series, limit: int) -> list:
    """Which bubbles get a label, at most ``limit``, in the order their labels are placed (a later one finds less
    room): gaps first, then the concentrated and growing (the chart's first quadrant), served, concentrated and the
    largest (``shown`` comes largest first). Placed largest first after the gaps, the concentrated and growing lost
    their room to larger industries: Transportation (LQ 1.20) unlabelled beside Construction (1.19) labelled."""
    concentrated = lq_as_shown(shown["lq"]) >= STRONG_LQ  # the one threshold, as the quadrants and the card
    growing = concentrated & (shown["cagr"] > 0)
    order = [*shown.index[shown["gap"]], *shown.index[growing], *shown.index[served], *shown.index[concentrated],
             *shown.index]
    return list(dict.fromkeys(order))[:limit]


def lq_growth_bubble(industries: pd.DataFrame, title: str, *, growth_label: str = "Employment growth per year",
                     label_count: int = 10, height: int = 560, area_count: int = 1) -> go.Figure:
    """Industries as bubbles: x = compound annual growth (percent), y = location quotient (log scale, so 0.5 and 2
    sit equally far from 1), size = employment, colour = average weekly wage relative to the area's average. A
    black ring marks an industry a partnership serves; "⚠" marks a concentrated, growing industry that none
    serves. Quadrants at LQ ``STRONG_LQ`` (1.2, as shown: the card's threshold) and growth 0.

    ``industries`` has industry_code, industry_title, lq, cagr, employment, wage_ratio, avg_weekly_wage,
    coverage ("full", "partial", "none"), gap (bool). Rows missing LQ or growth, or with LQ 0, are not drawn. An
    industry whose area growth is unknown because one of its ``area_count`` counties was suppressed in either year
    (``industry_profile``'s areas_left_out) is drawn hollow at the others' growth (partial_cagr), marked "partial"
    in its hover and the legend: never as the area's, and without a label or flag.
    """
    shown = industries[(industries["lq"] > 0) & industries["cagr"].notna() & industries["employment"].notna()]
    shown = shown.sort_values("employment", ascending=False)
    hollow = industries.iloc[0:0]
    if "partial_cagr" in industries:
        hollow = industries[(industries["lq"] > 0) & industries["cagr"].isna() & industries["partial_cagr"].notna()
                            & industries["employment"].notna()].assign(cagr=lambda rows: rows["partial_cagr"])
    if shown.empty and hollow.empty:
        return go.Figure(layout=layout_of(title, height, annotations=[{
            "text": "No industry has both an LQ and a growth rate here", "showarrow": False, "x": 0.5, "y": 0.5,
            "xref": "paper", "yref": "paper"}]))
    drawn = pd.concat([shown, hollow])
    growth = shown["cagr"] * 100
    largest = max(float(drawn["employment"].max()), 1.0)
    served = shown["coverage"].isin(["full", "partial"])
    priority = _labelled(shown, served, label_count)  # in the order their labels are placed
    x_low, x_high = float(min(drawn["cagr"].min() * 100, 0)), float(max(drawn["cagr"].max() * 100, 0))
    pad = max((x_high - x_low) * 0.12, 0.5)
    y_low = min(float(drawn["lq"].min()), 0.8) / 1.6
    y_high = max(float(drawn["lq"].max()), 1.25) * 1.6
    diameter = 48
    ranked = shown.loc[priority]

    def plot_position(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Bubbles' x, y (0-1 of the plot area) and radius in pixels."""
        return (((rows["cagr"] * 100 - (x_low - pad)) / (x_high - x_low + 2 * pad)).to_numpy(),
                ((np.log10(rows["lq"]) - math.log10(y_low)) / (math.log10(y_high) - math.log10(y_low))).to_numpy(),
                np.maximum(diameter / 2 * np.sqrt(rows["employment"].to_numpy() / largest), 2.5))

    def label(title: object, gap: bool, characters: int = 24) -> str:
        """An industry's label: its title cut to ``characters``, after "⚠" where no partnership serves it."""
        return (f"{GAP_MARK} " if gap else "") + short_title(title, characters)

    spots = place_labels(*plot_position(ranked), [label(title, gap) for title, gap in
                                                  zip(ranked["industry_title"], ranked["gap"], strict=True)],
                         bubbles=plot_position(drawn))
    spot_of = dict(zip(priority, spots, strict=True))
    # on a phone the first few only, and over other bubbles where need be (kept off every bubble, none found room)
    phone_labels = [label(title, gap, PHONE_LABEL_CHARACTERS) if rank < PHONE_LABEL_COUNT else ""
                    for rank, (title, gap) in enumerate(zip(ranked["industry_title"], ranked["gap"], strict=True))]
    phone_spot_of = dict(zip(priority, place_labels(*plot_position(ranked), phone_labels, PHONE_PLOT_PX),
                             strict=True))
    phone_text_of = dict(zip(priority, phone_labels, strict=True))
    text = [label(title, gap) if spot_of.get(i) else ""
            for i, title, gap in zip(shown.index, shown["industry_title"], shown["gap"], strict=True)]
    positions = [spot_of.get(i) or "top center" for i in shown.index]
    ratio = shown["wage_ratio"].astype(float)
    spread = max(float(np.nanmax(np.abs(np.log2(ratio.clip(lower=0.05))))) if ratio.notna().any() else 1.0, 0.5)
    growth_text = shown["cagr"].map(format_relative_change)
    traces = [plain_trace(
        go.Scatter, x=growth, y=shown["lq"], mode="markers+text", text=text, textposition=positions, cliponaxis=False,
        textfont={"size": 11, "color": style.LABEL_TEXT},
        marker={
            "size": shown["employment"], "sizemode": "area", "sizeref": 2.0 * largest / diameter**2, "sizemin": 5,
            "color": np.log2(ratio.clip(lower=0.05)), "colorscale": DIVERGING, "cmin": -spread, "cmax": spread,
            "line": {"color": np.where(served, SERVED_RING, style.UNSERVED_RING), "width": np.where(served, 3, 0.6)},
            "opacity": 0.85,
            "colorbar": {"title": {"text": "Weekly wage vs<br>area average", "side": "top"},
                         "tickvals": [-1, -0.5, 0, 0.5, 1], "ticktext": ["½×", "0.7×", "1×", "1.4×", "2×"],
                         "thickness": 12, "len": 0.6},
        },
        customdata=np.column_stack([
            shown["industry_title"].fillna(shown["industry_code"]),
            at_least(shown["employment"].map(format_count), shown["status"]),
            shown["avg_weekly_wage"].map(format_dollars),
            shown["wage_ratio"].map(lambda v: format_ratio(v, 2)),
            shown["coverage"].map({"full": "a partnership serves it", "partial": "a partnership serves part of it",
                                   "none": "no partnership serves it"}).fillna(""),
            at_least(shown["lq"].map(lambda v: format_ratio(v, 2)), shown["status"]),
            growth_text,  # "0.0%", not d3's "-0.0%", for a change that rounds to 0
        ]),
        hovertemplate=("<b>%{customdata[0]}</b><br>LQ %{customdata[5]} · growth %{customdata[6]}/year<br>"
                       "%{customdata[1]} jobs · %{customdata[2]}/week (%{customdata[3]}× area)<br>"
                       "%{customdata[4]}<extra></extra>"),
        showlegend=False,
        # the summary in words reads the growth and the LQ as the hover writes them (customdata[6], [5]): +4.0%,
        # 0.0% (not "+0.0%"), 1.38
        meta={"texts": {"x": list(growth_text)}, "formats": {"y": PLOTLY_FORMATS["ratio"]}},
    )] if not shown.empty else []
    if not hollow.empty:
        marks = [partial_mark(n, area_count) for n in left_out_count(hollow["areas_left_out"])]
        partial_growth_text = hollow["cagr"].map(format_relative_change)
        traces.append(plain_trace(
            go.Scatter, x=hollow["cagr"] * 100, y=hollow["lq"], mode="markers", name="partial growth", showlegend=False,
            marker={"symbol": "circle-open", "size": hollow["employment"], "sizemode": "area",
                    "sizeref": 2.0 * largest / diameter**2, "sizemin": 5, "color": PARTIAL_RING, "line": {"width": 2}},
            customdata=np.column_stack([
                hollow["industry_title"].fillna(hollow["industry_code"]),
                at_least(hollow["employment"].map(format_count), hollow["status"]),
                partial_growth_text, marks,
                at_least(hollow["lq"].map(lambda v: format_ratio(v, 2)), hollow["status"]),
            ]),
            hovertemplate=("<b>%{customdata[0]}</b><br>LQ %{customdata[4]} · growth %{customdata[2]}/year of the "
                           "other counties (%{customdata[3]}): a county was suppressed, so the area's growth is not "
                           "known and not scored<br>%{customdata[1]} jobs<extra></extra>"),
            meta={"texts": {"x": list(partial_growth_text)}, "formats": {"y": PLOTLY_FORMATS["ratio"]}},
        ))
    # a flagged industry whose label found no room keeps its mark, on its bubble: the label alone carried it (a
    # reviewer counted 3 of 5 flagged industries marked); on a phone, those its fewer labels leave out (a reviewer:
    # flagged industries labelled wide but not on a phone lost their mark)
    unmarked = [i for i in shown.index if shown.loc[i, "gap"] and not spot_of.get(i)]
    phone_unmarked = [i for i in shown.index if shown.loc[i, "gap"] and not phone_spot_of.get(i)]
    marks_at = len(traces) if unmarked or phone_unmarked else None
    if marks_at is not None:
        traces.append(plain_trace(
            go.Scatter, x=growth.loc[unmarked], y=shown.loc[unmarked, "lq"], mode="text",
            text=[GAP_MARK] * len(unmarked), textposition="middle center",
            textfont={"size": 13, "color": style.LABEL_TEXT}, hoverinfo="skip", showlegend=False, name="gap marks"))
    quadrant_line = {"color": style.AXIS_LINE, "width": 1, "dash": "dot"}
    # the quadrants split at the card's threshold (LQ 1.2), not at 1: "Concentrated and growing" is one definition
    shapes = [{"type": "line", "x0": 0, "x1": 1, "xref": "x domain", "y0": STRONG_LQ, "y1": STRONG_LQ, "yref": "y",
               "line": quadrant_line},
              {"type": "line", "x0": 0, "x1": 0, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",  # growth 0
               "line": quadrant_line}]
    quadrants = [{"x": x, "y": y, "xref": "paper", "yref": "paper", "text": QUADRANTS[k], "showarrow": False,
                  "xanchor": "right" if x else "left", "yanchor": "top" if y else "bottom",
                  "font": {"size": 12, "color": style.ANNOTATION}}
                 for x, y, k in ((1, 1, 0), (0, 1, 1), (1, 0, 2), (0, 0, 3))]
    phone_layout = {path: value for index in range(len(quadrants)) for path, value in (
        (f"annotations[{index}].text", "<br>".join(textwrap.wrap(quadrants[index]["text"], PHONE_QUADRANT_CHARACTERS))),
        (f"annotations[{index}].font.size", 10))}
    phone_traces = {0: {
        "text": [phone_text_of[i] if phone_spot_of.get(i) else "" for i in shown.index],
        "textposition": [phone_spot_of.get(i) or "top center" for i in shown.index],
        "marker.colorbar.title.text": "Wage vs<br>area avg.", "marker.colorbar.title.font.size": 11,
        "marker.colorbar.thickness": 8}} if not shown.empty else {}
    if marks_at is not None:
        phone_traces[marks_at] = {"x": growth.loc[phone_unmarked].tolist(),
                                  "y": shown.loc[phone_unmarked, "lq"].tolist(),
                                  "text": [GAP_MARK] * len(phone_unmarked)}
    ticks = [v for v in (0.1, 0.25, 0.5, 1, STRONG_LQ, 2, 4, 8, 16) if y_low <= v <= y_high]
    legend = [("Ring: a partnership serves it", {"color": "white", "line": {"color": SERVED_RING, "width": 3}}),
              (f"{GAP_MARK} concentrated and growing, no partnership", {"color": "white", "opacity": 0})]
    if not hollow.empty:
        legend.append((PARTIAL_LEGEND, {"symbol": "circle-open", "color": PARTIAL_RING, "line": {"width": 2}}))
    for name, marker in legend:
        traces.append(plain_trace(go.Scatter, x=[None], y=[None], mode="markers", name=name,
                                  marker={"size": 12, **marker}))
    layout = layout_of(
        title, height, shapes=shapes, annotations=quadrants,
        xaxis={"title": f"{growth_label} (%)", "range": [x_low - pad, x_high + pad], "zeroline": False,
               "ticksuffix": "%", "gridcolor": style.GRID},
        yaxis={"title": "Location quotient (1 = same share as the reference)", "type": "log",
               "range": [math.log10(y_low), math.log10(y_high)], "tickvals": ticks,
               "ticktext": [f"{v:g}" for v in ticks], "gridcolor": style.GRID},
        **style.narrow_layout(phone_layout, phone_traces))
    return go.Figure(traces, layout | {"legend": {"orientation": "h", "x": 0, "y": -0.12}})


def shift_share_bars(table: pd.DataFrame, title: str, *, height: int | None = None) -> go.Figure:
    """Each industry's employment change split into reference growth, industry mix and regional (competitive)
    effects, stacked as horizontal bars, with the actual change as a black diamond. Rows with missing parts
    (suppressed) are left out."""
    parts = [column for column, _, _ in SHIFT_SHARE_PARTS]
    shown = table.dropna(subset=[*parts, "actual_change"]).sort_values("actual_change")
    labels = [short_title(t if isinstance(t, str) else c, 34)
              for t, c in zip(shown["industry_title"], shown["industry_code"], strict=True)]
    # the hover writes each number as the table does (``signed_count``: "0", where d3's "+,.0f" wrote "+0")
    # and so does the summary in words (``meta``'s texts: "0", where "+,.0f" wrote "+0")
    jobs_text = {column: list(shown[column].map(signed_count)) for column in [*parts, "actual_change"]}
    traces = [plain_trace(go.Bar, y=labels, x=shown[column], name=name, orientation="h", marker_color=colour,
                          customdata=jobs_text[column], meta={"texts": {"x": jobs_text[column]}},
                          hovertemplate="%{y}<br>" + name + ": %{customdata} jobs<extra></extra>")
              for column, name, colour in SHIFT_SHARE_PARTS]
    traces.append(plain_trace(go.Scatter, y=labels, x=shown["actual_change"], name="Actual change", mode="markers",
                              marker={"symbol": "diamond", "size": 10, "color": style.BLACK},
                              customdata=jobs_text["actual_change"], meta={"texts": {"x": jobs_text["actual_change"]}},
                              hovertemplate="%{y}<br>actual change: %{customdata} jobs<extra></extra>"))
    layout = layout_of(title, height or max(320, 30 * len(shown) + 140), barmode="relative",
                       xaxis={"title": "Change in jobs", "tickformat": ",", "zerolinecolor": style.AXIS_LINE,
                              "gridcolor": style.GRID},
                       yaxis={"automargin": True})
    return go.Figure(traces, layout | {"legend": {"orientation": "h", "x": 0, "y": -0.08}})


def industry_lq_map(counties: pd.DataFrame, geojson: dict, title: str, *, outlines: dict | None = None,
                    height: int = 520, width_hint: int = 800, agency: str = "BLS") -> go.Figure:
    """One industry's LQ in every county of the state: shaded around 1 (blue above, vermillion below); counties
    with no job in the industry (LQ 0) in a darker brown of their own, counties whose cell BLS suppressed in grey
    ("suppressed"), those without a reference figure in lighter grey and those with no QCEW loaded in pale grey.

    ``counties`` has county_fips, county_name, centroid_lon, centroid_lat, lq, employment and status
    ("disclosed", ``NO_JOBS``, "suppressed", "no reference" or "no data").
    """
    traces = []
    disclosed = counties[counties["status"].eq("disclosed") & counties["lq"].notna()]
    if not disclosed.empty:
        top = max(2.0, math.ceil(float(disclosed["lq"].quantile(0.95)) * 2) / 2)
        # log scale around 1, so LQ 0.5 and 2 sit equally far from "same share as the reference"
        shade = np.log2(disclosed["lq"].clip(lower=1 / top, upper=top))
        ticks = [value for value in (0.25, 0.5, 1, 2, 4, 8) if 1 / top <= value <= top]
        traces.append(county_trace(
            geojson, disclosed["county_fips"], z=shade,
            zmin=-math.log2(top), zmax=math.log2(top), colorscale=DIVERGING, name="LQ",
            # z is a shade (log, clipped): the summary in words reads the LQs as the hover writes them
            meta={"values": disclosed["lq"].tolist(), "formats": {"z": PLOTLY_FORMATS["ratio"]}},
            marker={"line": {"width": 0.6, "color": style.WHITE}, "opacity": 0.95},
            customdata=np.column_stack([disclosed["county_name"], disclosed["lq"].map(lambda v: format_ratio(v, 2)),
                                        disclosed["employment"].map(format_count)]),
            hovertemplate="<b>%{customdata[0]}</b><br>LQ %{customdata[1]}<br>%{customdata[2]} jobs"
                          "<extra></extra>",
            colorbar={"title": {"text": "Location quotient", "side": "top"}, "orientation": "h", "thickness": 10,
                      "len": 0.5, "x": 0.5, "xanchor": "center", "y": 0, "yanchor": "top",
                      "tickvals": [math.log2(v) for v in ticks], "ticktext": [f"{v:g}" for v in ticks]},
        ))
    # ``agency``: who withheld the cells ("BLS"; the demo's generator on its made-up files). No job is a true LQ 0,
    # drawn apart from the log scale's lowest shade and from each kind of missing
    for status, name, colour in ((NO_JOBS, NO_JOBS_NAME, style.ZERO_FILL),
                                 ("suppressed", f"Suppressed by {agency}", style.MISSING_FILL),
                                 ("no reference", "No reference figure", style.NO_REFERENCE_FILL),
                                 ("no data", "No QCEW loaded", EMPTY_FILL)):
        rows = counties[counties["status"].eq(status)]
        if rows.empty:
            continue
        traces.append(county_trace(
            geojson, rows["county_fips"], z=[1] * len(rows),
            colorscale=[[0, colour], [1, colour]], showscale=False, showlegend=True, name=name,
            marker={"line": {"width": 0.6, "color": style.WHITE}, "opacity": 0.95},
            customdata=rows[["county_name"]].to_numpy(),
            hovertemplate="<b>%{customdata[0]}</b><br>" + name[0].lower() + name[1:] + "<extra></extra>",
        ))
    # the colour bar goes under the map, in the margin the drawn picture adds for it (export.figures.with_source)
    view = map_view(counties, width_hint, plot_height(height, title), geojson)
    return go.Figure(traces, map_layout(view, height, title, outlines))


def at_least(texts: pd.Series, status: pd.Series) -> pd.Series:
    """Figures resting on the disclosed counties' employment alone (status "partly suppressed") are lower bounds:
    "≥ 0.98", "≥ 1,750"; a missing figure stays "–". One mark for the table, the hover, the warning and the
    command."""
    partly = status.eq("partly suppressed").to_numpy()
    return texts.where(~partly | texts.eq(MISSING), "≥ " + texts)


def strong_without_partnership(gaps: pd.DataFrame) -> str:
    """"Transportation and warehousing (LQ 1.20, +4.0%/year, 600 jobs); ..." for the industries flagged strong with
    no partnership, written as the table writes them (lower bounds marked)."""
    lq = at_least(gaps["lq"].map(lambda v: format_ratio(v, 2)), gaps["status"])
    jobs = at_least(gaps["employment"].map(format_count), gaps["status"])
    return "; ".join(f"{title} (LQ {ratio}, {format_relative_change(cagr)}/year, {count} jobs)" for title, ratio, cagr,
                     count in zip(gaps["industry_title"], lq, gaps["cagr"], jobs, strict=True))


def left_out_count(fips_lists: pd.Series) -> pd.Series:
    """How many areas each of ``fips_lists`` names (", "-joined FIPS, as ``industry_profile``'s areas_left_out);
    0 for "" or a missing list."""
    return fips_lists.fillna("").astype(str).map(lambda text: len([code for code in text.split(", ") if code]))


def partial_mark(left_out: int, area_count: int) -> str:
    """"partial: 2 of 3 counties": a change of the counties disclosed in both its years, ``left_out`` of the
    ``area_count`` suppressed in one of them."""
    return f"partial: {area_count - left_out} of {area_count} {'county' if area_count == 1 else 'counties'}"


def change_text(values: pd.Series, left_out: pd.Series | None, area_count: int,
                partial: pd.Series | None = None) -> pd.Series:
    """A change column as people read it (``signed_percent``). Where some of the ``area_count`` areas were
    suppressed in either year (``left_out``, ``industry_profile``'s areas_left_out*), the area has no change: the
    others' (``partial``, its partial_* column) is shown marked, "+3.2% (partial: 2 of 3 counties)", or where it
    cannot be worked out "1 of 3 suppressed", and "suppressed" where every area (or the one) was. Unmarked, two
    small counties' "+3.2%/year" read as a region's whose third, suppressed in the first year, held four fifths of
    the jobs."""
    text = values.map(signed_percent)
    if left_out is None:
        return text
    count = left_out_count(left_out)
    others = partial if partial is not None else pd.Series(np.nan, index=values.index)
    marks = ["suppressed" if n >= area_count else f"{n} of {area_count} suppressed" if is_missing(value)
             else f"{signed_percent(value)} ({partial_mark(n, area_count)})"
             for n, value in zip(count, others, strict=True)]
    return text.where(count.eq(0), pd.Series(marks, index=values.index))


def industry_table_text(industries: pd.DataFrame, area_count: int = 1) -> pd.DataFrame:
    """The ranked table as people read it: thousands separators, dollars, percents, and "suppressed" (with how
    many counties) where BLS withheld a value instead of a blank or a zero; a change resting on some of the
    ``area_count`` counties only is not given, and says how many were suppressed (``change_text``)."""
    def count_or_status(value, status, suppressed, areas) -> str:
        if status == "suppressed":
            return "suppressed"
        text = format_count(value)
        return f"≥ {text} ({suppressed} of {areas} suppressed)" if status == "partly suppressed" else text

    suppressed = industries["status"].eq("suppressed")
    status = industries["status"]

    return pd.DataFrame({
        "Rank": industries["rank"].map(lambda v: "" if pd.isna(v) else f"{int(v)}"),
        "Industry": industries["industry_title"].fillna(industries["industry_code"]),
        "Flag": np.where(industries["gap"], f"{GAP_MARK} strong, no partnership",
                         np.where(industries["strong"], "strong", "")),
        # a sector covering part of an industry (Energy's NAICS 211 within Mining, 21) serves part of it: said, as
        # the hover says it ("Mining" was listed under an Energy partnership as if wholly its own)
        "Partnerships": [(", ".join(names) + (" (part of the industry)" if cov == "partial" else "")) if names
                         else ("–" if cov == "none" else "") for names, cov in zip(
            industries["partnerships"], industries["coverage"], strict=True)],
        "Score": industries["score"].map(format_count),
        "LQ": at_least(industries["lq"].map(lambda v: format_ratio(v, 2)), status).where(~suppressed, "suppressed"),
        "Per year": change_text(industries["cagr"], industries.get("areas_left_out"), area_count,
                                industries.get("partial_cagr")),
        # no wage of a partly suppressed area: its disclosed counties' is not the area's
        "Weekly wage": industries["avg_weekly_wage"].map(format_dollars).where(~suppressed, "suppressed")
        .where(status != "partly suppressed", "partly suppressed"),
        "Wage vs area": industries["wage_ratio"].map(lambda v: MISSING if pd.isna(v) else f"{format_ratio(v)}×")
        .where(~suppressed, "suppressed").where(status != "partly suppressed", "partly suppressed"),
        "Employment": [count_or_status(v, s, n, a) for v, s, n, a in zip(
            industries["employment"], industries["status"], industries["suppressed_areas"], industries["areas"],
            strict=True)],
        "Share of jobs": at_least(industries["employment_share"].map(lambda v: format_percent(v, RELATIVE_DIGITS)),
                                  status),
        "1-year": change_text(industries["pct_change_1y"], industries.get("areas_left_out_1y"), area_count,
                              industries.get("partial_pct_change_1y")),
        "5-year": change_text(industries["pct_change_5y"], industries.get("areas_left_out_5y"), area_count,
                              industries.get("partial_pct_change_5y")),
        "Establishments": industries["establishments"].map(format_count),
        "NAICS": industries["industry_code"],
    })


def signed_percent(value) -> str:
    """+4.2% (a growth rate as a signed percent with one decimal, ``formatting.format_relative_change``)."""
    return format_relative_change(value)


def signed_count(value) -> str:
    """+1,009 / -147 (a change in jobs, a half away from zero); "0" for one that rounds to nothing (a regional effect
    of -0.4 jobs read "+0"); "–" when missing."""
    if value is None or pd.isna(value):
        return MISSING
    jobs = half_up(value) + 0  # + 0 turns -0 into 0
    return f"{jobs:{'+' if jobs else ''},.0f}"


def shift_share_text(table: pd.DataFrame, start_year: int, end_year: int, area_count: int = 1) -> pd.DataFrame:
    """The shift-share table as people read it: whole jobs with signs, growth rates as percents; an industry with
    one of the ``area_count`` counties suppressed in either year has no change to split, and says how many were
    ("not split (1 of 3 suppressed)")."""
    left_out = table.get("areas_left_out")
    count = left_out_count(left_out) if left_out is not None else pd.Series(0, index=table.index)
    actual = table["actual_change"].map(signed_count).where(
        count.eq(0), [f"not split ({n} of {area_count} suppressed)" if area_count > 1 else "suppressed"
                      for n in count])
    return pd.DataFrame({
        "Industry": table["industry_title"].fillna(table["industry_code"]),
        f"Jobs {start_year}": table["start_employment"].map(format_count),
        f"Jobs {end_year}": table["end_employment"].map(format_count),
        "Actual change": actual,
        "Reference growth": table["reference_growth_effect"].map(signed_count),
        "Industry mix": table["industry_mix_effect"].map(signed_count),
        "Regional (competitive)": table["competitive_effect"].map(signed_count),
        "Industry's growth in the reference": table["reference_industry_growth"].map(signed_percent),
        "NAICS": table["industry_code"],
    })


def shift_share_left_out_note(table: pd.DataFrame, area_count: int, start_year: int, end_year: int,
                              agency: str = "BLS") -> str:
    """Which industries have no split because ``agency`` suppressed one of the ``area_count`` counties in
    ``start_year`` or ``end_year`` (``shift_share_table``'s areas_left_out): the other counties' change is not the
    area's. For several counties they are counted, not listed, as ``suppression_note`` counts its partial ones: the
    table marks each ("not split (1 of 8 suppressed)") and the CSV gives the counties (a region's caption listed
    them all at length). "" where none (a sentence with its trailing space otherwise)."""
    left_out = left_out_count(table.get("areas_left_out", pd.Series("", index=table.index)))
    some = table[left_out.gt(0)]
    if some.empty:
        return ""
    if area_count == 1:
        names = some["industry_title"].fillna(some["industry_code"])
        return (f"Not split, {agency} suppressed the figure in {start_year} or {end_year}: "
                + ", ".join(names) + ". ")
    return (f"Not split for {format_counted(len(some), 'industry', 'industries')}: {agency} suppressed a county in "
            f"{start_year} or {end_year}, so the area's change is not known (the other counties' is not the area's); "
            "left out of the chart and marked \"not split\" in the table, with how many counties were suppressed. "
            "The CSV gives those counties' FIPS codes. ")


def selected_outline(geojson: dict, county_fips) -> dict:
    """The chosen counties' boundaries (a subset of the state's FeatureCollection), to outline on a map."""
    chosen = set(county_fips)
    return {"type": "FeatureCollection", "features": [f for f in geojson.get("features", []) if f.get("id") in chosen]}


def area_label(county_names: list[str], state_name: str) -> str:
    """What the analysed area is called (``county_names`` with their kind): 'Lancaster County', 'Lancaster, York and
    Chester counties', 'Baltimore County and Baltimore city', '12 counties (Adams, Berks, Blair …)', or the state's
    name when no county is chosen."""
    if not county_names:
        return state_name
    if len(county_names) == 1:
        return county_names[0]
    names, word = bare_county_names(county_names)
    if len(names) <= 3:
        return f"{', '.join(names[:-1])} and {names[-1]}" + (f" {word}" if word else "")
    return f"{len(names)} counties ({', '.join(names[:3])} …)"


def year_runs(years: list[int]) -> str:
    """Years as runs of consecutive years: [2013, 2014, 2015, 2019] -> "2013–2015 and 2019"."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    spans = [f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs]
    return spans[0] if len(spans) == 1 else f"{', '.join(spans[:-1])} and {spans[-1]}"


def years_lacking_note(lacking: Mapping[int, tuple[str, ...]], names: Mapping[str, str]) -> str:
    """Which years are left out and the counties they lack (``labor_market.years_lacking_areas``), one clause per
    county, by name: "2013–2015 lack York County's QCEW; 2019 lacks Lancaster County's QCEW". "" when none is."""
    by_area: dict[str, list[int]] = {}
    for year, areas in lacking.items():
        for area in areas:
            by_area.setdefault(area, []).append(year)
    return "; ".join(f"{year_runs(years)} {'lacks' if len(years) == 1 else 'lack'} {names.get(area, area)}'s QCEW"
                     for area, years in sorted(by_area.items(), key=lambda item: (min(item[1]), item[0])))


def suppression_note(industries: pd.DataFrame, area_count: int, start: int | None = None,
                     from_quarters: bool = False, agency: str = "BLS", end: int | None = None) -> str:
    """What BLS withheld, in words: industries suppressed everywhere (not drawn), those without employment in the
    first year compared (``start``: no growth, so not drawn either; they vanished from the chart without a word),
    for several counties how many have a county suppressed in ``start`` or ``end`` (the area's growth unknown, the
    others' shown marked partial and not scored) and how many have figures adding only the disclosed counties (a
    lower bound). Those two are counted, not listed: the table marks each industry and the CSV has its partial
    columns and suppressed counties (a region's caption listed eleven industries at length, twice). With
    ``from_quarters`` (annual averages worked out from quarterly files), a suppressed year may be one quarter's: said
    so, since BLS's annual file may publish the year."""
    names = industries["industry_title"].fillna(industries["industry_code"])
    hidden = names[industries["status"].eq("suppressed")].tolist()
    partial = industries[industries["status"].eq("partly suppressed")]
    notes = []
    if hidden:
        notes.append(f"Suppressed by {agency} (not drawn): " + ", ".join(hidden) + ".")
    if start is not None and "cagr" in industries:
        left_out = left_out_count(industries.get("areas_left_out", pd.Series("", index=industries.index)))
        some = left_out.gt(0) & ~industries["status"].eq("suppressed") & (area_count > 1)
        no_start = names[~industries["status"].eq("suppressed") & industries["cagr"].isna() & ~some].tolist()
        if no_start:
            notes.append(f"No employment figure for {start} (suppressed by {agency}, or none), so no growth "
                         "(not drawn): " + ", ".join(no_start) + ".")
        if some.any():
            years = f"{start} or {end}" if end is not None else "either year"
            notes.append(f"Growth is partial for {format_counted(int(some.sum()), 'industry', 'industries')}: "
                         f"{agency} suppressed a county in {years}, so the area's growth is not known; the other "
                         "counties' is shown instead, not scored, drawn hollow (where it can be worked out) and "
                         "marked \"partial\" in the table, with how many counties it rests on. The CSV gives it in "
                         "its \"partial\" columns and names the counties.")
    if not partial.empty:
        year = f" in {end}" if end is not None else ""
        notes.append(f"{format_counted(len(partial), 'industry', 'industries')} partly suppressed{year}: their "
                     "figures add the disclosed counties only, a lower bound, marked \"≥\" in the table with how "
                     "many counties were suppressed. The CSV gives the share of establishments in those counties.")
    if not notes:
        return "No value is suppressed here." if area_count else ""
    if from_quarters and (hidden or not partial.empty):
        notes.append("These annual averages are worked out from BLS's quarterly files, where one quarter BLS "
                     "withheld withholds the year; BLS's annual file may publish it (load it to see).")
    return " ".join(notes)


def no_change_because(agency: str = "BLS") -> str:
    """Why a county's file may carry no change over the year: ``agency`` (who withheld the cells, ``withheld_by``)
    withholds some; quarterly files (BLS's alone) have one only where all 12 monthly changes are disclosed."""
    return (f"{agency} withholds some; from quarterly files it is worked out where all 12 of BLS's monthly changes "
            "are disclosed, and quarterly files loaded by an earlier Sectorscope have none until loaded again")


def _county_list(fips_lists: pd.Series, county_names: Mapping[str, str] | None) -> list[str]:
    """The counties named in ``fips_lists`` (", "-joined FIPS, as ``industry_profile``'s without_change_1y), once
    each, by name where ``county_names`` has it, in order of FIPS."""
    codes = sorted({code for text in fips_lists.dropna() for code in str(text).split(", ") if code})
    return [(county_names or {}).get(code, code) for code in codes]


def change_1y_missing_because(industries: pd.DataFrame, end_year: int,
                              county_names: Mapping[str, str] | None = None, agency: str = "BLS") -> pd.Series:
    """Why an industry's 1-year change is missing where the year before ``end_year`` is not loaded and a county with
    jobs in it has no change over the year in its files (``industry_profile``'s without_change_1y): "2015 is not
    loaded and York County, Lebanon County have no change over the year for 2016 (...)"; "" elsewhere.
    The area's change is then left out, never the other counties' sum (a region's "+15.7%" was one county's).
    ``agency``: who withheld the cells (``withheld_by``)."""
    lacking = industries["without_change_1y"].fillna("").astype(str)
    reasons = [f"{end_year - 1} is not loaded and {', '.join(names)} {'has' if len(names) == 1 else 'have'} no "
               f"change over the year for {end_year} ({no_change_because(agency)})" if names else ""
               for names in (_county_list(pd.Series([text]), county_names) for text in lacking)]
    return pd.Series(reasons, index=industries.index, dtype=object)


def changes_withheld_because(industries: pd.DataFrame, start_year: int, end_year: int,
                             county_names: Mapping[str, str] | None = None) -> pd.Series:
    """Why an industry's changes are missing where an area was suppressed in either of their years
    (``industry_profile``'s areas_left_out, _1y and _5y): "growth 2013–2017: Steuben County suppressed in 2013 or
    2017; 1-year change: ..." ("" where none is): the CSV's and the command's words for the table's "1 of 3
    suppressed". With one year (``start_year`` = ``end_year``) there is no growth to withhold."""
    spans = [("1-year change", "areas_left_out_1y", end_year - 1), ("5-year change", "areas_left_out_5y", end_year - 5)]
    if start_year != end_year:
        spans.insert(0, (f"growth {start_year}–{end_year}", "areas_left_out", start_year))
    reasons = []
    for row in industries.to_dict("records"):
        parts = [f"{label}: {', '.join(names)} suppressed in {first} or {end_year}"
                 for label, column, first in spans
                 if (names := _county_list(pd.Series([row.get(column)]), county_names))]
        reasons.append("; ".join(parts))
    return pd.Series(reasons, index=industries.index, dtype=object)


def change_notes(industries: pd.DataFrame, end_year: int, not_loaded: list[int], area: str, area_count: int, *,
                 from_quarters: bool = False, county_names: Mapping[str, str] | None = None,
                 from_bls: bool = True, agency: str = "BLS") -> list[str]:
    """The notes under the Industry table on its 1- and 5-year changes, for an area of ``area_count`` counties
    (1 for a county or the state) whose files of the years ``not_loaded`` (``years_missing_an_area`` of
    ``end_year`` - 1 and - 5) are missing: where the 1-year change is BLS's published one, where it is missing
    because a county's files carry none (which industries, which counties), what a change marked partial is (a
    county suppressed in either year: ``industry_profile``'s areas_left_out_1y / _5y), and which changes cannot be
    given because a year is not loaded (for one county as for several). The published change is BLS's for BLS's
    own files (``from_bls``, ``is_from_bls``), else the loaded file's; ``agency`` withheld the cells."""
    notes = []
    unloaded = sorted(not_loaded, reverse=True)
    previous = end_year - 1
    if previous in unloaded:
        partial_1y = industries.get("partial_pct_change_1y", pd.Series(dtype="float64"))
        has_change = bool(industries["change_1y"].notna().any() or partial_1y.notna().any())
        lacking = industries[industries["areas_without_change_1y"].fillna(0).gt(0)]
        if has_change:
            several = area_count > 1
            notes.append(("1-year change: BLS's published change over the year, from " if from_bls else
                          "1-year change: the change over the year published in ")
                         + (f"each county's {end_year} file (summed over the counties)" if several
                            else f"the {end_year} file")
                         + f"; the {previous} QCEW file is not loaded."
                         + (" Where annual averages are made from quarterly files, the change is the mean of BLS's "
                            "12 monthly changes over the year." if from_quarters else ""))
        # where no county has a change at all, the year not loaded says it (the CSV still says why, row by row)
        some_have_one = has_change or len(_county_list(lacking["without_change_1y"], None)) < area_count
        if not lacking.empty and some_have_one:
            names = industries["industry_title"].fillna(industries["industry_code"])
            which = ("any industry" if len(lacking) == len(industries) else
                     ", ".join(names[lacking.index]))
            counties = _county_list(lacking["without_change_1y"], county_names)
            notes.append(f"No 1-year change for {which}: {previous} is not loaded and {', '.join(counties)} "
                         f"{'has' if len(counties) == 1 else 'have'} no change over the year for {end_year} "
                         f"({no_change_because(agency)})"
                         + ("; a sum of the other counties would read as the whole area's." if area_count > 1
                            else ".")
                         + " The CSV says why for each industry.")
        if has_change or (not lacking.empty and some_have_one):
            unloaded.remove(previous)
    marked = [label for label, column in (("1-year", "areas_left_out_1y"), ("5-year", "areas_left_out_5y"))
              if area_count > 1 and left_out_count(industries.get(column, pd.Series(dtype=object))).gt(0).any()]
    if marked:
        notes.append(f"{' and '.join(marked)} changes marked \"partial\": a county was suppressed in one of their two "
                     "years, so the change shown is the other counties' alone, not the area's (it can differ even in "
                     "sign). The CSV names the counties.")
    if unloaded:
        spans = " or ".join(f"{end_year - year}-year" for year in unloaded)
        years = " and ".join(map(str, sorted(unloaded)))
        if area_count > 1:
            notes.append(f"No {spans} change: {years} QCEW files are not loaded for every county of {area} "
                         "(a sum of the counties loaded would read as the whole area's).")
        else:  # a single county's "–" on every row went unexplained
            notes.append(f"No {spans} change: the {years} QCEW "
                         f"{'file is' if len(unloaded) == 1 else 'files are'} not loaded for {area}.")
    return notes


def possessive(name: str) -> str:
    """"Lancaster County's", "Lancaster and York counties'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


# lq_source values (``metrics.labor_market``) that name BLS, as they are written for QCEW that is not BLS's files (a
# qcew_annual.csv loaded through the template, the demo's): the values stay as the metrics' codes, their words follow
# the source. "from BLS's monthly LQs" is not here: only Sectorscope's reader of BLS's quarterly files makes it.
NOT_BLS_LQ_SOURCES = {"BLS published": "published in the loaded file",
                      "suppressed by BLS": "suppressed in the loaded file",
                      "from BLS-published LQs": "from LQs published in the loaded file"}
NOT_BLS_LQ_NAMES = {"BLS published": "LQ published in the loaded file",
                    "from BLS-published LQs": "from the LQs published in the loaded file (U.S. industry shares "
                                              "derived from them)"}


def lq_source_text(lq_sources: pd.Series, from_bls: bool) -> pd.Series:
    """Where each LQ comes from, as a CSV or the command writes it: ``lq_sources`` as they are for BLS's files
    (``from_bls``: ``is_from_bls``), else worded after the file loaded ("BLS published" is "published in the loaded
    file", "suppressed by BLS" "suppressed in the loaded file"): a template's file is not BLS's."""
    return lq_sources if from_bls else lq_sources.replace(NOT_BLS_LQ_SOURCES)


def lq_source_names(from_bls: bool) -> dict[str, str]:
    """Each lq_source as ``lq_source_text`` writes it -> how the page and the command name the LQs it marks
    (``LQ_SOURCES``); those of a file that is not BLS's (``from_bls`` False) worded after the file loaded ("LQ
    published in the loaded file", not "BLS-published LQ")."""
    if from_bls:
        return dict(LQ_SOURCES)
    return {NOT_BLS_LQ_SOURCES.get(source, source): NOT_BLS_LQ_NAMES.get(source, name)
            for source, name in LQ_SOURCES.items()}


def published_lq_name(from_bls: bool) -> str:
    """How the page names an LQ published in the file loaded (as ``lq_source_names``): "BLS-published LQ" in BLS's
    own files (``from_bls``), else "LQ published in the loaded file"."""
    return LQ_SOURCES["BLS published"] if from_bls else NOT_BLS_LQ_NAMES["BLS published"]


def lq_basis(lq_sources: pd.Series, series: str, from_bls: bool = True) -> str:
    """Where the LQs shown come from, in words (``series`` names the reference, e.g. "the U.S. series (US000)"):
    "BLS-published LQ", "computed from U.S. file" or "from BLS-published LQs (U.S. industry shares derived from
    them)", joined when they are mixed; for a file that is not BLS's (``from_bls`` False), its published LQs and
    suppressed cells are the loaded file's (``lq_source_names``)."""
    written = lq_source_text(lq_sources, from_bls)
    kinds = [name for source, name in lq_source_names(from_bls).items() if bool(written.eq(source).any())]
    if not kinds and len(lq_sources) and lq_sources.eq("suppressed by BLS").all():
        return ("none, BLS suppressed every industry's figures here" if from_bls else
                "none, every industry's figures here are suppressed in the loaded file")
    if not kinds:
        return (f"none, {series} is not loaded and the files carry no LQ "
                + ("published by BLS" if from_bls else "of their own"))
    return "; ".join(kinds)


def is_from_bls(loads: pd.DataFrame) -> bool:
    """Is the QCEW shown BLS's own files: does every load still in the table (``queries/qcew_loads``) record
    ``references.BLS_QCEW`` as its source? Not for a qcew_annual.csv loaded through the template (it records none),
    nor where no load is on record."""
    return bool(len(loads)) and bool(loads["source"].eq(references.BLS_QCEW).all())


def data_credit(loads: pd.DataFrame) -> str:
    """Whom the QCEW shown is credited to: the source each load still in the table recorded (``queries/qcew_loads``:
    BLS's files record ``references.BLS_QCEW``), and a file
    loaded through the qcew_annual.csv template, which records none, by its name: "your qcew_annual.csv (its
    source not recorded)" (New York DOL's figures loaded so were credited to BLS). "QCEW (source not recorded)"
    where no load is on record."""
    credits = [source if isinstance(source, str) and source.strip() else f"your {name} (its source not recorded)"
               for name, source in zip(loads["source_name"], loads["source"], strict=True)]
    return "; ".join(dict.fromkeys(credits)) or "QCEW (source not recorded)"


def withheld_by(loads: pd.DataFrame) -> str:
    """Who withheld the suppressed cells, as the notes name them: "BLS" where every load still in the table is
    BLS's (``data_credit``), else "the data's source" (a template's file, New York DOL's, was not BLS's)."""
    return "BLS" if is_from_bls(loads) else "the data's source"


BLS_FILES_URL = "https://www.bls.gov/cew/downloadable-data-files.htm"


def where_to_get(series: str, area_fips: str, years: list[int], state_postal: str | None) -> str:
    """Where to get a missing reference series: ``qcew fetch`` for the state (it downloads the U.S. and the
    statewide files with the counties), or the annual "by area" file from BLS's site, then ``qcew load``."""
    span = f"{min(years)}-{max(years)}" if len(years) > 1 else str(years[0]) if years else "YEARS"
    state = state_postal or "XX"
    file_name = "US000 U.S. TOTAL" if area_fips == "US000" else f"{area_fips} … Statewide"
    return (f"Get {series} with `python -m sectorscope qcew fetch --state {state} --years {span}` (it downloads "
            f"the U.S. and statewide files with the counties), or download the annual \"by area\" CSVs from "
            f"{BLS_FILES_URL} (the file named `YEAR.annual {file_name}.csv` for each year) and load them with "
            "`python -m sectorscope qcew load FILE...`.")


def missing_reference_note(series: str, years: list[int], has_published_lq: bool, reference_name: str,
                           end_year: int | None = None, from_bls: bool = True) -> str:
    """Which reference series is missing and what cannot be computed without it: with only the start year missing,
    shift-share alone (the end year's LQs can be, and the table shows them: the note said they could not). The
    published LQs are BLS's in BLS's own files (``from_bls``, ``is_from_bls``), else the loaded files'."""
    if end_year is not None and end_year not in years:
        return (f"{series[0].upper() + series[1:]} is not loaded for {', '.join(map(str, years))}, so shift-share "
                f"against {reference_name} cannot be computed (its location quotients, for {end_year}, can). Load "
                "that file for those years, or compare with the other reference.")
    publisher = "published by BLS in the county and state files" if from_bls else \
        "published in the loaded county and state files"
    what = (f"location quotients come from the LQs {publisher}, and shift-share "
            if has_published_lq else "location quotients and shift-share ")
    return (f"{series[0].upper() + series[1:]} is not loaded for {', '.join(map(str, years))}, so {what}against "
            f"{reference_name} cannot be computed from it. Load that file for those years, or compare with the "
            "other reference.")


RANKED_TAB = "Ranked as target sectors"  # the Industry page's tab of the ranked table


def left_out_of_scores(components: Sequence[str], start_year: int, end_year: int) -> str:
    """Why the target score leaves ``components`` out (``lm.components_unknown``: no industry here has them): growth
    needs two years; any other has no value here. The weights said "a suppressed component" of one year's QCEW."""
    reasons = []
    for name in components:
        if name == "growth" and start_year == end_year:
            reasons.append(f"Growth is left out of every score: it needs two years, and only {end_year} is chosen "
                           "or loaded.")
        elif name == "growth":
            reasons.append(f"Growth is left out of every score: no industry here has its employment known in both "
                           f"{start_year} and {end_year}.")
        else:
            reasons.append(f"{name.capitalize()} is left out of every score: no industry here has one.")
    return " ".join(reasons)


def bubble_note(start_year: int, end_year: int, has_lq: bool, series: str, reference_loaded: bool = True,
                agency: str = "BLS") -> str:
    """Why the LQ-growth chart has nothing to draw: one year only, the reference ``series`` not loaded (and no LQ
    from the files either: where the table shows LQs they published, the U.S. file is not blamed), or (with it
    loaded) no industry with an LQ, as where ``agency`` (who withheld the cells, ``withheld_by``) suppresses every
    industry of the area (it blamed the U.S. file)."""
    reasons = []
    if start_year == end_year:
        reasons.append(f"growth needs two years and only {end_year} is chosen or loaded")
    if not reference_loaded and not has_lq:
        reasons.append(f"no LQ can be computed without {series}")
    elif not has_lq:
        reasons.append(f"no industry in view has an LQ here: {agency} suppresses (or the area lacks) their "
                       "employment")
    return ("The concentration and growth chart has nothing to draw: " + "; ".join(reasons or
            ["no industry has both an LQ and a growth rate"]) + f". The tab \"{RANKED_TAB}\" still shows "
            "each industry's size and wages.")  # a tab beside it: "the table below" pointed at nothing (a reviewer)
