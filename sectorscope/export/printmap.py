"""A page's Plotly county map drawn again on the server (geopandas + matplotlib) as a PNG, for printing.

Browsers print a map's WebGL canvas as a blank box, so a printed page shows this picture of the same figure instead:
the same counties filled with the same colours (each trace's colour scale between its ``zmin`` and ``zmax``), its
colour bar or legend, and the region outlines the figure draws as line layers. The title and source stay as text
beside the picture (``figure_text``), so a printed page can be searched. Pure: figure in, bytes out.
"""

from __future__ import annotations

import io
import itertools
import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import plotly.graph_objects as go
from plotly.colors import unlabel_rgb

from sectorscope.charts import style
from sectorscope.export.figures import SOURCE_NOTE, figure_title

if TYPE_CHECKING:
    import geopandas as gpd

EQUAL_AREA = "EPSG:5070"  # Conus Albers, as the decks' and one-pagers' maps (export.mapimage)


def is_map(figure: go.Figure) -> bool:
    """Does the figure draw a county map (a ``choroplethmap`` trace)?"""
    return any(trace.type == "choroplethmap" for trace in figure.data)


def plain_text(text: str) -> str:
    """Plotly's title or annotation HTML as plain lines (``<br>`` a new line, other tags dropped)."""
    return re.sub(r"<[^>]+>", "", re.sub(r"<br\s*/?>", "\n", text or "")).strip()


def figure_text(figure: go.Figure) -> tuple[str, str]:
    """The figure's title and its source note (``export.figures.with_source``), as plain text ("" when absent)."""
    note = next((annotation.text for annotation in figure.layout.annotations if annotation.name == SOURCE_NOTE), "")
    return plain_text(figure_title(figure)), plain_text(note)


def _colour(value: str) -> tuple[float, float, float]:
    """A Plotly colour (an rgb triple in text, or hex) as matplotlib's (r, g, b) in 0..1."""
    if value.startswith("#"):
        return tuple(int(value[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return tuple(channel / 255 for channel in unlabel_rgb(value)[:3])


def _scale(trace) -> list[tuple[float, tuple[float, float, float]]]:
    """The trace's colour scale as (position, (r, g, b)) stops."""
    return [(float(position), _colour(str(colour))) for position, colour in trace.colorscale]


def _sample(scale: list[tuple[float, tuple[float, float, float]]], position: float) -> tuple[float, float, float]:
    """The colour at ``position`` (0..1) of a scale, linear in RGB between its stops, as Plotly interpolates."""
    for (start, low), (end, high) in itertools.pairwise(scale):
        if position <= end:
            share = 0.0 if end == start else (position - start) / (end - start)
            return tuple(a + (b - a) * share for a, b in zip(low, high, strict=True))
    return scale[-1][1]


def _range(trace, values: Sequence[float]) -> tuple[float, float]:
    """The trace's colour range: its ``zmin``/``zmax``, else the values' own."""
    finite = [value for value in values if value is not None and not math.isnan(value)]
    low = trace.zmin if trace.zmin is not None else min(finite, default=0.0)
    high = trace.zmax if trace.zmax is not None else max(finite, default=1.0)
    return float(low), float(high) if high > low else float(low) + 1.0


def _fills(trace) -> gpd.GeoDataFrame:
    """The trace's counties with their fill colours: z placed in [zmin, zmax] and read off the colour scale."""
    import geopandas as gpd  # only when a map is drawn: the first page sends its first chart before this
    import shapely
    shapes = {str(feature.get("id")): feature["geometry"] for feature in (trace.geojson or {}).get("features", ())}
    locations = [str(code) for code in trace.locations]
    values = [None if value is None else float(value) for value in trace.z]
    low, high = _range(trace, values)
    scale = _scale(trace)
    colours, geometries = [], []
    for fips, value in zip(locations, values, strict=True):
        if fips not in shapes or value is None or math.isnan(value):
            continue
        position = min(max((value - low) / (high - low), 0.0), 1.0)
        colours.append(_sample(scale, position))
        geometries.append(shapely.geometry.shape(shapes[fips]))
    return gpd.GeoDataFrame({"colour": colours}, geometry=geometries, crs="EPSG:4326")


def _tick_text(value: float, tick_format: str | None) -> str:
    """A colour-bar tick as Plotly's d3 ``tickformat`` writes it, for the formats the maps use ($.2f, d)."""
    if tick_format and "$" in tick_format:
        return f"-${abs(value):,.2f}" if value < 0 else f"${value:,.2f}"
    if tick_format == "d":
        return f"{value:,.0f}"
    return f"{value:g}"


def _colour_bar(figure, trace, box: tuple[float, float, float, float]) -> None:
    """The trace's horizontal colour bar in ``box``, with its title and ticks."""
    low, high = _range(trace, [None if value is None else float(value) for value in trace.z])
    from matplotlib.colorbar import Colorbar
    from matplotlib.colors import LinearSegmentedColormap, Normalize

    colour_map = LinearSegmentedColormap.from_list("scale", _scale(trace))
    axes = figure.add_axes(box)
    bar = Colorbar(axes, cmap=colour_map, norm=Normalize(low, high), orientation="horizontal")
    colour_bar = trace.colorbar
    if colour_bar.tickvals is not None:
        ticks = [(float(value), str(text)) for value, text in
                 zip(colour_bar.tickvals, colour_bar.ticktext or colour_bar.tickvals, strict=True)
                 if low <= float(value) <= high]
    else:
        step = float(colour_bar.dtick) if colour_bar.dtick is not None else None
        values = ([low + step * i for i in range(int((high - low) / step) + 1)] if step
                  else [low + (high - low) * i / 4 for i in range(5)])
        ticks = [(value, _tick_text(value, colour_bar.tickformat)) for value in values]
    bar.set_ticks([value for value, _ in ticks], labels=[text for _, text in ticks], fontsize=7)
    bar.outline.set_visible(False)
    title = colour_bar.title.text if colour_bar.title is not None else None
    if title:
        axes.set_title(plain_text(title), fontsize=8)


def figure_map_png(figure: go.Figure, width_in: float = 7.0, height_in: float = 4.6, dpi: int = 130) -> bytes | None:
    """PNG of the figure's county map as the page draws it (None when the figure holds no map): every
    ``choroplethmap`` trace's counties in their colours, white borders, line layers (region outlines), a colour
    bar for a trace that shows its scale and a legend for single-colour traces shown in the legend.

    Drawn with matplotlib's object API (no pyplot), so it is safe to call from any thread.
    """
    # matplotlib and geopandas only when a map is really drawn: importing the pages must not load them
    # (tests/test_startup_imports.py)
    import geopandas as gpd
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    traces = [trace for trace in figure.data if trace.type == "choroplethmap"]
    if not traces:
        return None
    scaled = [trace for trace in traces if trace.showscale is not False and trace.colorbar is not None
              and len(trace.locations or ()) > 0]
    legend = [trace for trace in traces if trace.showlegend and trace.name]
    room = 0.2 if scaled or legend else 0.02
    drawing = Figure(figsize=(width_in, height_in), dpi=dpi)
    axes = drawing.add_axes((0.0, room, 1.0, 1.0 - room - 0.02))
    for trace in traces:
        fills = _fills(trace)
        if fills.empty:
            continue
        line = trace.marker.line if trace.marker is not None else None
        fills.to_crs(EQUAL_AREA).plot(ax=axes, color=list(fills["colour"]),
                                      edgecolor=(line.color if line is not None and line.color else style.WHITE),
                                      linewidth=0.5)
    for layer in (figure.layout.map.layers or ()) if figure.layout.map is not None else ():
        if layer.type == "line" and isinstance(layer.source, dict) and layer.source.get("features"):
            outlines = gpd.GeoDataFrame.from_features(layer.source["features"], crs="EPSG:4326")
            outlines.to_crs(EQUAL_AREA).boundary.plot(ax=axes, color=layer.color or style.BLACK,
                                                       linewidth=(layer.line.width or 1.5) * 0.6)
    axes.set_axis_off()
    axes.set_aspect("equal")
    if scaled:  # under the map, in the middle; left of the legend when there is one
        _colour_bar(drawing, scaled[-1], (0.3 if not legend else 0.08, room * 0.3, 0.4, room * 0.22))
    if legend:
        handles = [Patch(facecolor=_scale(trace)[-1][1], edgecolor=style.SHAPE_EDGE, label=trace.name)
                   for trace in legend]
        drawing.legend(handles=handles, fontsize=7, frameon=False, ncols=1 if scaled else min(len(handles), 4),
                       **({"loc": "center left", "bbox_to_anchor": (0.56, room * 0.45)} if scaled
                          else {"loc": "lower center", "bbox_to_anchor": (0.5, 0.0)}))
    buffer = io.BytesIO()
    drawing.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()
