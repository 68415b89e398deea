"""A report chart (``content.Chart``) as a Plotly figure in large type, for presentation mode."""

from __future__ import annotations

import plotly.graph_objects as go

from sectorscope.charts import style
from sectorscope.charts.style import CATEGORY_COLORS
from sectorscope.export.content import Chart

TICK_FORMATS = {"dollars": "$,.2f", "dollars0": "$,.0f", "percent": ".0%", "count": ",d"}


def presentation_figure(chart: Chart, height: int = 560) -> go.Figure:
    """Grouped or stacked bars of the chart's series (None = no bar), labelled, readable from the back of a room."""
    horizontal = chart.kind == "bar"
    tick = TICK_FORMATS[chart.number_format]
    figure = go.Figure()
    for index, (name, values) in enumerate(chart.series):
        bar = {"x": values, "y": chart.categories, "orientation": "h"} if horizontal else {
            "x": chart.categories, "y": values}
        figure.add_trace(go.Bar(name=name, marker_color=CATEGORY_COLORS[index % len(CATEGORY_COLORS)],
                                texttemplate=f"%{{{'x' if horizontal else 'y'}:{tick}}}"
                                if len(chart.series) <= 2 and chart.kind != "stacked" else None,
                                textposition="outside", textfont={"size": 18}, **bar))
    figure.update_layout(
        barmode="stack" if chart.kind == "stacked" else "group", height=height, font={"size": 20},
        margin={"l": 20, "r": 20, "t": 20, "b": 20}, showlegend=len(chart.series) > 1,
        legend={"orientation": "h", "y": -0.15, "font": {"size": 18}}, plot_bgcolor="white", uniformtext_minsize=14,
    )
    value_axis = {"tickformat": tick, "gridcolor": style.GRID_PRESENTATION, "tickfont": {"size": 18}}
    if horizontal:
        figure.update_xaxes(**value_axis)
        figure.update_yaxes(autorange="reversed", type="category", tickfont={"size": 18})
    else:
        figure.update_yaxes(**value_axis)
        figure.update_xaxes(type="category", tickfont={"size": 18})
    return figure
