"""Showcase charts: simple, labelled bars from the public release (DataFrame in, Plotly figure out)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sectorscope.charts import style
from sectorscope.charts.style import CATEGORY_COLORS, layout_of
from sectorscope.charts.traces import plain_trace
from sectorscope.present.formatting import PLOTLY_FORMATS


def _figure(bars: go.Bar, title: str, height: int, xaxis: dict | None = None, yaxis: dict | None = None,
            marks: go.Scatter | None = None) -> go.Figure:
    """The bars (and ``marks`` in words, if any) with the house layout, fixed (no zoom on a phone), without a legend;
    built whole, so the layout is validated once."""
    return go.Figure(data=[bars, *([marks] if marks else [])], layout=layout_of(title, height, top=40, showlegend=False,
                                                   xaxis={"title": None, "fixedrange": True, **(xaxis or {})},
                                                   yaxis={"title": None, "fixedrange": True, **(yaxis or {})}))


def labelled_bars(frame: pd.DataFrame, label: str, value: str, title: str, text_format, hover_unit: str = "",
                  color: str = CATEGORY_COLORS[0], axis_format: str | None = None) -> go.Figure:
    """A horizontal bar per shown row, largest on top, each labelled with its value; the value axis ticked in
    ``axis_format`` (a key of ``PLOTLY_FORMATS``: "$0.50", not Plotly's bare "0.5" beside bars labelled "+$0.68").
    A row without a value (NaN) keeps its place at the foot, marked in words at the axis as ``yearly_bars`` marks a
    year: "hidden for privacy" or "no one to count" (the chart, and a PNG of it, dropped them, and only the sentence
    above named them: a public visitor)."""
    shown = frame[frame[value].notna()].sort_values(value)
    unshown = frame[frame[value].isna()]
    hidden = _hidden_flags(unshown, value)
    marks = plain_trace(go.Scatter, x=[0] * len(unshown), y=unshown[label], mode="text",
                        text=[UNSHOWN_WORDS[bool(is_hidden)] for is_hidden in hidden], textposition="middle right",
                        textfont={"color": style.NOTE_TEXT, "size": 12}, cliponaxis=False,  # past 0 when raises fall
                        hovertemplate="%{y}: %{text}<extra></extra>") if len(unshown) else None
    bars = plain_trace(go.Bar, x=shown[value], y=shown[label], orientation="h", marker_color=color,
                       text=shown[value].map(text_format), textposition="auto",
                       hovertemplate="%{y}: %{text}" + hover_unit + "<extra></extra>")
    return _figure(bars, title, max(220, 60 + 34 * len(frame)),
                   xaxis={"tickformat": PLOTLY_FORMATS[axis_format]} if axis_format else None,
                   yaxis={"type": "category", "categoryorder": "array",
                          # bottom to top: the unshown in reverse, so that they read in the frame's order downwards
                          "categoryarray": [*map(str, unshown[label][::-1]), *map(str, shown[label])]},
                   marks=marks)


def _hidden_flags(unshown: pd.DataFrame, value: str) -> pd.Series:
    """Per row without a value: hidden for privacy (its ``<value>_hidden`` flag; every one where the frame has no
    flags, as ``describe`` counts them) or not (no one to count)."""
    flag = f"{value}_hidden"
    return unshown[flag].fillna(False).astype(bool) if flag in unshown else pd.Series(True, index=unshown.index)


UNSHOWN_WORDS = {True: "hidden for privacy", False: "no one to count"}  # a row's mark in place of its bar
UNSHOWN_YEAR_WORDS = {True: "hidden", False: "none"}  # a year's mark in place of its bar: hidden for privacy, or no one


def yearly_bars(frame: pd.DataFrame, year: str, value: str, title: str, color: str = CATEGORY_COLORS[2]) -> go.Figure:
    """A vertical bar per year with a shown value, labelled with it; the counts axis written as the labels write
    counts ("1,500", where Plotly writes "1500", and "12,000" where it writes "12k"). Every year of ``frame`` keeps
    its place on the axis: one without a value (NaN) is marked in words at the axis, "hidden" (for privacy: its
    ``<value>_hidden`` flag, or every missing value where the frame has none, as ``describe`` counts them) or "none"
    (no one to count), never left off the axis (the years beside it then read as neighbours) nor drawn as 0."""
    shown = frame[frame[value].notna()]
    unshown = frame[frame[value].isna()]
    hidden = _hidden_flags(unshown, value)
    words = [UNSHOWN_YEAR_WORDS[bool(is_hidden)] for is_hidden in hidden]
    marks = plain_trace(go.Scatter, x=unshown[year].astype(str), y=[0] * len(unshown), mode="text", text=words,
                        textposition="top center", textfont={"color": style.NOTE_TEXT, "size": 12},
                        hovertemplate=[f"%{{x}}: {UNSHOWN_WORDS[bool(is_hidden)]}<extra></extra>"
                                       for is_hidden in hidden]) if len(unshown) else None
    # the labels in the ink the bar's colour needs (white on the green read 3.4:1, under WCAG's 4.5:1)
    bars = plain_trace(go.Bar, x=shown[year].astype(str), y=shown[value], marker_color=color,
                       text=shown[value].map(lambda v: f"{v:,.0f}"), textposition="auto",
                       insidetextfont={"color": style.text_on(color)}, outsidetextfont={"color": style.INK},
                       hovertemplate="%{x}: %{y:,}<extra></extra>")
    return _figure(bars, title, 300, xaxis={"type": "category", "categoryorder": "array",
                                            "categoryarray": [str(label) for label in frame[year]]},
                   yaxis={"tickformat": PLOTLY_FORMATS["count"]}, marks=marks)
