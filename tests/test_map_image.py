"""The county map drawn on the server for decks, slides and one-pagers (``export.mapimage``)."""

from __future__ import annotations

import pytest
import shapely
from pyproj import Transformer

from sectorscope.extent import area_projection
from sectorscope.sources import geo


def _parts_boxes(state_fips: str) -> list[tuple[float, float, float, float]]:
    counties = geo.counties_table(state_fips)
    return [part.bounds for part in shapely.get_parts(shapely.from_geojson(counties["geometry_geojson"].to_numpy()))]


@pytest.mark.parametrize(("state_fips", "west", "east", "latitude"), [
    ("42", -80.52, -74.69, 42.0),  # Pennsylvania's northern border
    ("36", -79.76, -73.34, 45.0),  # New York's, along the 45th parallel
    ("08", -109.05, -102.04, 41.0),  # Colorado's
])
def test_a_states_map_keeps_north_up(state_fips, west, east, latitude):
    """A parallel across the state is drawn level: the U.S.-wide Albers (centred at 96°W) drew Pennsylvania's
    northern border about 10° off level in every deck and one-pager (a reviewer)."""
    project = Transformer.from_crs("EPSG:4326", area_projection(_parts_boxes(state_fips)), always_xy=True)
    (x_west, y_west), (x_east, y_east) = (project.transform(lon, latitude) for lon in (west, east))
    _, middle_y = project.transform((west + east) / 2, latitude)
    # the ends level with each other, the parallel bowing by under 2% of its length (10° off level is 17%)
    assert abs(y_east - y_west) < 0.02 * (x_east - x_west)  # within about 1° of level
    assert abs(middle_y - y_west) < 0.02 * (x_east - x_west)
    us_wide = Transformer.from_crs("EPSG:4326", "EPSG:5070", always_xy=True)
    (ux_west, uy_west), (ux_east, uy_east) = (us_wide.transform(lon, latitude) for lon in (west, east))
    if state_fips != "08":  # far from 96°W the U.S.-wide projection tilted the parallel
        assert abs(uy_east - uy_west) > 0.05 * (ux_east - ux_west)


def test_alaska_is_centred_across_the_antimeridian():
    """The Aleutians reach past 180°: the centre is taken from each polygon's own box, not the state's -180..180."""
    projection = area_projection(_parts_boxes("02"))
    centre = float(projection.split("+lon_0=")[1].split()[0])
    assert -165 < centre < -150
