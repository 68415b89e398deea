"""Maps fit what they draw: any state, Alaska across the antimeridian, Hawaii, a region, a partnership's counties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from sectorscope.charts import maps, style
from sectorscope.extent import bounds_of, continuous_span
from sectorscope.sources import geo

WIDTH, HEIGHT = 800, 480
ALEUTIANS_WEST = "02016"  # reaches 172°E, west of the antimeridian
ALAMOSA, CONEJOS, COSTILLA, RIO_GRANDE, SAGUACHE, MINERAL = "08003", "08021", "08023", "08105", "08109", "08079"
SAN_LUIS_VALLEY = [ALAMOSA, CONEJOS, COSTILLA, RIO_GRANDE, SAGUACHE, MINERAL]


def _true_bounds(counties: pd.DataFrame) -> tuple[float, float, float, float]:
    """Bounds straight from the vertices, longitudes shifted into 0..360 when they straddle 180 (Alaska)."""
    coordinates = shapely.get_coordinates(shapely.from_geojson(counties["geometry_geojson"].to_numpy()))
    lon, lat = coordinates[:, 0], coordinates[:, 1]
    if lon.max() - lon.min() > 180:
        lon = np.where(lon < 0, lon + 360, lon)
    return lon.min(), lat.min(), lon.max(), lat.max()


def _contains(outer, inner, slack: float = 1e-6) -> bool:
    shift = 360 * round(((inner[0] + inner[2]) / 2 - (outer[0] + outer[2]) / 2) / 360)
    return (outer[0] - slack <= inner[0] - shift and outer[2] + slack >= inner[2] - shift
            and outer[1] - slack <= inner[1] and outer[3] + slack >= inner[3])


def _view_of(counties: pd.DataFrame, **options) -> dict:
    return maps.map_view(counties, WIDTH, HEIGHT, geo.feature_collection(counties), **options)


@pytest.mark.parametrize("state_fips", ["08", "02", "15", "42", "48"])
def test_a_state_map_shows_every_county_whole_and_is_not_zoomed_out_for_nothing(state_fips):
    counties = geo.counties_table(state_fips)
    view = _view_of(counties)
    shown = maps.visible_bounds(view, WIDTH, HEIGHT)
    truth = _true_bounds(counties)
    assert _contains(shown, truth), (state_fips, shown, truth)
    # tight: one zoom level more (twice the scale) would cut the state in one direction
    closer = maps.visible_bounds({**view, "zoom": view["zoom"] + 1}, WIDTH, HEIGHT)
    assert not _contains(closer, truth)


def test_colorados_southern_counties_are_inside_the_view():
    counties = geo.counties_table("08")
    view = _view_of(counties)
    west, south, east, north = maps.visible_bounds(view, WIDTH, HEIGHT)
    assert south < 36.99 and north > 41.0 and west < -109.05 and east > -102.04  # the state line is at 37°N
    valley = _true_bounds(counties[counties["county_fips"].isin(SAN_LUIS_VALLEY)])
    assert _contains((west, south, east, north), valley)


def test_alaska_is_framed_across_the_antimeridian_not_around_the_world():
    counties = geo.counties_table("02")
    aleutians = geo.feature_collection(counties[counties["county_fips"] == ALEUTIANS_WEST])["features"][0]
    west, _, east, _ = aleutians["bbox"]
    assert west > 170 and east < -160  # its own bbox crosses 180 (RFC 7946: west > east)
    bounds = bounds_of([f["bbox"] for f in geo.feature_collection(counties)["features"]])
    assert bounds[0] == pytest.approx(172.46, abs=0.05) and bounds[2] == pytest.approx(230.02, abs=0.05)
    view = _view_of(counties)
    assert -170 < view["center"]["lon"] < -150 and view["zoom"] > 2.5  # the whole world would be zoom < 1


def test_hawaii_is_framed_on_its_islands():
    counties = geo.counties_table("15")
    view = _view_of(counties)
    assert -170 < view["center"]["lon"] < -155 and 18 < view["center"]["lat"] < 30
    assert _contains(maps.visible_bounds(view, WIDTH, HEIGHT), _true_bounds(counties))


def test_a_region_across_two_states_is_framed_on_its_counties():
    philadelphia_camden = ["42101", "42045", "42091", "42029", "42017", "34007", "34015", "34005", "10003"]
    counties = geo.counties_table()
    region = counties[counties["county_fips"].isin(philadelphia_camden)]
    view = _view_of(region)
    shown = maps.visible_bounds(view, WIDTH, HEIGHT)
    assert _contains(shown, _true_bounds(region))
    assert view["zoom"] > 7  # much closer than a whole-state view of Pennsylvania (about 6.4)


def test_the_profile_map_frames_the_partnerships_counties_on_the_state_map():
    counties = geo.counties_table("08")
    geojson = geo.feature_collection(counties)
    figure = maps.served_counties_map(counties, SAN_LUIS_VALLEY, geojson, height=320, width_hint=480)
    view = {"center": dict(figure.layout.map.center.to_plotly_json()), "zoom": figure.layout.map.zoom}
    shown = maps.visible_bounds(view, 480, 320)
    valley = _true_bounds(counties[counties["county_fips"].isin(SAN_LUIS_VALLEY)])
    assert _contains(shown, valley)
    assert not _contains(shown, _true_bounds(counties))  # framed on the valley, not on all of Colorado
    assert set(figure.data[0].locations) == set(counties["county_fips"])  # the rest of the state still drawn


def test_continuous_span_picks_the_shortest_range():
    assert continuous_span(np.array([[-10.0, 10.0], [20.0, 30.0]])) == (-10.0, 30.0)
    assert continuous_span(np.array([[170.0, 180.0], [-180.0, -170.0]])) == (170.0, 190.0)
    assert bounds_of([]) is None


def test_partnership_maps_frame_the_chosen_region_and_draw_the_rest():
    counties = geo.counties_table("08")
    geojson = geo.feature_collection(counties)
    by_county = counties.assign(partnerships=0, partnership_names=[[]] * len(counties), main_sector=None,
                                is_selected=counties["county_fips"].isin(SAN_LUIS_VALLEY))
    valley = _true_bounds(counties[counties["county_fips"].isin(SAN_LUIS_VALLEY)])
    for build in (maps.partnership_count_map, maps.partnership_sector_map):
        figure = build(by_county, geojson, height=520, width_hint=800)
        view = {"center": dict(figure.layout.map.center.to_plotly_json()), "zoom": figure.layout.map.zoom}
        shown = maps.visible_bounds(view, 800, 520 - 45)
        assert _contains(shown, valley) and not _contains(shown, _true_bounds(counties)), build.__name__
        drawn = {code for trace in figure.data for code in trace.locations}
        assert drawn == set(counties["county_fips"])
    everything = maps.partnership_count_map(by_county.assign(is_selected=True), geojson, height=520, width_hint=800)
    view = {"center": dict(everything.layout.map.center.to_plotly_json()), "zoom": everything.layout.map.zoom}
    assert _contains(maps.visible_bounds(view, 800, 520 - 45), _true_bounds(counties))


def test_a_map_carries_its_box_for_the_browser_to_fit_to_its_width():
    """The browser zooms a map to its real width by the server's formula (``MAP_FIT``, ``ui.present.CHARTS_SCRIPT``):
    the box and padding it carries give back the server's zoom at the size the server assumed."""
    counties = geo.counties_table("42")
    by_county = counties.assign(partnerships=1, partnership_names=[["P"]] * len(counties), is_selected=True)
    figure = maps.partnership_count_map(by_county, geo.feature_collection(counties), width_hint=540,
                                        title="Partnerships")
    fit = figure.layout.meta[maps.MAP_FIT]
    assert fit["zoom"] == figure.layout.map.zoom and fit["zoom_out"] == 0
    height = maps.plot_height(520, "Partnerships")
    assert maps.view_for_bounds(tuple(fit["bounds"]), 540, height, fit["padding"])["zoom"] == fit["zoom"]
    assert _contains(tuple(fit["bounds"]), _true_bounds(counties))
    wider = maps.view_for_bounds(tuple(fit["bounds"]), 940, height, fit["padding"])["zoom"]
    assert wider > fit["zoom"] + 0.3  # what the browser shows at 1400 px: the state larger
    # on a phone the browser lowers the map's box to the state's (never below the least, never above its own)
    assert fit["plot_px"] == height and fit["narrow_below_px"] == style.NARROW_CHART_PX
    assert 0 < fit["phone_min_px"] < height


def test_a_framed_selection_fits_with_its_surroundings():
    """A region chosen: the box is the region's and the browser zooms out as the server did."""
    counties = geo.counties_table("08")
    chosen = counties["county_fips"].isin(SAN_LUIS_VALLEY)
    by_county = counties.assign(partnerships=1, partnership_names=[["P"]] * len(counties), is_selected=chosen)
    figure = maps.partnership_count_map(by_county, geo.feature_collection(counties), width_hint=540)
    fit = figure.layout.meta[maps.MAP_FIT]
    assert fit["zoom_out"] == maps.CONTEXT_ZOOM_OUT
    assert _contains(tuple(fit["bounds"]), _true_bounds(counties[chosen]))
    assert not _contains(tuple(fit["bounds"]), _true_bounds(counties))
    unzoomed = maps.view_for_bounds(tuple(fit["bounds"]), 540, 520, fit["padding"])["zoom"]
    assert fit["zoom"] == pytest.approx(unzoomed - maps.CONTEXT_ZOOM_OUT)


def test_a_map_without_counties_has_no_box_to_fit():
    empty = pd.DataFrame({"county_fips": [], "county_name": [], "partnerships": [], "partnership_names": [],
                          "is_selected": []})
    figure = maps.partnership_count_map(empty, {"type": "FeatureCollection", "features": []})
    assert figure.layout.map.zoom == maps.DEFAULT_VIEW["zoom"]
    assert not (figure.layout.meta or {}).get(maps.MAP_FIT)
