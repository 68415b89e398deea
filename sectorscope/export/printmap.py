"""A page's Plotly county map drawn again on the server as an SVG picture, for printing.

Browsers print a map's WebGL canvas as a blank box, so a printed page shows this picture of the same figure instead:
the same counties filled with the same colours (each trace's colour scale between its ``zmin`` and ``zmax``), its
colour bar or legend, and the region outlines the figure draws as line layers. The title and source stay as text
beside the picture (``figure_text``), so a printed page can be searched.

SVG, written here from the projected shapes (pyproj projects every coordinate of the picture in one call, from the
figure's own GeoJSON arrays): it prints sharp at any size, and needs no plotting library. matplotlib, as the first
version used, took 0.5 s to import on the first page's first run, while the browser was still drawing the first chart
(issue 16's startup); geopandas, the second, cost a rerun 30-40 ms per map to build and reproject its frames.
Pure: figure in, text out.
"""

from __future__ import annotations

import contextlib
import functools
import html
import itertools
import math
import re
import threading
from collections.abc import Sequence

import cachetools
import numpy as np
import plotly.graph_objects as go
from plotly.colors import unlabel_rgb

from sectorscope.charts import style
from sectorscope.export.figures import SOURCE_NOTE, figure_title
from sectorscope.extent import area_projection
from sectorscope.rounding import half_up


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


def _ring_arrays(coordinates: object) -> list[np.ndarray]:
    """Every ring or line of a GeoJSON geometry's coordinates (polygons: outer, then holes; nested for multi-parts),
    each an (n, 2) array of lon, lat; rings given as lists of positions or already as arrays
    (``sources.geo.compact_geometry``)."""
    if isinstance(coordinates, np.ndarray):
        return [coordinates] if len(coordinates) else []
    if not coordinates:
        return []
    first = coordinates[0]
    if not isinstance(first, list | tuple | np.ndarray) or (not isinstance(first, np.ndarray) and first
                                                            and not isinstance(first[0], list | tuple | np.ndarray)):
        return [np.asarray(coordinates, dtype=float)]  # a ring of positions: [[x, y], ...]
    return [ring for part in coordinates for ring in _ring_arrays(part)]


def _geometry_rings(geometry: dict) -> list[np.ndarray]:
    if geometry.get("type") == "GeometryCollection":
        return [ring for part in geometry.get("geometries", ()) for ring in _geometry_rings(part)]
    return _ring_arrays(geometry.get("coordinates"))


def _fills(trace) -> list[tuple[list[np.ndarray], tuple[float, float, float]]]:
    """The trace's counties with their fill colours, as (rings in lon/lat, colour): z placed in [zmin, zmax] and read
    off the colour scale; a county without a shape or a value is not filled."""
    shapes = {str(feature.get("id")): feature["geometry"] for feature in (trace.geojson or {}).get("features", ())}
    locations = [str(code) for code in trace.locations]
    values = [None if value is None else float(value) for value in trace.z]
    low, high = _range(trace, values)
    scale = _scale(trace)
    fills = []
    for fips, value in zip(locations, values, strict=True):
        if fips not in shapes or value is None or math.isnan(value):
            continue
        position = min(max((value - low) / (high - low), 0.0), 1.0)
        fills.append((_geometry_rings(shapes[fips]), _sample(scale, position)))
    return fills


@functools.cache
def _to_equal_area(projection: str):
    """pyproj's transformer from longitude/latitude to ``projection`` (a PROJ string), made once per projection."""
    from pyproj import Transformer  # only when a map is drawn: the first page sends its first chart before this

    return Transformer.from_crs("EPSG:4326", projection, always_xy=True)


# Projected rings by their projection and lon/lat coordinates' bytes, at most PROJECTED_RING_BYTES of them (keys and
# values): pyproj makes its PROJ transformer anew in each thread that uses it, and Streamlit runs each rerun in a new
# thread, so every map page's rerun paid 12 ms to project Pennsylvania's 2,312 points, 0.4 ms once it is made.
PROJECTED_RING_BYTES = 8 * 1024 * 1024
_PROJECTED_RINGS: cachetools.LRUCache = cachetools.LRUCache(maxsize=PROJECTED_RING_BYTES,
                                                            getsizeof=lambda ring: 3 * ring.nbytes)
_PROJECTED_RINGS_LOCK = threading.Lock()


def _ring_box(ring: np.ndarray) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a ring of lon/lat points."""
    (west, south), (east, north) = ring.min(axis=0), ring.max(axis=0)
    return float(west), float(south), float(east), float(north)


def _projected(shapes: list[list[np.ndarray]], projection: str) -> list[list[np.ndarray]]:
    """Each shape's rings projected to ``projection`` (metres): the rings projected before taken from
    ``_PROJECTED_RINGS``, the others projected in one call."""
    rings = [ring for shape in shapes for ring in shape]
    keys = [(projection, np.ascontiguousarray(ring, dtype=float).tobytes()) for ring in rings]
    with _PROJECTED_RINGS_LOCK:
        found = {key: _PROJECTED_RINGS.get(key) for key in keys}
    new = [(key, ring) for key, ring in zip(keys, rings, strict=True) if found[key] is None]
    if new:
        lon_lat = np.concatenate([ring for _, ring in new])
        x, y = _to_equal_area(projection).transform(lon_lat[:, 0], lon_lat[:, 1])
        points = np.column_stack([x, y])
        ends = np.cumsum([len(ring) for _, ring in new])
        with _PROJECTED_RINGS_LOCK:
            for (key, _), projected_ring in zip(new, np.split(points, ends[:-1]), strict=True):
                projected_ring = projected_ring.copy()  # not a view holding every other ring of the call
                projected_ring.flags.writeable = False  # shared by every picture that draws this ring
                found[key] = projected_ring
                with contextlib.suppress(ValueError):  # a ring larger than the whole budget is not kept
                    _PROJECTED_RINGS[key] = projected_ring
    flat = [found[key] for key in keys]
    projected, at = [], 0
    for shape in shapes:
        projected.append(flat[at:at + len(shape)])
        at += len(shape)
    return projected


def _tick_text(value: float, tick_format: str | None) -> str:
    """A colour-bar tick as Plotly's d3 ``tickformat`` writes it, for the formats the maps use ($.2f, d)."""
    if tick_format and "$" in tick_format:  # rounded a half away from zero, as d3-format does
        return f"-${half_up(abs(value), 2):,.2f}" if value < 0 else f"${half_up(value, 2):,.2f}"
    if tick_format == "d":
        return f"{half_up(value):,.0f}"
    return f"{value:g}"


def _hex(colour: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in colour)


def _ticks(trace, low: float, high: float) -> list[tuple[float, str]]:
    """The colour bar's ticks as (value, text): its own ``tickvals``/``ticktext``, else every ``dtick`` from the
    bottom of the range, else five even steps."""
    colour_bar = trace.colorbar
    if colour_bar.tickvals is not None:
        return [(float(value), str(text)) for value, text in
                zip(colour_bar.tickvals, colour_bar.ticktext or colour_bar.tickvals, strict=True)
                if low <= float(value) <= high]
    step = float(colour_bar.dtick) if colour_bar.dtick is not None else None
    values = ([low + step * i for i in range(int((high - low) / step) + 1)] if step
              else [low + (high - low) * i / 4 for i in range(5)])
    return [(value, _tick_text(value, colour_bar.tickformat)) for value in values]


def _text(x: float, y: float, text: str, size: int, anchor: str = "middle") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{style.BLACK}">'
            f"{html.escape(text)}</text>")


def _colour_bar(trace, left: float, top: float, width: float) -> list[str]:
    """The trace's horizontal colour bar at (left, top), ``width`` wide: its title above, a gradient through the
    scale's stops, and its ticks below."""
    low, high = _range(trace, [None if value is None else float(value) for value in trace.z])
    stops = "".join(f'<stop offset="{position:.4f}" stop-color="{_hex(colour)}"/>'
                    for position, colour in _scale(trace))
    parts = [f'<defs><linearGradient id="colour-bar">{stops}</linearGradient></defs>',
             f'<rect x="{left:.1f}" y="{top:.1f}" width="{width:.1f}" height="10" fill="url(#colour-bar)"/>']
    title = trace.colorbar.title.text if trace.colorbar.title is not None else None
    if title:
        parts.append(_text(left + width / 2, top - 5, plain_text(title), 11))
    for value, text in _ticks(trace, low, high):
        x = left + width * (value - low) / (high - low)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top + 10:.1f}" y2="{top + 13:.1f}" '
                     f'stroke="{style.BLACK}" stroke-width="0.8"/>')
        parts.append(_text(x, top + 24, text, 9))
    return parts


def _path(rings: list[np.ndarray], origin: tuple[float, float], offset: tuple[float, float], scale: float) -> str:
    """SVG path data of projected rings, each point placed on the picture: (x - west, north - y) * scale + offset,
    a closed ring ending in "Z"."""
    data = []
    for ring in rings:
        placed = ((ring - origin) * (scale, -scale) + offset).tolist()
        closed = bool((ring[0] == ring[-1]).all())
        data.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in placed) + ("Z" if closed else ""))
    return "".join(data)


def figure_map_svg(figure: go.Figure, width_px: int = 700, height_px: int = 460) -> str | None:
    """An SVG picture of the figure's county map as the page draws it (None when the figure holds no map): every
    ``choroplethmap`` trace's counties in their colours with their border colour, line layers (region outlines),
    a colour bar for a trace that shows its scale and a legend for single-colour traces shown in the legend. The
    shapes are projected to an equal-area plane centred on them (``extent.area_projection``, as the decks' maps) and
    fitted into the picture, north up."""
    traces = [trace for trace in figure.data if trace.type == "choroplethmap"]
    if not traces:
        return None
    scaled = [trace for trace in traces if trace.showscale is not False and trace.colorbar is not None
              and len(trace.locations or ()) > 0]
    legend = [trace for trace in traces if trace.showlegend and trace.name]
    room = 0.2 * height_px if scaled or legend else 0.02 * height_px
    filled = []  # (rings, fill colour, border colour) per county
    for trace in traces:
        line = trace.marker.line if trace.marker is not None else None
        border = line.color if line is not None and line.color else style.WHITE
        filled += [(rings, colour, border) for rings, colour in _fills(trace)]
    outlines = []  # (rings, colour, width) per outline
    for layer in (figure.layout.map.layers or ()) if figure.layout.map is not None else ():
        if layer.type == "line" and isinstance(layer.source, dict) and layer.source.get("features"):
            outlines += [(_geometry_rings(feature["geometry"]), layer.color or style.BLACK,
                          (layer.line.width or 1.5) * 0.6) for feature in layer.source["features"]]
    shapes = [rings for rings, *_ in filled + outlines]
    projection = area_projection([_ring_box(ring) for rings in shapes for ring in rings if len(ring)])
    projected = _projected(shapes, projection)
    parts = []
    points = [ring for shape in projected for ring in shape]
    if points:
        every = np.concatenate(points)
        (west, south), (east, north) = every.min(axis=0), every.max(axis=0)
        box_width, box_height = width_px - 8.0, height_px - room - 8.0
        scale = min(box_width / max(east - west, 1.0), box_height / max(north - south, 1.0))
        offset = (4.0 + (box_width - (east - west) * scale) / 2, 4.0 + (box_height - (north - south) * scale) / 2)
        origin = (west, north)
        for rings, (_, colour, border) in zip(projected[:len(filled)], filled, strict=True):
            parts.append(f'<path d="{_path(rings, origin, offset, scale)}" fill="{_hex(colour)}" '
                         f'fill-rule="evenodd" stroke="{border}" stroke-width="0.6"/>')
        for rings, (_, colour, width) in zip(projected[len(filled):], outlines, strict=True):
            parts.append(f'<path d="{_path(rings, origin, offset, scale)}" fill="none" stroke="{colour}" '
                         f'stroke-width="{width:.2f}" stroke-linejoin="round"/>')
    legend_left = width_px * 0.56 if scaled else width_px * 0.1
    if scaled:  # under the map, in the middle; left of the legend when there is one
        bar_left = width_px * (0.3 if not legend else 0.08)
        parts += _colour_bar(scaled[-1], bar_left, height_px - room * 0.6, width_px * 0.4)
    for index, trace in enumerate(legend):
        per_row = 1 if scaled else min(len(legend), 4)
        x = legend_left + (index % per_row) * width_px * 0.2
        y = height_px - room * 0.8 + (index // per_row) * 14
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="10" height="10" fill="{_hex(_scale(trace)[-1][1])}" '
                     f'stroke="{style.SHAPE_EDGE}" stroke-width="0.5"/>')
        parts.append(_text(x + 14, y + 9, trace.name, 10, anchor="start"))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width_px}" height="{height_px}" '
            f'viewBox="0 0 {width_px} {height_px}" font-family="sans-serif">'
            f'<rect width="{width_px}" height="{height_px}" fill="{style.WHITE}"/>' + "".join(parts) + "</svg>")
