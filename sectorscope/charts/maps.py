"""County maps: DataFrame in, Plotly figure out.

Maps use ``Choroplethmap`` with the ``white-bg`` style: MapLibre draws the county polygons with no tiles and no
network at all (plotly ``geo`` traces fetch a base map from a CDN and draw nothing offline).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go

from sectorscope.charts import style
from sectorscope.charts.style import CATEGORY_COLORS, EMPTY_FILL, FONT
from sectorscope.charts.traces import plain_trace
from sectorscope.extent import bounds_of

TILE_PX = 512  # MapLibre draws the world 512 px wide at zoom 0, doubling per level
DEFAULT_VIEW = {"center": {"lon": -98.5, "lat": 39.8}, "zoom": 3}
TITLE_PX = 40  # the top margin a titled map keeps for its title


def features_of(geojson: dict, fips: Iterable[object]) -> dict:
    """The FeatureCollection of only the counties ``fips`` (in ``geojson``'s order)."""
    wanted = {str(code) for code in fips}
    return {"type": "FeatureCollection",
            "features": [feature for feature in geojson.get("features", ()) if str(feature.get("id")) in wanted]}


def county_trace(geojson: dict, locations: Iterable[object], **trace: object) -> go.Choroplethmap:
    """A county choropleth trace carrying the outlines of its own counties only.

    Plotly sends each trace's ``geojson`` to the browser in full, so a map of several traces (one per sector or
    status) given the whole state's outlines sent them once per trace; each county now travels once per map.
    """
    locations = [str(code) for code in locations]
    return plain_trace(go.Choroplethmap, geojson=features_of(geojson, locations), featureidkey="id",
                       locations=locations, **trace)


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(max(min(lat, 85.0), -85.0)) / 2))


def _latitude(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def view_for_bounds(bounds: tuple[float, float, float, float], width_px: int, height_px: int,
                    padding: float = 0.08) -> dict:
    """Centre and zoom showing the box (west, south, east, north) whole in a map of ``width_px`` x ``height_px``.

    Web Mercator: at zoom z the world is 512 * 2**z px wide, a degree of longitude 512 * 2**z / 360 px and
    latitude y = ln(tan(pi/4 + lat/2)) spans 512 * 2**z / (2 pi) px per unit. zoom = log2 of the largest scale
    at which both spans fit into the map less ``padding`` on each side, rounded down (never clipped). ``east``
    may exceed 180 for a box across the antimeridian; the centre is wrapped back into -180..180.
    """
    west, south, east, north = bounds
    lon_span = max(east - west, 0.05)
    y_south, y_north = _mercator_y(south), _mercator_y(north)
    y_span = max(y_north - y_south, math.radians(0.05))
    usable_width, usable_height = width_px * (1 - 2 * padding), height_px * (1 - 2 * padding)
    zoom = min(math.log2(usable_width * 360 / (TILE_PX * lon_span)),
               math.log2(usable_height * 2 * math.pi / (TILE_PX * y_span)))
    center_lon = ((west + east) / 2 + 180) % 360 - 180
    return {"center": {"lon": round(center_lon, 5), "lat": round(_latitude((y_south + y_north) / 2), 5)},
            "zoom": max(math.floor(zoom * 100) / 100, 0.0),  # the world whole at 0, as MapLibre's least
            "fit": {"bounds": [west, south, east, north], "padding": padding, "zoom_out": 0.0}}


def visible_bounds(view: dict, width_px: int, height_px: int) -> tuple[float, float, float, float]:
    """The (west, south, east, north) box a map of this size shows at ``view`` (inverse of ``view_for_bounds``;
    longitudes continuous around the centre, so west may be below -180 or east above 180)."""
    scale = TILE_PX * 2 ** view["zoom"]
    half_lon = width_px * 360 / scale / 2
    half_y = height_px * 2 * math.pi / scale / 2
    center_y = _mercator_y(view["center"]["lat"])
    lon = view["center"]["lon"]
    return lon - half_lon, _latitude(center_y - half_y), lon + half_lon, _latitude(center_y + half_y)


def map_view(counties: pd.DataFrame, width_px: int = 800, height_px: int = 520, geojson: dict | None = None,
             focus_fips: Sequence[str] | None = None) -> dict:
    """Centre and zoom that fit the counties drawn into a map of the given size.

    With ``geojson`` (features carrying a ``bbox``, as ``geo.feature_collection`` makes them) the whole shapes of
    the counties in ``counties["county_fips"]`` (or of ``focus_fips`` when given and found) are fitted, across
    the antimeridian too; without it their centroids (centroid_lon, centroid_lat) are, with a wider margin.
    """
    wanted = set(map(str, focus_fips or ())) or set(counties["county_fips"].astype(str))
    bounds = None
    if geojson is not None:
        boxes = [f.get("bbox") for f in geojson.get("features", ()) if str(f.get("id")) in wanted]
        if not boxes and focus_fips:  # the focus is not on this map: fit every county drawn
            wanted = set(counties["county_fips"].astype(str))
            boxes = [f.get("bbox") for f in geojson.get("features", ()) if str(f.get("id")) in wanted]
        bounds = bounds_of(boxes)
    if bounds is None and {"centroid_lon", "centroid_lat"} <= set(counties.columns):
        rows = counties[counties["county_fips"].astype(str).isin(wanted)]
        rows = rows if not rows.empty else counties
        lon, lat = rows["centroid_lon"].astype(float).dropna(), rows["centroid_lat"].astype(float).dropna()
        if not lon.empty:
            centroid_boxes = [(x, y, x, y) for x, y in zip(lon, lat, strict=True)]
            west, south, east, north = bounds_of(centroid_boxes)
            margin_lon, margin_lat = max((east - west) * 0.2, 0.3), max((north - south) * 0.2, 0.3)
            bounds = (west - margin_lon, south - margin_lat, east + margin_lon, north + margin_lat)
    if bounds is None:
        return dict(DEFAULT_VIEW)
    return view_for_bounds(bounds, width_px, height_px)


CONTEXT_ZOOM_OUT = 0.5  # a framed selection keeps some of its surroundings in view


def selection_view(by_county: pd.DataFrame, geojson: dict, width_px: int, height_px: int) -> dict:
    """Frame the counties chosen in the filters (column ``is_selected``) with some surroundings, when only some
    are chosen (a region, a county); else every county drawn."""
    chosen = by_county["is_selected"].fillna(False).astype(bool) if "is_selected" in by_county else None
    if chosen is None or not chosen.any() or chosen.all():
        return map_view(by_county, width_px, height_px, geojson)
    return zoomed_out(map_view(by_county, width_px, height_px, geojson,
                               focus_fips=list(by_county.loc[chosen, "county_fips"])))


def zoomed_out(view: dict, by: float = CONTEXT_ZOOM_OUT) -> dict:
    """``view`` zoomed out ``by`` levels (never below 0), and so is its fit in the browser (``map_layout``)."""
    out = {**view, "zoom": max(round(view["zoom"] - by, 2), 0)}
    if "fit" in view:
        out["fit"] = {**view["fit"], "zoom_out": by}
    return out


def plot_height(height: int, title: str | None) -> int:
    """The height of the map itself in a figure ``height`` px tall (less the title's margin)."""
    return height - (TITLE_PX if title else 0)


MAP_FIT = "map_fit"  # the layout's meta entry the browser fits a map's zoom to its width by (ui.present.CHARTS_SCRIPT)
# On a phone a map's box is made no taller than its box of counties needs at its real width (the state's shape, less
# tall than wide), so that Pennsylvania is not drawn amid 300 px of white: never lower than this
PHONE_MAP_MIN_PX = 160


def map_layout(view: dict, height: int, title: str | None, outlines: dict | None) -> dict:
    """The layout of a county map (for ``go.Figure(traces, layout)``): no tiles, framed on ``view``, the region
    ``outlines`` drawn as one line layer, the title in the top margin, the legend at the top right.

    ``view`` was fitted to the narrowest width the map is drawn at (a tile map cannot fit itself to its width), so
    a wider window would show the state small amid white; its box goes in the layout's meta (``MAP_FIT``: bounds,
    padding, the zoom out for context and the zoom the server chose) and the browser zooms the map to fit its real
    size the same way (``view_for_bounds``). A colour bar or legend under the map lies below it, in the margin the
    drawn picture adds for it (``export.figures.with_source``), so the map keeps its whole height: ``plot_px``, in
    the meta too. On a chart narrower than ``style.NARROW_CHART_PX`` (a phone) the browser lowers the map to
    the height its box takes at that width (box height = width x the box's Mercator height / its width, at least
    ``PHONE_MAP_MIN_PX``, at most ``plot_px``) and gives it ``plot_px`` back when it is wider."""
    layers = []
    if outlines and outlines.get("features"):
        layers.append({"sourcetype": "geojson", "source": outlines, "type": "line", "color": style.OUTLINE,
                       "line": {"width": 1.8}, "below": ""})
    return {
        "map": {"style": "white-bg", "center": view["center"], "zoom": view["zoom"], "layers": layers},
        "height": height,
        "margin": {"l": 0, "r": 0, "t": TITLE_PX if title else 0, "b": 0},
        **({"title": {"text": title, "x": 0, "font": {"size": 15}}} if title else {}),
        "font": FONT,
        "legend": {"orientation": "v", "x": 1, "xanchor": "right", "y": 1, "bgcolor": style.LEGEND_BACKGROUND},
        "paper_bgcolor": "white",
        **({"meta": {MAP_FIT: {**view["fit"], "zoom": view["zoom"], "plot_px": plot_height(height, title),
                               "narrow_below_px": style.NARROW_CHART_PX, "phone_min_px": PHONE_MAP_MIN_PX}}}
           if "fit" in view else {}),
    }


def _names_text(names: object, limit: int = 8) -> str:
    items = [str(name) for name in (names if isinstance(names, list | tuple) else list(names))]
    if not items:
        return "no partnership in view"
    shown = "<br>".join(items[:limit])
    return shown + (f"<br>… and {len(items) - limit} more" if len(items) > limit else "")


def _most_partnerships(by_county: pd.DataFrame) -> int:
    """The largest count of partnerships in a county (0 for no county or no count)."""
    top = pd.to_numeric(by_county["partnerships"], errors="coerce").max()
    return 0 if pd.isna(top) else int(top)


def partnership_count_map(
    by_county: pd.DataFrame, geojson: dict, *, outlines: dict | None = None, height: int = 520,
    width_hint: int = 800, title: str | None = None,
) -> go.Figure:
    """Counties shaded by how many partnerships in view serve them; hover lists them.

    ``by_county`` has county_fips, county_name, partnerships, partnership_names and is_selected (rows from
    ``partnerships_by_county``); the map frames the selected counties when only some are selected.
    """
    hover = by_county["partnership_names"].map(_names_text)
    trace = county_trace(
        geojson, by_county["county_fips"],
        z=by_county["partnerships"],
        zmin=0,
        zmax=max(_most_partnerships(by_county), 1),
        colorscale=style.COUNT_SCALE,
        marker={"line": {"width": 0.6, "color": style.WHITE}, "opacity": 0.95},
        customdata=list(zip(by_county["county_name"], hover, strict=True)),
        hovertemplate="<b>%{customdata[0]}</b><br>%{z} partnership(s)<br>%{customdata[1]}<extra></extra>",
        colorbar={"title": {"text": "Partnerships", "side": "top"}, "orientation": "h", "thickness": 10,
                  "len": 0.5, "x": 0.5, "xanchor": "center", "y": 0, "yanchor": "top", "tickformat": "d",
                  "dtick": max(1, math.ceil(_most_partnerships(by_county) / 5))},
    )
    # the colour bar goes under the map, in the margin the drawn picture adds for it (export.figures.with_source)
    view = selection_view(by_county, geojson, width_hint, plot_height(height, title))
    return go.Figure(trace, map_layout(view, height, title, outlines))


TIED_SECTORS = "Several sectors, tied"  # a county whose partnerships serve no one sector most
TIED_FILL = style.TIED_SECTORS_FILL


def partnership_sector_map(
    by_county: pd.DataFrame, geojson: dict, *, outlines: dict | None = None, height: int = 520,
    width_hint: int = 800, title: str | None = None,
) -> go.Figure:
    """Counties coloured by the sector most of their partnerships serve; brown (no sector's colour) where several
    sectors tie for most (``main_sector`` empty: York's six partnerships in six sectors read as the alphabetically
    first one's county); light grey where none serves. The legend sits under the map (at its top right it covered
    counties)."""
    traces = []
    served = by_county[by_county["partnerships"] > 0]
    sectors = sorted(served["main_sector"].dropna().unique())
    groups = [(sector, served[served["main_sector"] == sector], CATEGORY_COLORS[i % len(CATEGORY_COLORS)])
              for i, sector in enumerate(sectors)]
    groups.append((TIED_SECTORS, served[served["main_sector"].isna()], TIED_FILL))
    groups.append(("No partnership in view", by_county[by_county["partnerships"] == 0], EMPTY_FILL))
    for name, rows, color in groups:
        if rows.empty:
            continue
        hover = rows["partnership_names"].map(_names_text)
        if name == TIED_SECTORS and "top_sectors" in rows:
            hover = "tied: " + rows["top_sectors"].map(lambda tied: ", ".join(map(str, tied))) + "<br>" + hover
        line = {"width": 0.6, "color": style.WHITE}
        traces.append(county_trace(
            geojson, rows["county_fips"],
            z=[1] * len(rows),
            colorscale=[[0, color], [1, color]],
            showscale=False,
            showlegend=True,
            name=name,
            marker={"line": line, "opacity": 0.95},
            customdata=list(zip(rows["county_name"], rows["partnerships"], hover, strict=True)),
            hovertemplate=("<b>%{customdata[0]}</b><br>%{customdata[1]} partnership(s)<br>"
                           "%{customdata[2]}<extra>" + name + "</extra>"),
        ))
    layout = map_layout(selection_view(by_county, geojson, width_hint, plot_height(height, title)), height, title,
                        outlines)
    layout["legend"] = {"orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yanchor": "top",
                        "bgcolor": style.LEGEND_BACKGROUND}
    return go.Figure(traces, layout)


def served_counties_map(counties: pd.DataFrame, served_fips: list[str], geojson: dict, height: int = 320,
                        width_hint: int = 480, title: str | None = None) -> go.Figure:
    """A small map of the state with the counties one partnership serves highlighted and framed (with the
    neighbourhood around them); the whole map when it serves none of the counties drawn. ``title``: its
    downloaded picture names what it shows."""
    served = counties["county_fips"].isin(served_fips)
    trace = county_trace(
        geojson, counties["county_fips"],
        z=served.astype(int),
        zmin=0,
        zmax=1,
        colorscale=[[0, EMPTY_FILL], [1, CATEGORY_COLORS[0]]],
        showscale=False,
        marker={"line": {"width": 0.5, "color": style.WHITE}},
        customdata=list(zip(counties["county_name"], served.map({True: "served", False: "not served"}),
                            strict=True)),
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
    )
    view = map_view(counties, width_hint, height, geojson, focus_fips=served_fips)
    if served.any() and not served.all():  # show some of the surroundings, not only the served counties
        view = zoomed_out(view)
    return go.Figure(trace, map_layout(view, height, title, None))
