"""What a page prints in place of what does not print: a map's picture drawn from its own figure
(``export.printmap``), and tables split to fit a page (``ui.printing``). Pure parts; the browser prints them in
test_browser_print.py."""

from __future__ import annotations

import html
import itertools
import json
import xml.etree.ElementTree as ElementTree
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import plotly.graph_objects as go
import pytest

from sectorscope.charts import maps, style
from sectorscope.export import printmap
from sectorscope.export.printmap import figure_map_svg, figure_text, is_map
from sectorscope.sources import geo
from sectorscope.ui.printing import (
    KIND_FORMATS,
    _printed_text,
    column_groups,
    figure_digest,
    print_table_parts,
    print_table_source,
)


def square(fips: str, west: float) -> dict:
    ring = [[west, 40.0], [west + 1, 40.0], [west + 1, 41.0], [west, 41.0], [west, 40.0]]
    return {"type": "Feature", "id": fips, "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


GEOJSON = {"type": "FeatureCollection", "features": [square("42001", -78.0), square("42003", -77.0)]}


def count_map(counts: tuple[int, int]) -> go.Figure:
    by_county = pd.DataFrame({"county_fips": ["42001", "42003"], "county_name": ["Adams", "Allegheny"],
                              "partnerships": list(counts), "partnership_names": [[], []],
                              "is_selected": [True, True], "centroid_lon": [-77.5, -76.5],
                              "centroid_lat": [40.5, 40.5]})
    return maps.partnership_count_map(by_county, GEOJSON, title="Partnerships serving each county")


SVG = "{http://www.w3.org/2000/svg}"


def drawn_fills(svg: str) -> list[str]:
    """The fill colour of every county shape in the picture (paths with a fill), read as XML."""
    root = ElementTree.fromstring(svg)
    return [path.get("fill").lower() for path in root.iter(f"{SVG}path") if path.get("fill") != "none"]


def test_a_map_is_drawn_in_its_own_colours():
    """The county with the most partnerships in the scale's top colour, the one with none in its bottom colour;
    each county is one closed shape, and the colour bar says what the colours mean."""
    svg = figure_map_svg(count_map((0, 4)))
    assert sorted(drawn_fills(svg)) == sorted([style.COUNT_SCALE[0][1].lower(), style.COUNT_SCALE[-1][1].lower()])
    root = ElementTree.fromstring(svg)
    assert all(path.get("d").startswith("M") and path.get("d").endswith("Z") for path in root.iter(f"{SVG}path"))
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "Partnerships" in texts and "0" in texts and "4" in texts
    # the same counties with other numbers give another picture
    assert style.COUNT_SCALE[-1][1].lower() not in drawn_fills(figure_map_svg(count_map((0, 0))))


def test_the_picture_keeps_the_maps_shape_north_up():
    """Two counties side by side, west to east, each a square of one degree: drawn west left of east, north up,
    and of the same area (an equal-area plane) within a percent."""
    root = ElementTree.fromstring(figure_map_svg(count_map((1, 2))))
    shapes = [[tuple(map(float, point.split(","))) for point in path.get("d")[1:-1].split("L")]
              for path in root.iter(f"{SVG}path")]

    def area(points):  # the shoelace formula
        return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(points))) / 2

    west, east = shapes
    assert sum(x for x, _ in west) / len(west) < sum(x for x, _ in east) / len(east)
    assert west[3][1] < west[0][1]  # (west, 41 N) above (west, 40 N): north up
    assert area(west) == pytest.approx(area(east), rel=0.01)


def test_the_picture_is_the_same_from_rings_as_arrays_or_lists():
    """The pages' GeoJSON holds each ring as an array (``geo.compact_geometry``); drawn from it or from the same
    shapes as plain lists (a multi-polygon with a hole among them), the picture is the same text."""
    holed = {"type": "Feature", "id": "42005", "properties": {}, "geometry": {"type": "MultiPolygon", "coordinates": [
        [[[-76.0, 40.0], [-75.0, 40.0], [-75.0, 41.0], [-76.0, 41.0], [-76.0, 40.0]],
         [[-75.8, 40.2], [-75.2, 40.2], [-75.2, 40.8], [-75.8, 40.2]]],
        [[[-74.5, 40.0], [-74.0, 40.0], [-74.0, 40.5], [-74.5, 40.0]]]]}}
    plain = {"type": "FeatureCollection", "features": [*GEOJSON["features"], holed]}
    compact = {**plain, "features": [{**feature, "geometry": geo.compact_geometry(feature["geometry"])}
                                     for feature in plain["features"]]}
    by_county = pd.DataFrame({"county_fips": ["42001", "42003", "42005"], "county_name": ["A", "B", "C"],
                              "partnerships": [1, 2, 3], "partnership_names": [[], [], []], "is_selected": True,
                              "centroid_lon": [-77.5, -76.5, -75.5], "centroid_lat": [40.5] * 3})
    drawn = [figure_map_svg(maps.partnership_count_map(by_county, shapes, outlines=shapes))
             for shapes in (plain, compact)]
    assert drawn[0] == drawn[1]
    assert drawn[0].count('fill-rule="evenodd"') == 3 and drawn[0].count('fill="none"') == 3  # counties, outlines
    holed_path = ElementTree.fromstring(drawn[0]).findall(f"{SVG}path")[2].get("d")
    assert holed_path.count("M") == 3 and holed_path.count("Z") == 3  # two polygons, one with a hole


class CountingTransformer:
    """pyproj's transformer, counting the points it is asked to project (in ``points``, shared by every one made)."""

    def __init__(self, transformer, points: list[int]) -> None:
        self.transformer, self.points = transformer, points

    def transform(self, x, y):
        self.points.append(len(x))
        return self.transformer.transform(x, y)


def test_a_ring_is_projected_once_whichever_thread_draws_it_again(monkeypatch):
    """Streamlit runs each rerun in a new thread, where pyproj makes its transformer again (12 ms a map page): the
    rings projected before are taken as they were, in any thread, only a new county's projected, and the picture is
    the same text; the kept rings are bounded in bytes."""
    real, points = printmap._to_equal_area, []
    monkeypatch.setattr(printmap, "_to_equal_area", lambda projection: CountingTransformer(real(projection), points))
    monkeypatch.setattr(printmap, "_PROJECTED_RINGS", printmap.cachetools.LRUCache(
        maxsize=printmap.PROJECTED_RING_BYTES, getsizeof=lambda ring: 3 * ring.nbytes))
    first = figure_map_svg(count_map((1, 2)))
    assert points == [10]  # two squares of five points
    with ThreadPoolExecutor(max_workers=1) as other_thread:
        again = other_thread.submit(figure_map_svg, count_map((1, 2))).result()
    assert again == first and points == [10]
    # a county within the same extent (a page's map draws every county of the state: one projection per state)
    inside = {**GEOJSON, "features": [*GEOJSON["features"], square("42005", -77.5)]}
    by_county = pd.DataFrame({"county_fips": ["42001", "42003", "42005"], "county_name": ["A", "B", "C"],
                              "partnerships": [1, 2, 3], "partnership_names": [[], [], []], "is_selected": True,
                              "centroid_lon": [-77.5, -76.5, -77.0], "centroid_lat": [40.5] * 3})
    figure_map_svg(maps.partnership_count_map(by_county, inside))
    assert points == [10, 5]  # only the new county
    monkeypatch.setattr(printmap, "_to_equal_area", real)
    printmap._PROJECTED_RINGS.clear()
    assert figure_map_svg(count_map((1, 2))) == first  # projected afresh: the same picture
    assert printmap._PROJECTED_RINGS.maxsize == printmap.PROJECTED_RING_BYTES


def _top_left_corners(svg: str) -> list[tuple[float, float]]:
    """The first point of every county's path (a square's south-west corner), in the picture's pixels."""
    starts = [path.get("d").split("L")[0].lstrip("M").split(",") for path in
              ElementTree.fromstring(svg).iter(f"{SVG}path") if path.get("fill") != "none"]
    return [(float(x), float(y)) for x, y in starts]


@pytest.mark.parametrize("west", [-80.5, -109.0, -73.5])  # Pennsylvania, Colorado, New York's longitudes
def test_a_printed_map_keeps_north_up(west):
    """Two counties side by side on one parallel are drawn level, wherever the state lies: the U.S.-wide Albers
    (EPSG:5070, centred at 96°W) tilted Pennsylvania's printed maps about 10° (the decks' were mended before)."""
    level = {**GEOJSON, "features": [square("42001", west), square("42003", west + 5)]}
    by_county = pd.DataFrame({"county_fips": ["42001", "42003"], "county_name": ["A", "B"], "partnerships": [1, 2],
                              "partnership_names": [[], []], "is_selected": True,
                              "centroid_lon": [west + 0.5, west + 5.5], "centroid_lat": [42.5] * 2})
    (left_x, left_y), (right_x, right_y) = _top_left_corners(figure_map_svg(
        maps.partnership_count_map(by_county, level)))
    assert right_x > left_x
    assert abs(right_y - left_y) < 0.01 * (right_x - left_x)


def test_only_maps_are_drawn_and_their_text_is_plain():
    assert figure_map_svg(go.Figure(go.Bar(x=["a"], y=[1]))) is None
    figure = count_map((1, 2))
    assert is_map(figure)
    figure.update_layout(title={"text": "Median gain by county,<br>exits 2018–2022"})
    assert figure_text(figure) == ("Median gain by county,\nexits 2018–2022", "")


def test_the_printed_picture_is_kept_per_figure_content():
    assert figure_digest(count_map((1, 2))) == figure_digest(count_map((1, 2)))
    assert figure_digest(count_map((1, 2))) != figure_digest(count_map((2, 1)))


@pytest.mark.parametrize("columns, parts", [(5, 1), (40, 4)])  # 40 columns of 12 characters: 10 a part
def test_a_wide_table_prints_in_parts_that_repeat_what_a_row_is(columns, parts):
    table = pd.DataFrame({"Scope": ["This selection, all partnerships", "Allegheny Area Energy Industry Partnership"],
                          "Program year": ["PY 2019", "PY 2020"],
                          **{f"Employment Rate (Q{i}) Num": ["1,234", "hidden (fewer than 10)"]
                             for i in range(columns)}})
    groups = column_groups(table, pinned=2)
    assert len(groups) == parts
    assert all(group[:2] == ["Scope", "Program year"] for group in groups)
    assert [column for group in groups for column in group[2:]] == list(table.columns[2:])  # each once, in order
    printed = print_table_parts(table, pinned=2)
    assert [[printed["columns"][column] for column in part["columns"]] for part in printed["parts"]] == groups
    assert sum(cells.count("hidden (fewer than 10)") for cells in printed["cells"]) == columns  # each cell once
    notes = [part["note"] for part in printed["parts"]]
    if len(groups) > 1:
        assert notes[-1].startswith(f"Table, part {len(groups)} of {len(groups)} (too wide for one page): ")
        assert notes[0].endswith(": " + ", ".join(groups[0][2:]))
    else:
        assert notes == [""]


def test_numbers_print_right_aligned_and_text_travels_as_text():
    """Columns of numbers only are marked to print right-aligned; the cells travel as text in one attribute, so
    markup in a partnership's name cannot become HTML on the page (the browser sets it as text when printing)."""
    table = pd.DataFrame({"Partnership": ["A & B <Makers>", "O'Neil --> </style>"],
                          "Grant dollars": ["$1,225,000", ""]})
    printed = print_table_parts(table)
    assert printed["columns"] == ["Partnership", "Grant dollars"] and printed["numeric"] == [0, 1]
    assert printed["cells"] == [["A & B <Makers>", "O'Neil --> </style>"], ["$1,225,000", ""]]
    source = print_table_source(table)
    start, end = "<div class=\"sectorscope-print-source\" data-table='", "'></div>"
    assert source.startswith(start) and source.endswith(end)
    attribute = source.removeprefix(start).removesuffix(end)
    assert "'" not in attribute and "<" not in attribute and ">" not in attribute
    # what the browser reads from the attribute: no "<" or ">" for the sanitiser to take for markup
    value = html.unescape(attribute)
    assert "<" not in value and ">" not in value
    assert json.loads(value) == printed


def test_printed_cells_leave_missing_blank_and_format_only_numbers():
    """What a printed table writes in each cell, whatever the column's pandas type: every kind of missing value
    blank (never "nan" or "<NA>"), numbers of a formatted column formatted, text and true/false as they are."""
    frame = pd.DataFrame({
        "Exiters": pd.Series([1234, None, 7], dtype="Int64"),
        "Share": pd.Series([0.5, float("nan"), 0.25], dtype="float64"),
        "Scope": pd.Series(["A & B", None, "C"], dtype="str"),
        "Mixed": pd.Series([12, "hidden (fewer than 10)", True], dtype=object),
    })
    text = _printed_text(frame, {"Scope": "Scope", "Exiters": "People", "Share": "Share", "Mixed": "Mixed"},
                         {"Exiters": KIND_FORMATS["count"], "Share": KIND_FORMATS["percent"],
                          "Mixed": KIND_FORMATS["count"]})
    assert text == {"Scope": ["A & B", "", "C"], "People": ["1,234", "", "7"], "Share": ["50%", "", "25%"],
                    "Mixed": ["12", "hidden (fewer than 10)", "True"]}
    assert print_table_parts(text) == print_table_parts(pd.DataFrame(text))  # columns as lists or as a frame


def test_each_distinct_value_is_written_once_and_equal_values_of_other_types_apart():
    """The printed copy writes a repeated value once; 1, 1.0 and True are equal keys but not the same text."""
    from sectorscope.ui.printing import _column_text

    calls = []

    def write(value) -> str:
        calls.append(value)
        return f"#{value}"

    assert _column_text([3, 3, 3.5, None, 3], write) == ["#3", "#3", "#3.5", "", "#3"] and calls == [3, 3.5]
    assert _column_text([1, 1.0, True, "x", [1]], None) == ["1", "1.0", "True", "x", "[1]"]
