"""A county map drawn on the server without a browser, as PNG bytes for decks and PDFs (geopandas + matplotlib).
A printed page's maps are drawn by ``export.printmap`` from the page's own figures."""

from __future__ import annotations

import io

from sectorscope.charts import style
from sectorscope.export.content import CountyMap
from sectorscope.extent import area_projection

NO_SHAPE = style.WHITE
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"


NOTICE_ROOM = 0.06  # of the picture's height, for the demo's notice above the map


def county_map_png(county_map: CountyMap, width_in: float = 6.0, height_in: float = 4.2, dpi: int = 150,
                   title: bool = True, highlight: tuple[str, ...] = (), legend_points: float = 7,
                   notice: str = "") -> bytes:
    """PNG of the counties filled by their category's colour, with a title and a legend (its entries at
    ``legend_points``, its title a point larger); the ``highlight`` counties outlined in black; ``notice`` (the
    demo's "Demo data (synthetic)") written in its top left corner, so that the picture copied out of a deck or
    saved from a slide still says it (it said nothing: a convener).

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
    legend_room = 0.13 * max(legend_points / 7, 1)  # a larger legend takes more of the picture's foot
    notice_room = NOTICE_ROOM if notice else 0.0  # a strip of its own at the top: never over a county
    axes = figure.add_axes((0.0, legend_room, 1.0, (0.9 if title else 1.0) - notice_room - legend_room))
    # each polygon's own box: a county split at the antimeridian (the Aleutians) has parts on both sides of it
    projected = frame.to_crs(area_projection([part.bounds for part in shapely.get_parts(frame.geometry.to_numpy())]))
    projected.plot(ax=axes, color=frame["colour"], edgecolor=style.SHAPE_EDGE, linewidth=0.4)
    chosen = projected[projected["county_fips"].isin(highlight)]
    if not chosen.empty:
        chosen.dissolve().boundary.plot(ax=axes, color=style.BLACK, linewidth=1.6)
    axes.set_axis_off()
    axes.set_aspect("equal")
    used = set(county_map.category_of.values())
    handles = [Patch(facecolor=colour, edgecolor=style.SHAPE_EDGE, label=label) for label, colour in county_map.legend
               if label in used]
    axes.legend(handles=handles, title=county_map.legend_title, loc="upper center", fontsize=legend_points,
                title_fontsize=legend_points + 1,
                frameon=False, ncols=min(len(handles), 5) or 1, bbox_to_anchor=(0.5, 0.0))
    if title:
        figure.suptitle(county_map.title, fontsize=11, y=0.97 - notice_room)
    if notice:
        figure.text(0.01, 0.995, notice, fontsize=legend_points, color=style.INK, va="top", ha="left",
                    fontstyle="italic")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()
