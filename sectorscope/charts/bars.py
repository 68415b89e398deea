"""Bar charts: DataFrame in, Plotly figure out."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sectorscope.charts.style import CATEGORY_COLORS, count_ticks, layout_of
from sectorscope.charts.traces import plain_trace


def count_bar(frame: pd.DataFrame, category: str, count: str, title: str, color: str = CATEGORY_COLORS[0],
              height: int = 300) -> go.Figure:
    """A horizontal bar per category, longest on top, each labelled with its value, level (Plotly turned a label
    inside a thin bar on its side)."""
    ordered = frame.sort_values(count)
    bar = plain_trace(go.Bar, x=ordered[count], y=ordered[category], orientation="h", marker_color=color,
                      text=ordered[count].map(lambda v: f"{v:,.0f}"), textposition="auto", textangle=0,
                      hovertemplate="%{y}: %{x:,}<extra></extra>")
    largest = float(ordered[count].max()) if len(ordered) else 0
    return go.Figure(bar, layout_of(title, height, top=40, xaxis={"title": None, **count_ticks(largest)},
                                    yaxis={"title": None}))
