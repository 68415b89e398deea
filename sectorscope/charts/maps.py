"""County maps: DataFrame in, Plotly figure out.

Maps use ``Choroplethmap`` with the ``white-bg`` style: MapLibre draws the county polygons with no tiles and no
network at all (plotly ``geo`` traces fetch a base map from a CDN and draw nothing offline).
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from sectorscope.charts.style import CATEGORY_COLORS, EMPTY_FILL, FONT


def map_view(counties: pd.DataFrame, width_px: int = 800, height_px: int = 520) -> dict:
    """Centre and zoom that fit the counties' centroids (plus a margin) into a map of the given size.

    MapLibre draws the world 512 px wide at zoom 0, doubling per level; latitude is stretched by 1/cos(lat).
    """
    lon = counties["centroid_lon"].astype(float)
    lat = counties["centroid_lat"].astype(float)
    if lon.empty:
        return {"center": {"lon": -98.5, "lat": 39.8}, "zoom": 3}
    lon_span = max(lon.max() - lon.min(), 0.3) * 1.35
    lat_span = max(lat.max() - lat.min(), 0.3) * 1.35
    mid_lat = math.radians((lat.max() + lat.min()) / 2)
    zoom_lon = math.log2(360 * width_px / (512 * lon_span))
    zoom_lat = math.log2(360 * height_px * math.cos(mid_lat) / (512 * lat_span))
    return {"center": {"lon": float((lon.max() + lon.min()) / 2), "lat": float((lat.max() + lat.min()) / 2)},
            "zoom": round(min(zoom_lon, zoom_lat), 2)}


def _map_layout(fig: go.Figure, view: dict, height: int, title: str | None,
                outlines: dict | None) -> go.Figure:
    layers = []
    if outlines and outlines.get("features"):
        layers.append({"sourcetype": "geojson", "source": outlines, "type": "line", "color": "#222222",
                       "line": {"width": 1.8}, "below": ""})
    fig.update_layout(
        map={"style": "white-bg", "center": view["center"], "zoom": view["zoom"], "layers": layers},
        height=height,
        margin={"l": 0, "r": 0, "t": 40 if title else 0, "b": 0},
        title={"text": title, "x": 0, "font": {"size": 15}} if title else None,
        font=FONT,
        legend={"orientation": "v", "x": 1, "xanchor": "right", "y": 1, "bgcolor": "rgba(255,255,255,0.8)"},
        paper_bgcolor="white",
    )
    return fig


def _names_text(names: object, limit: int = 8) -> str:
    items = [str(name) for name in (names if isinstance(names, list | tuple) else list(names))]
    if not items:
        return "no partnership in view"
    shown = "<br>".join(items[:limit])
    return shown + (f"<br>… and {len(items) - limit} more" if len(items) > limit else "")


def partnership_count_map(
    by_county: pd.DataFrame, geojson: dict, *, outlines: dict | None = None, height: int = 520,
    width_hint: int = 800, title: str | None = None,
) -> go.Figure:
    """Counties shaded by how many partnerships in view serve them; hover lists them.

    ``by_county`` has county_fips, county_name, partnerships, partnership_names (rows from
    ``partnerships_by_county``) plus centroid_lon/centroid_lat for the view.
    """
    hover = by_county["partnership_names"].map(_names_text)
    fig = go.Figure(go.Choroplethmap(
        geojson=geojson,
        featureidkey="id",
        locations=by_county["county_fips"],
        z=by_county["partnerships"],
        zmin=0,
        zmax=max(int(by_county["partnerships"].max() or 0), 1),
        colorscale=[[0, "#f4f6fb"], [0.15, "#c6dbef"], [1, "#08306b"]],
        marker={"line": {"width": 0.6, "color": "#ffffff"}, "opacity": 0.95},
        customdata=list(zip(by_county["county_name"], hover, strict=True)),
        hovertemplate="<b>%{customdata[0]} County</b><br>%{z} partnership(s)<br>%{customdata[1]}<extra></extra>",
        colorbar={"title": {"text": "Partnerships", "side": "top"}, "orientation": "h", "thickness": 10,
                  "len": 0.5, "x": 0.5, "xanchor": "center", "y": 0, "yanchor": "top", "tickformat": "d",
                  "dtick": max(1, math.ceil(int(by_county["partnerships"].max() or 0) / 5))},
    ))
    return _map_layout(fig, map_view(by_county, width_hint, height), height, title, outlines)


def partnership_sector_map(
    by_county: pd.DataFrame, geojson: dict, *, outlines: dict | None = None, height: int = 520,
    width_hint: int = 800, title: str | None = None,
) -> go.Figure:
    """Counties coloured by the sector most of their partnerships serve; grey where none serves."""
    fig = go.Figure()
    served = by_county[by_county["partnerships"] > 0]
    sectors = sorted(served["main_sector"].dropna().unique())
    groups = [(sector, served[served["main_sector"] == sector], CATEGORY_COLORS[i % len(CATEGORY_COLORS)])
              for i, sector in enumerate(sectors)]
    groups.append(("No partnership in view", by_county[by_county["partnerships"] == 0], EMPTY_FILL))
    for name, rows, color in groups:
        if rows.empty:
            continue
        hover = rows["partnership_names"].map(_names_text)
        fig.add_trace(go.Choroplethmap(
            geojson=geojson,
            featureidkey="id",
            locations=rows["county_fips"],
            z=[1] * len(rows),
            colorscale=[[0, color], [1, color]],
            showscale=False,
            showlegend=True,
            name=name,
            marker={"line": {"width": 0.6, "color": "#ffffff"}, "opacity": 0.95},
            customdata=list(zip(rows["county_name"], rows["partnerships"], hover, strict=True)),
            hovertemplate=("<b>%{customdata[0]} County</b><br>%{customdata[1]} partnership(s)<br>"
                           "%{customdata[2]}<extra>" + name + "</extra>"),
        ))
    return _map_layout(fig, map_view(by_county, width_hint, height), height, title, outlines)


def served_counties_map(counties: pd.DataFrame, served_fips: list[str], geojson: dict, height: int = 320,
                        width_hint: int = 480) -> go.Figure:
    """A small map of the state with the counties one partnership serves highlighted."""
    served = counties["county_fips"].isin(served_fips)
    fig = go.Figure(go.Choroplethmap(
        geojson=geojson,
        featureidkey="id",
        locations=counties["county_fips"],
        z=served.astype(int),
        zmin=0,
        zmax=1,
        colorscale=[[0, EMPTY_FILL], [1, CATEGORY_COLORS[0]]],
        showscale=False,
        marker={"line": {"width": 0.5, "color": "#ffffff"}},
        customdata=list(zip(counties["county_name"], served.map({True: "served", False: "not served"}),
                            strict=True)),
        hovertemplate="<b>%{customdata[0]} County</b><br>%{customdata[1]}<extra></extra>",
    ))
    return _map_layout(fig, map_view(counties, width_hint, height), height, None, None)
