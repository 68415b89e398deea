"""County geometry: the Census shapes, the counties table, adjacency, contiguous regions and GeoJSON for maps."""

from __future__ import annotations

import json
from collections import deque

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from plotly.io.json import to_json_plotly

from sectorscope.schema import tables
from sectorscope.sources import geo

PA_BOUNDS = (-80.53, 39.71, -74.68, 42.27)  # Pennsylvania's extent in degrees (lon/lat), rounded outwards
LANCASTER, CHESTER, YORK, ALLEGHENY, PHILADELPHIA = "42071", "42029", "42133", "42003", "42101"


@pytest.fixture(scope="module")
def pa_shapes():
    return geo.load_county_shapes("42")


@pytest.fixture(scope="module")
def pa_counties():
    return geo.counties_table("42")


@pytest.fixture(scope="module")
def pa_adjacency(pa_shapes):
    return geo.county_adjacency(pa_shapes)


@pytest.fixture(scope="module")
def us_counties():
    return geo.counties_table()


def _exterior_rings(geometries: np.ndarray) -> np.ndarray:
    return shapely.get_exterior_ring(shapely.get_parts(geometries))


def _is_connected(counties: list[str], adjacency: dict[str, frozenset[str]]) -> bool:
    members = set(counties)
    seen = {counties[0]}
    queue = deque([counties[0]])
    while queue:
        for neighbour in adjacency[queue.popleft()] & members:
            if neighbour not in seen:
                seen.add(neighbour)
                queue.append(neighbour)
    return seen == members


def test_pennsylvania_has_its_67_counties_with_census_names(pa_shapes):
    assert len(pa_shapes) == 67
    assert pa_shapes["county_fips"].str.fullmatch(r"42\d{3}").all()
    assert pa_shapes["state_fips"].eq("42").all()
    names = dict(zip(pa_shapes["county_fips"], pa_shapes["county_name"], strict=True))
    assert names[LANCASTER] == "Lancaster"
    assert names[PHILADELPHIA] == "Philadelphia"
    assert names[ALLEGHENY] == "Allegheny"
    assert str(pa_shapes.crs) == geo.SOURCE_CRS


def test_the_counties_table_names_each_county_with_its_kind():
    """Maryland's sidebar offered "Baltimore" twice and Louisiana's pages said "Orleans County": the shipped names
    carry the Census kind (LSAD), as NAMELSAD writes them."""
    names = geo.counties_table().set_index("county_fips")["county_name"]
    assert names[LANCASTER] == "Lancaster County" and names["22071"] == "Orleans Parish"
    assert (names["24005"], names["24510"]) == ("Baltimore County", "Baltimore city")
    assert (names["51159"], names["51760"]) == ("Richmond County", "Richmond city")
    assert names["32510"] == "Carson City" and names["11001"] == "District of Columbia"
    assert (names["02020"], names["02110"], names["02090"]) == (
        "Anchorage Municipality", "Juneau City and Borough", "Fairbanks North Star Borough")
    assert not any(group.duplicated().any() for _, group in names.groupby(names.index.str[:2]))  # none alike in a state


def test_bad_state_code_is_refused():
    with pytest.raises(ValueError):
        geo.load_county_shapes("42' OR '1'='1")


def test_counties_table_has_exactly_the_schema_columns(pa_counties):
    assert list(pa_counties.columns) == list(tables()["counties"].column_names)
    assert pa_counties["county_fips"].is_unique
    assert pa_counties["county_fips"].map(type).eq(str).all()


def test_pennsylvania_shapes_are_valid_and_inside_the_state(pa_counties):
    geometries = shapely.from_geojson(pa_counties["geometry_geojson"].to_numpy())
    assert shapely.is_valid(geometries).all()
    assert not shapely.is_empty(geometries).any()
    assert set(shapely.get_type_id(geometries)) <= {3, 6}  # Polygon, MultiPolygon
    west, south, east, north = shapely.total_bounds(geometries)
    assert west >= PA_BOUNDS[0] and south >= PA_BOUNDS[1] and east <= PA_BOUNDS[2] and north <= PA_BOUNDS[3]


def test_label_points_fall_inside_their_county(pa_counties):
    geometries = shapely.from_geojson(pa_counties["geometry_geojson"].to_numpy())
    points = shapely.points(pa_counties["centroid_lon"].to_numpy(), pa_counties["centroid_lat"].to_numpy())
    assert shapely.intersects(geometries, points).all()


def test_no_exterior_ring_is_reversed(us_counties):
    geometries = shapely.from_geojson(us_counties["geometry_geojson"].to_numpy())
    assert not shapely.is_ccw(_exterior_rings(geometries)).any()


def test_simplified_counties_still_tile_without_overlaps(pa_counties):
    geometries = shapely.from_geojson(pa_counties["geometry_geojson"].to_numpy())
    overlap = shapely.area(geometries).sum() - shapely.area(shapely.union_all(geometries))
    assert overlap < 1e-4 * shapely.area(geometries).sum()


def test_simplified_geojson_is_small_enough_for_the_screen(pa_counties):
    assert pa_counties["geometry_geojson"].str.len().sum() < 150_000


def test_whole_us_table_has_the_50_states_and_dc(us_counties):
    assert len(us_counties) == 3142
    assert us_counties["county_fips"].is_unique
    assert us_counties["state_fips"].nunique() == 51
    assert not us_counties["state_fips"].isin(geo.TERRITORY_STATE_FIPS).any()
    geometries = shapely.from_geojson(us_counties["geometry_geojson"].to_numpy())
    assert shapely.is_valid(geometries).all() and not shapely.is_empty(geometries).any()


def test_adjacency_is_symmetric_and_knows_lancasters_neighbours(pa_adjacency):
    assert len(pa_adjacency) == 67
    for county, neighbours in pa_adjacency.items():
        assert county not in neighbours
        for neighbour in neighbours:
            assert county in pa_adjacency[neighbour]
    assert {CHESTER, YORK} <= pa_adjacency[LANCASTER]
    assert ALLEGHENY not in pa_adjacency[LANCASTER]
    assert all(pa_adjacency.values())  # no island county in Pennsylvania


def test_a_shared_corner_point_is_not_a_border(pa_shapes, pa_adjacency):
    shapes = pa_shapes.set_index("county_fips").geometry
    perry, northumberland = shapes["42099"], shapes["42097"]
    assert perry.touches(northumberland)  # they meet ...
    assert perry.boundary.intersection(northumberland.boundary).length == 0  # ... at a point only
    assert "42097" not in pa_adjacency["42099"]


def test_contiguous_regions_cover_every_county_once_and_are_connected(pa_adjacency):
    regions = geo.contiguous_regions(pa_adjacency, 10, seed=7)
    assert len(regions) == 10
    members = [county for counties in regions.values() for county in counties]
    assert sorted(members) == sorted(pa_adjacency)
    for counties in regions.values():
        assert _is_connected(counties, pa_adjacency)
    sizes = [len(counties) for counties in regions.values()]
    assert max(sizes) <= 2 * min(sizes)


def test_contiguous_regions_depend_on_the_seed_only(pa_adjacency):
    first = geo.contiguous_regions(pa_adjacency, 10, seed=7)
    again = geo.contiguous_regions(dict(reversed(list(pa_adjacency.items()))), 10, seed=7)
    other = geo.contiguous_regions(pa_adjacency, 10, seed=8)
    assert first == again
    assert first != other


def _grid(width: int, height: int) -> dict[str, frozenset[str]]:
    def name(x: int, y: int) -> str:
        return f"{x:02d}{y:02d}"

    return {
        name(x, y): frozenset(
            name(x + dx, y + dy)
            for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1))
            if 0 <= x + dx < width and 0 <= y + dy < height
        )
        for x in range(width)
        for y in range(height)
    }


@settings(max_examples=40, deadline=None)
@given(
    width=st.integers(1, 9), height=st.integers(1, 9), share=st.floats(0.01, 1.0), seed=st.integers(0, 2**31)
)
def test_contiguous_regions_partition_any_grid_into_connected_regions(width, height, share, seed):
    adjacency = _grid(width, height)
    n_regions = max(1, int(share * len(adjacency)))
    regions = geo.contiguous_regions(adjacency, n_regions, seed)
    assert len(regions) == n_regions
    assert sorted(c for counties in regions.values() for c in counties) == sorted(adjacency)
    assert all(_is_connected(counties, adjacency) for counties in regions.values())


def test_contiguous_regions_refuse_impossible_counts(pa_adjacency):
    with pytest.raises(ValueError):
        geo.contiguous_regions(pa_adjacency, 0, seed=1)
    with pytest.raises(ValueError):
        geo.contiguous_regions(pa_adjacency, 68, seed=1)


def _rings(geometry: dict) -> list:
    parts = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [ring for part in parts for ring in part]


def test_feature_collection_ids_are_the_fips_codes(pa_counties):
    collection = geo.feature_collection(pa_counties)
    assert collection["type"] == "FeatureCollection"
    assert [feature["id"] for feature in collection["features"]] == pa_counties["county_fips"].tolist()
    assert {feature["geometry"]["type"] for feature in collection["features"]} <= {"Polygon", "MultiPolygon"}
    lancaster = next(f for f in collection["features"] if f["id"] == LANCASTER)
    assert lancaster["properties"]["county_name"] == "Lancaster County"
    # each ring one array (cheap for Plotly to copy), written by Plotly's encoder as the GeoJSON the file holds
    assert all(isinstance(ring, np.ndarray) and ring.shape[1] == 2 for feature in collection["features"]
               for ring in _rings(feature["geometry"]))
    assert json.loads(to_json_plotly(lancaster["geometry"])) == json.loads(
        pa_counties.set_index("county_fips").loc[LANCASTER, "geometry_geojson"])


def test_region_outlines_are_the_union_of_their_counties(pa_counties, pa_adjacency):
    regions = geo.contiguous_regions(pa_adjacency, 5, seed=3)
    region_counties = pd.DataFrame(
        [(f"R{k}", county) for k, counties in regions.items() for county in counties],
        columns=["region_id", "county_fips"],
    )
    collection = geo.region_outlines(pa_counties, region_counties)
    assert sorted(f["id"] for f in collection["features"]) == sorted(f"R{k}" for k in regions)
    areas = shapely.area(shapely.from_geojson(pa_counties["geometry_geojson"].to_numpy()))
    area_of = dict(zip(pa_counties["county_fips"], areas, strict=True))
    for feature in collection["features"]:
        outline = shapely.from_geojson(to_json_plotly(feature["geometry"]))
        assert outline.is_valid
        members = region_counties.loc[region_counties["region_id"] == feature["id"], "county_fips"]
        assert outline.area == pytest.approx(sum(area_of[c] for c in members), rel=1e-3)
        assert not shapely.is_ccw(_exterior_rings(np.array([outline]))).any()


@pytest.mark.slow  # simplifies the 3,142 U.S. county shapes again (about 2.4 s)
def test_shipped_counties_are_what_the_build_script_makes_from_the_installed_census_file(us_counties):
    # The file in sectorscope/sources/package_data is read by every new database instead of re-simplifying the U.S.
    provenance = geo.counties_file_provenance()
    assert provenance == geo.shapes_provenance()  # same source file (sha256) and the same settings
    pd.testing.assert_frame_equal(us_counties, geo.build_counties_table())


def test_shipped_counties_file_is_small():
    assert geo.COUNTIES_FILE.stat().st_size < 3_000_000


def test_one_states_rows_of_the_shipped_file():
    colorado = geo.counties_table("08")
    assert len(colorado) == 64 and colorado["county_fips"].str.startswith("08").all()
    assert colorado["county_fips"].is_monotonic_increasing
    with pytest.raises(ValueError):
        geo.counties_table("8")
