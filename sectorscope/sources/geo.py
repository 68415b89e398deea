"""County geometry from the Census cartographic boundaries shipped in the PyPI package ``plotly-geo``.

The shapes are ``cb_2016_us_county_500k`` (Census 2016, 1:500,000). This module reads them, keeps the 50 states
and DC, simplifies them for the screen as a coverage (so neighbours keep shared borders), and derives what the
app needs from them: the ``counties`` table, county adjacency, contiguous regions, GeoJSON for Plotly maps and
the bounds a map must show.

The simplified U.S. counties are built once, not per database: ``package_data/us_counties.parquet`` is written
by ``python -m sectorscope.sources.geo`` from plotly-geo's Census shapefile (its sha256 and settings are stored in the
file's metadata, and a test rebuilds it and compares), and ``counties_table`` reads it in a few milliseconds.

geopandas (with pyproj, 0.3-0.4 s to import) is imported only by the functions that read or project the shapefile:
the pages build their maps' GeoJSON from the stored shapes with shapely alone, so the first page's map is sent
before geopandas is loaded (issue 16's startup).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import json
import sys
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely

from sectorscope import config
from sectorscope.extent import continuous_span

if TYPE_CHECKING:
    import geopandas as gpd

SHAPEFILE_NAME = "cb_2016_us_county_500k.shp"
SOURCE_CRS = "EPSG:4269"  # NAD83; the shapefile ships without a .prj
EQUAL_AREA_CRS = "EPSG:5070"  # CONUS Albers, metres: tolerances mean the same everywhere
SCREEN_CRS = "EPSG:4326"
SIMPLIFY_TOLERANCE_M = 1000.0  # US ~2.7 MB of GeoJSON, Pennsylvania ~50 KB
COORDINATE_GRID_DEG = 1e-5  # ~1 m: GeoJSON coordinates keep 5 decimals
TERRITORY_STATE_FIPS: tuple[str, ...] = ("60", "66", "69", "72", "78")  # AS, GU, MP, PR, VI
COUNTY_COLUMNS: tuple[str, ...] = (
    "county_fips",
    "state_fips",
    "county_name",
    "centroid_lon",
    "centroid_lat",
    "geometry_geojson",
)
# What kind of county each Census legal/statistical area description code (LSAD) names: Louisiana's parishes,
# Virginia's independent cities (Richmond city beside Richmond County), Alaska's boroughs. "00" is the District of
# Columbia, named in full. A name is written with its kind, as the Census Bureau's NAMELSAD does.
COUNTY_KINDS = {"06": "County", "15": "Parish", "25": "city", "04": "Borough", "05": "Census Area",
                "12": "Municipality", "03": "City and Borough", "00": ""}
COUNTIES_FILE = config.COUNTIES_FILE
_METADATA_KEY = b"sectorscope"  # parquet metadata: provenance and settings of the shipped shapes


def shapefile_path() -> Path:
    """Path of the Census county shapefile inside the installed ``plotly-geo`` package."""
    return Path(str(importlib.resources.files("_plotly_geo") / "package_data" / SHAPEFILE_NAME))


def full_county_name(name: str, lsad: str) -> str:
    """A county's name with its kind (``COUNTY_KINDS`` by its LSAD code), as the Census Bureau's NAMELSAD writes it:
    "Lancaster County", "Orleans Parish", "Baltimore city", "Carson City" (a city named so already), "District of
    Columbia"; an unknown code leaves the name as it is."""
    kind = COUNTY_KINDS.get(lsad, "")
    if not kind or (kind == "city" and name.endswith(" City")):
        return name
    return f"{name} {kind}"


def load_county_shapes(state_fips: str | None = None) -> gpd.GeoDataFrame:
    """Raw county shapes (EPSG:4269) of one state, or of the 50 states and DC when ``state_fips`` is None:
    ``county_name`` is the Census name alone ("Lancaster"), ``full_name`` with its kind (``full_county_name``)."""
    if state_fips is not None and (len(state_fips) != 2 or not state_fips.isdigit()):
        raise ValueError(f"state_fips must be a 2-digit string, got {state_fips!r}")
    import geopandas as gpd

    where = f"STATEFP = '{state_fips}'" if state_fips is not None else None  # validated digits only
    raw = gpd.read_file(
        shapefile_path(),
        columns=["STATEFP", "GEOID", "NAME", "LSAD"],
        where=where,
        use_arrow=True,
        engine="pyogrio",
    )
    raw = raw[~raw["STATEFP"].isin(TERRITORY_STATE_FIPS)].set_crs(SOURCE_CRS)
    shapes = gpd.GeoDataFrame(
        {
            "county_fips": raw["GEOID"].astype(str).to_numpy(),
            "state_fips": raw["STATEFP"].astype(str).to_numpy(),
            "county_name": raw["NAME"].astype(str).to_numpy(),
            "full_name": [full_county_name(name, lsad) for name, lsad in zip(raw["NAME"].astype(str),
                                                                               raw["LSAD"].astype(str), strict=True)],
        },
        geometry=raw.geometry.to_numpy(),
        crs=SOURCE_CRS,
    )
    return shapes.sort_values("county_fips", ignore_index=True)


def simplify_for_screen(shapes: gpd.GeoDataFrame, tolerance_m: float = SIMPLIFY_TOLERANCE_M) -> gpd.GeoSeries:
    """Coverage-simplified shapes in EPSG:4326: valid, non-empty, exterior rings clockwise (what plotly expects)."""
    import geopandas as gpd

    projected = shapes.geometry.to_crs(EQUAL_AREA_CRS)
    simplified = projected.simplify_coverage(tolerance_m).to_crs(SCREEN_CRS)
    geometries = shapely.set_precision(np.asarray(simplified.to_numpy()), COORDINATE_GRID_DEG)
    geometries = shapely.orient_polygons(geometries, exterior_cw=True)
    bad = ~shapely.is_valid(geometries) | shapely.is_empty(geometries)
    if bad.any():
        # A county too thin to survive at this tolerance falls back to its own raw shape, gently simplified.
        raw = np.asarray(shapes.geometry.to_crs(SCREEN_CRS).to_numpy())[bad]
        fixed = shapely.make_valid(shapely.simplify(raw, COORDINATE_GRID_DEG, preserve_topology=True))
        geometries[bad] = shapely.orient_polygons(fixed, exterior_cw=True)
    return gpd.GeoSeries(geometries, index=shapes.index, crs=SCREEN_CRS)


def label_points(shapes: gpd.GeoDataFrame, screen_geometries: gpd.GeoSeries) -> np.ndarray:
    """Per county a point for labels, (lon, lat): the area centroid if it falls inside the shape, else a point on it."""
    centroids = shapes.geometry.to_crs(EQUAL_AREA_CRS).centroid.to_crs(SCREEN_CRS).to_numpy()
    geometries = np.asarray(screen_geometries.to_numpy())
    inside = shapely.contains(geometries, centroids)
    points = np.where(inside, centroids, shapely.point_on_surface(geometries))
    return shapely.get_coordinates(points)


def build_counties_table(state_fips: str | None = None) -> pd.DataFrame:
    """Rows of the ``counties`` table built from the Census shapefile (slow: seconds for the U.S.); a county's name
    with its kind ("Lancaster County", "Orleans Parish": ``full_county_name``).

    For one state, or the 50 states and DC when None. The app reads the shipped result via ``counties_table``.
    """
    shapes = load_county_shapes(state_fips)
    screen = simplify_for_screen(shapes)
    points = label_points(shapes, screen)
    return pd.DataFrame(
        {
            "county_fips": shapes["county_fips"].to_numpy(),
            "state_fips": shapes["state_fips"].to_numpy(),
            "county_name": shapes["full_name"].to_numpy(),
            "centroid_lon": points[:, 0].astype("float64"),
            "centroid_lat": points[:, 1].astype("float64"),
            "geometry_geojson": shapely.to_geojson(np.asarray(screen.to_numpy())),
        },
        columns=list(COUNTY_COLUMNS),
    )


def shapes_provenance() -> dict[str, object]:
    """What the shipped shapes are made from and how: source file, its sha256, tolerance and coordinate grid."""
    return {
        "source": f"U.S. Census Bureau cartographic boundary file {SHAPEFILE_NAME} (2016, 1:500,000), "
                  "as shipped in the PyPI package plotly-geo==1.0.0",
        "source_sha256": hashlib.sha256(shapefile_path().read_bytes()).hexdigest(),
        "simplify_tolerance_m": SIMPLIFY_TOLERANCE_M,
        "equal_area_crs": EQUAL_AREA_CRS,
        "coordinate_grid_deg": COORDINATE_GRID_DEG,
        "built_by": "python -m sectorscope.geo",
    }


def write_counties_file(path: Path = COUNTIES_FILE) -> Path:
    """Build the simplified U.S. counties and write them to ``path`` (Parquet, zstd), provenance in the metadata."""
    table = pa.Table.from_pandas(build_counties_table(), preserve_index=False)
    metadata = dict(table.schema.metadata or {})
    metadata[_METADATA_KEY] = json.dumps(shapes_provenance()).encode()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table.replace_schema_metadata(metadata), path, compression="zstd", compression_level=19)
    return path


def counties_file_provenance(path: Path = COUNTIES_FILE) -> dict[str, object]:
    """The provenance stored with a counties file by ``write_counties_file``."""
    return json.loads(pq.read_schema(path).metadata[_METADATA_KEY])


def counties_table(state_fips: str | None = None, path: Path = COUNTIES_FILE) -> pd.DataFrame:
    """Rows of the ``counties`` table (schema.sql columns) for one state, or the 50 states and DC when None.

    Read from the shipped, already simplified file (milliseconds); ``build_counties_table`` makes it.
    """
    if state_fips is not None and (len(state_fips) != 2 or not state_fips.isdigit()):
        raise ValueError(f"state_fips must be a 2-digit string, got {state_fips!r}")
    filters = [("state_fips", "=", state_fips)] if state_fips is not None else None
    counties = pd.read_parquet(path, filters=filters)
    return counties[list(COUNTY_COLUMNS)].sort_values("county_fips", ignore_index=True)


@functools.cache
@functools.cache  # read once per process: a report's hint asked it once per code cut short (50 ms each)
def us_county_fips(path: Path = COUNTIES_FILE) -> frozenset[str]:
    """The 5-digit FIPS codes of the counties of the 50 states and DC, from the shipped file's one column (50 ms)."""
    return frozenset(pd.read_parquet(path, columns=["county_fips"])["county_fips"])


@functools.cache
def us_county_name(county_fips: str, path: Path = COUNTIES_FILE) -> str | None:
    """The name of the county of ``county_fips`` ("Alamosa County"), None for no county of the shipped file."""
    names = _us_county_names(path)
    return names.get(county_fips)


@functools.cache
def _us_county_names(path: Path) -> dict[str, str]:
    frame = pd.read_parquet(path, columns=["county_fips", "county_name"])
    return dict(zip(frame["county_fips"], frame["county_name"], strict=True))


def county_adjacency(shapes: gpd.GeoDataFrame) -> dict[str, frozenset[str]]:
    """Counties sharing a border (at least one boundary segment); a shared corner point alone does not count.

    The Census cartographic boundaries form a valid polygon coverage (neighbours share identical vertices along
    their common edges), so two counties are neighbours exactly when one of their ring segments is identical.
    """
    fips = shapes["county_fips"].astype(str).to_numpy()
    polygons, polygon_owner = shapely.get_parts(np.asarray(shapes.geometry.to_numpy()), return_index=True)
    rings, ring_polygon = shapely.get_rings(polygons, return_index=True)
    coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
    owner = polygon_owner[ring_polygon[coord_ring]]
    same_ring = coord_ring[:-1] == coord_ring[1:]
    start, end, seg_owner = coords[:-1][same_ring], coords[1:][same_ring], owner[:-1][same_ring]
    swap = (start[:, 0] > end[:, 0]) | ((start[:, 0] == end[:, 0]) & (start[:, 1] > end[:, 1]))
    low = np.where(swap[:, None], end, start)
    high = np.where(swap[:, None], start, end)
    order = np.lexsort((seg_owner, high[:, 1], high[:, 0], low[:, 1], low[:, 0]))
    low, high, seg_owner = low[order], high[order], seg_owner[order]
    shared = (
        (low[1:] == low[:-1]).all(axis=1)
        & (high[1:] == high[:-1]).all(axis=1)
        & (seg_owner[1:] != seg_owner[:-1])
    )
    first, second = seg_owner[:-1][shared], seg_owner[1:][shared]
    neighbours: dict[str, set[str]] = {code: set() for code in fips}
    for a, b in set(zip(first.tolist(), second.tolist(), strict=True)):
        neighbours[fips[a]].add(fips[b])
        neighbours[fips[b]].add(fips[a])
    return {code: frozenset(found) for code, found in sorted(neighbours.items())}


def _hop_distances(adjacency: dict[str, frozenset[str]], source: str) -> dict[str, int]:
    """Breadth-first hop counts from ``source`` to every county reachable from it."""
    distances = {source: 0}
    queue = deque([source])
    while queue:
        current = queue.popleft()
        for neighbour in sorted(adjacency[current]):
            if neighbour not in distances:
                distances[neighbour] = distances[current] + 1
                queue.append(neighbour)
    return distances


def contiguous_regions(adjacency: dict[str, frozenset[str]], n_regions: int, seed: int) -> dict[str, list[str]]:
    """A seeded partition of the counties into ``n_regions`` contiguous groups of similar size.

    Seeds are spread out (farthest-point in hops from a random first county); then the smallest region with an
    unassigned neighbour repeatedly takes the frontier county with most neighbours already in it (ties broken by
    the seeded generator). Keys are region numbers "1".."n" ordered by their smallest county FIPS. Counties not
    connected to any seed (islands) join the smallest region, which is then the one non-contiguous region.
    """
    counties = sorted(adjacency)
    if not 1 <= n_regions <= len(counties):
        raise ValueError(f"n_regions must be between 1 and {len(counties)}, got {n_regions}")
    rng = np.random.default_rng(seed)
    seeds = [counties[int(rng.integers(len(counties)))]]
    distance_to_seeds = _hop_distances(adjacency, seeds[0])
    while len(seeds) < n_regions:
        far = np.array([distance_to_seeds.get(c, 10**6) if c not in seeds else -1 for c in counties])
        candidates = [c for c, d in zip(counties, far, strict=True) if d == far.max()]
        chosen = candidates[int(rng.integers(len(candidates)))]
        seeds.append(chosen)
        for county, hops in _hop_distances(adjacency, chosen).items():
            distance_to_seeds[county] = min(distance_to_seeds.get(county, 10**6), hops)

    assignment: dict[str, int] = {county: k for k, county in enumerate(seeds)}
    members: list[list[str]] = [[county] for county in seeds]
    open_regions = set(range(n_regions))
    while open_regions:
        region = min(open_regions, key=lambda k: (len(members[k]), k))
        frontier: dict[str, int] = {}
        for county in members[region]:
            for neighbour in adjacency[county]:
                if neighbour not in assignment:
                    frontier[neighbour] = frontier.get(neighbour, 0) + 1
        if not frontier:
            open_regions.discard(region)
            continue
        best = max(frontier.values())
        candidates = sorted(c for c, links in frontier.items() if links == best)
        chosen = candidates[int(rng.integers(len(candidates)))]
        assignment[chosen] = region
        members[region].append(chosen)

    for county in counties:  # islands: not reachable from any seed
        if county not in assignment:
            region = min(range(n_regions), key=lambda k: (len(members[k]), k))
            assignment[county] = region
            members[region].append(county)

    ordered = sorted((sorted(group) for group in members), key=lambda group: group[0])
    return {str(k + 1): group for k, group in enumerate(ordered)}


def geometry_bboxes(geometries_geojson: pd.Series | np.ndarray) -> np.ndarray:
    """Per geometry its GeoJSON bbox [west, south, east, north]; west > east when it crosses the antimeridian
    (RFC 7946, 5.2), as Aleutians West (02016) does. NaN rows for missing geometries."""
    geometries = shapely.from_geojson(np.asarray(geometries_geojson, dtype=object))
    boxes = np.full((len(geometries), 4), np.nan)
    parts, owner = shapely.get_parts(geometries, return_index=True)
    if len(parts) == 0:
        return boxes
    part_boxes = shapely.bounds(parts)
    for index in np.unique(owner):
        mine = part_boxes[owner == index]
        west, east = continuous_span(mine[:, [0, 2]])
        boxes[index] = (west, mine[:, 1].min(), east - 360 if east > 180 else east, mine[:, 3].max())
    return boxes


def _rings_as_arrays(coordinates: list) -> list | np.ndarray:
    # a ring or line is a list of [x, y] positions; polygons and multi-geometries nest lists of them
    if coordinates and isinstance(coordinates[0], list) and coordinates[0] and not isinstance(coordinates[0][0], list):
        return np.asarray(coordinates, dtype=float)
    return [_rings_as_arrays(part) for part in coordinates]


def compact_geometry(geometry: dict) -> dict:
    """A GeoJSON geometry whose every ring (or line) is one float array of shape (n, 2), not n lists of two floats.

    Plotly deep-copies a trace's ``geojson`` when the figure is built and again when it is sent, and a state's county
    outlines are tens of thousands of small lists: copying an array is one ``memcpy``. Plotly's JSON encoder writes an
    array as the list it holds, so the browser gets the same text; ``shapely.geometry.shape`` reads it as it is. Not
    for ``json.dumps`` (use ``plotly.io.json.to_json_plotly``)."""
    if geometry.get("type") == "GeometryCollection":
        return {**geometry, "geometries": [compact_geometry(part) for part in geometry.get("geometries", ())]}
    if "coordinates" not in geometry or geometry.get("type") == "Point":
        return geometry
    return {**geometry, "coordinates": _rings_as_arrays(geometry["coordinates"])}


def feature_collection(counties: pd.DataFrame) -> dict:
    """GeoJSON FeatureCollection of counties (``id`` = county_fips) for ``choropleth_map(featureidkey="id")``, each
    ring an array (``compact_geometry``)."""
    features = []
    names = counties["county_name"] if "county_name" in counties else pd.Series(None, index=counties.index)
    shaped = counties["geometry_geojson"].notna().to_numpy()
    boxes = np.full((len(counties), 4), np.nan)
    if shaped.any():
        boxes[shaped] = geometry_bboxes(counties["geometry_geojson"].to_numpy()[shaped])
    for fips, name, geometry, box in zip(
        counties["county_fips"], names, counties["geometry_geojson"], boxes, strict=True
    ):
        if not isinstance(geometry, str):
            continue
        properties = {"county_fips": str(fips)}
        if isinstance(name, str):
            properties["county_name"] = name
        features.append({"type": "Feature", "id": str(fips), "bbox": [round(float(v), 5) for v in box],
                         "properties": properties, "geometry": compact_geometry(json.loads(geometry))})
    return {"type": "FeatureCollection", "features": features}


def region_outlines(counties: pd.DataFrame, region_counties: pd.DataFrame) -> dict:
    """GeoJSON FeatureCollection with one (multi)polygon per region (``id`` = region_id): the union of its counties,
    each ring an array (``compact_geometry``)."""
    shapes = counties[["county_fips", "geometry_geojson"]].dropna()
    joined = region_counties[["region_id", "county_fips"]].merge(shapes, on="county_fips", how="inner")
    features = []
    for region_id, group in joined.groupby("region_id", sort=True):
        parts = shapely.from_geojson(group["geometry_geojson"].to_numpy())
        outline = shapely.make_valid(shapely.union_all(parts, grid_size=COORDINATE_GRID_DEG))
        outline = shapely.orient_polygons(outline, exterior_cw=True)
        features.append(
            {
                "type": "Feature",
                "id": str(region_id),
                "properties": {"region_id": str(region_id)},
                "geometry": compact_geometry(json.loads(shapely.to_geojson(outline))),
            }
        )
    return {"type": "FeatureCollection", "features": features}


if __name__ == "__main__":  # python -m sectorscope.sources.geo [PATH]: rebuild the shipped county shapes
    written = write_counties_file(Path(sys.argv[1]) if len(sys.argv) > 1 else COUNTIES_FILE)
    print(f"Wrote {written} ({written.stat().st_size:,} bytes)")
