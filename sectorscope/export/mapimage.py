"""A county map drawn on the server without a browser: as PNG bytes for decks and PDFs (geopandas + matplotlib),
and as SVG text for printing a page (no plotting library: a page run stays light)."""

from __future__ import annotations

import html
import io
import json

import numpy as np

from sectorscope.charts import style
from sectorscope.export.content import CountyMap

NO_SHAPE = style.WHITE
# EPSG:5070 (NAD83 / Conus Albers), the projection the PNG is drawn in: standard parallels, origin (degrees)
ALBERS_PARALLELS = (29.5, 45.5)
ALBERS_ORIGIN = (23.0, -96.0)
MAP_SHARE = 0.87  # of the image's height, above the legend (as the PNG's axes)
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"


def county_map_png(county_map: CountyMap, width_in: float = 6.0, height_in: float = 4.2, dpi: int = 150,
                   title: bool = True, highlight: tuple[str, ...] = ()) -> bytes:
    """PNG of the counties filled by their category's colour, with a title and a legend; the ``highlight``
    counties outlined in black.

    Drawn with matplotlib's object API (no pyplot), so it is safe to call from any thread.
    """
    import geopandas as gpd
    import shapely
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    shapes = county_map.counties.dropna(subset=["geometry_geojson"])
    frame = gpd.GeoDataFrame(
        {"county_fips": shapes["county_fips"].to_numpy()},
        geometry=shapely.from_geojson(shapes["geometry_geojson"].to_numpy()), crs="EPSG:4326")
    colours = dict(county_map.legend)
    frame["colour"] = [colours.get(county_map.category_of.get(fips, ""), NO_SHAPE) for fips in frame["county_fips"]]
    figure = Figure(figsize=(width_in, height_in), dpi=dpi)
    axes = figure.add_axes((0.0, 0.13, 1.0, 0.77 if title else 0.87))
    projected = frame.to_crs("EPSG:5070")
    projected.plot(ax=axes, color=frame["colour"], edgecolor=style.SHAPE_EDGE, linewidth=0.4)
    chosen = projected[projected["county_fips"].isin(highlight)]
    if not chosen.empty:
        chosen.dissolve().boundary.plot(ax=axes, color=style.BLACK, linewidth=1.6)
    axes.set_axis_off()
    axes.set_aspect("equal")
    used = set(county_map.category_of.values())
    handles = [Patch(facecolor=colour, edgecolor=style.SHAPE_EDGE, label=label) for label, colour in county_map.legend
               if label in used]
    axes.legend(handles=handles, title=county_map.legend_title, loc="upper center", fontsize=7, title_fontsize=8,
                frameon=False, ncols=min(len(handles), 5) or 1, bbox_to_anchor=(0.5, 0.0))
    if title:
        figure.suptitle(county_map.title, fontsize=11, y=0.97)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def albers(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Albers equal-area conic on the sphere, with EPSG:5070's parallels and origin (unit radius).

    n = (sin φ1 + sin φ2) / 2, C = cos² φ1 + 2 n sin φ1, ρ(φ) = √(C − 2 n sin φ) / n, θ = n (λ − λ0);
    x = ρ sin θ, y = ρ(φ0) − ρ cos θ (Snyder, *Map Projections: A Working Manual*, 1987, eq. 14-1 to 14-4).
    On a state's extent it differs from the ellipsoidal EPSG:5070 by a scale factor and about a pixel of shape
    (0.1% of Pennsylvania's width).
    """
    phi1, phi2 = np.radians(ALBERS_PARALLELS)
    phi0, lambda0 = np.radians(ALBERS_ORIGIN)
    n = (np.sin(phi1) + np.sin(phi2)) / 2
    c = np.cos(phi1) ** 2 + 2 * n * np.sin(phi1)
    rho = np.sqrt(c - 2 * n * np.sin(np.radians(lat))) / n
    theta = n * (np.radians(lon) - lambda0)
    return rho * np.sin(theta), np.sqrt(c - 2 * n * np.sin(phi0)) / n - rho * np.cos(theta)


def _rings(geometry: dict) -> list[np.ndarray]:
    """Every ring (outer and holes) of a GeoJSON Polygon or MultiPolygon, as (lon, lat) arrays."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [np.asarray(ring, dtype=float) for polygon in polygons for ring in polygon if len(ring) >= 3]


def county_map_svg(county_map: CountyMap, width_px: int = 910, height_px: int = 572,
                   highlight: tuple[str, ...] = ()) -> str:
    """SVG of the counties filled by their category's colour with the legend below (the PNG's layout, without a
    title), the ``highlight`` counties drawn over in a black outline. Pure string building on the stored outlines:
    no plotting library, a few milliseconds, vector sharp in print."""
    shapes = county_map.counties.dropna(subset=["geometry_geojson"])
    colours = dict(county_map.legend)
    counties = []  # (fips, colour, projected rings)
    for fips, text in zip(shapes["county_fips"], shapes["geometry_geojson"], strict=True):
        rings = [np.column_stack(albers(ring[:, 0], ring[:, 1])) for ring in _rings(json.loads(text))]
        counties.append((fips, colours.get(county_map.category_of.get(fips, ""), NO_SHAPE), rings))
    points = np.vstack([ring for _, _, rings in counties for ring in rings]) if counties else np.zeros((1, 2))
    (left, bottom), (right, top) = points.min(axis=0), points.max(axis=0)
    map_height = height_px * MAP_SHARE
    margin = 0.04 * min(width_px, map_height)
    scale = min((width_px - 2 * margin) / max(right - left, 1e-12), (map_height - 2 * margin) / max(top - bottom,
                                                                                                     1e-12))
    shift_x = (width_px - (right - left) * scale) / 2
    shift_y = (map_height - (top - bottom) * scale) / 2

    def path(rings: list[np.ndarray], closed: bool = True) -> str:
        parts = []
        for ring in rings:
            xs = (ring[:, 0] - left) * scale + shift_x
            ys = (top - ring[:, 1]) * scale + shift_y
            parts.append("M" + " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
                         + ("Z" if closed else ""))
        return "".join(parts)

    edge = 0.4 * 130 / 72  # the PNG's line widths in points, at its 130 dpi
    body = [f'<path d="{path(rings)}" fill="{colour}" stroke="{style.SHAPE_EDGE}" stroke-width="{edge:.2f}" '
            f'fill-rule="evenodd"><title>{html.escape(str(fips))}</title></path>' for fips, colour, rings in counties]
    chosen = shapes[shapes["county_fips"].isin(highlight)]
    if not chosen.empty:  # the chosen counties' outer border, as the PNG's dissolve draws it
        import shapely

        border = shapely.union_all(shapely.from_geojson(chosen["geometry_geojson"].to_numpy())).boundary
        lines = [np.column_stack(albers(*np.asarray(line.coords, dtype=float).T))
                 for line in shapely.get_parts(shapely.line_merge(border))]
        body.append(f'<path d="{path(lines, closed=False)}" fill="none" stroke="{style.BLACK}" '
                    f'stroke-width="{4 * edge:.2f}" stroke-linejoin="round"/>')
    body.extend(_legend(county_map, width_px, map_height))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width_px}" height="{height_px}" '
            f'viewBox="0 0 {width_px} {height_px}" font-family="{FONT}">'
            f'<rect width="{width_px}" height="{height_px}" fill="{style.WHITE}"/>{"".join(body)}</svg>')


def _legend(county_map: CountyMap, width_px: int, top: float) -> list[str]:
    """The legend under the map: its title, then a swatch and label per category in use, up to five a row."""
    used = set(county_map.category_of.values())
    entries = [(label, colour) for label, colour in county_map.legend if label in used]
    title_size, label_size = 14, 12.5  # 8 pt and 7 pt at 130 dpi, as the PNG
    parts = [f'<text x="{width_px / 2:.1f}" y="{top + title_size + 2:.1f}" font-size="{title_size}" '
             f'text-anchor="middle">{html.escape(county_map.legend_title)}</text>']
    columns = min(len(entries), 5) or 1
    swatch = 18
    column_width = max([swatch + 6 + 0.6 * label_size * len(label) for label, _ in entries] or [0]) + 14
    start = (width_px - columns * column_width) / 2
    for index, (label, colour) in enumerate(entries):
        x = start + (index % columns) * column_width
        y = top + title_size + 10 + (index // columns) * (label_size + 8)
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{swatch}" height="{label_size - 2}" fill="{colour}" '
                     f'stroke="{style.SHAPE_EDGE}" stroke-width="0.7"/>'
                     f'<text x="{x + swatch + 6:.1f}" y="{y + label_size - 3:.1f}" font-size="{label_size}">'
                     f'{html.escape(label)}</text>')
    return parts
