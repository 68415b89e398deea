"""The print map in SVG (``export.mapimage.county_map_svg``, what a page carries hidden for printing): the same
projection as the deck's PNG, every county in its category's colour, the chosen counties' outer border, the legend of
the categories in use, and no plotting library."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import shapely
from pyproj import Transformer

from sectorscope.charts import style
from sectorscope.export.content import CountyMap
from sectorscope.export.mapimage import NO_SHAPE, albers, county_map_svg
from sectorscope.sources import geo

SVG = "{http://www.w3.org/2000/svg}"
COLOURS = (("few", "#c6dbef"), ("many", "#08306b"), ("never used", "#ff0000"))


@pytest.fixture(scope="module")
def pennsylvania() -> CountyMap:
    counties = geo.counties_table("42")
    category_of = {fips: "many" if index % 3 == 0 else "few"
                   for index, fips in enumerate(counties["county_fips"]) if index % 5}  # every 5th: no category
    return CountyMap("Partnerships", counties, category_of, COLOURS, "Partnerships in view")


def _counties(svg: str) -> dict[str, str]:
    root = ET.fromstring(svg)
    return {path.find(f"{SVG}title").text: path.get("fill") for path in root.iter(f"{SVG}path")
            if path.find(f"{SVG}title") is not None}


def test_every_county_is_drawn_in_its_categorys_colour(pennsylvania):
    svg = county_map_svg(pennsylvania)
    root = ET.fromstring(svg)  # well-formed
    assert (root.get("width"), root.get("height")) == ("910", "572")  # an img needs both to have a natural size
    fills = _counties(svg)
    assert set(fills) == set(pennsylvania.counties["county_fips"])
    colours = dict(COLOURS)
    for fips, fill in fills.items():
        assert fill == colours[pennsylvania.category_of[fips]] if fips in pennsylvania.category_of else NO_SHAPE


def test_the_legend_names_the_categories_in_use_only(pennsylvania):
    texts = [text.text for text in ET.fromstring(county_map_svg(pennsylvania)).iter(f"{SVG}text")]
    assert texts == ["Partnerships in view", "few", "many"]


def test_the_chosen_counties_get_one_outer_border(pennsylvania):
    plain = county_map_svg(pennsylvania)
    chosen = ("42101", "42091", "42045")  # Philadelphia, Montgomery, Delaware: neighbours
    outlined = county_map_svg(pennsylvania, highlight=chosen)
    assert f'stroke="{style.BLACK}"' not in plain
    borders = [path for path in ET.fromstring(outlined).iter(f"{SVG}path") if path.get("stroke") == style.BLACK]
    assert len(borders) == 1
    # the union's boundary, not each county's: one closed line around the three (no inner borders)
    assert len(re.findall("M", borders[0].get("d"))) == 1


def test_the_projection_is_epsg_5070_up_to_scale(pennsylvania):
    """Spherical Albers with EPSG:5070's parameters: after fitting scale and offset, within 0.2% of the map's width
    of pyproj's ellipsoidal EPSG:5070 (about a pixel on the printed map, 0.1% measured on Pennsylvania)."""
    points = shapely.get_coordinates(shapely.from_geojson(pennsylvania.counties["geometry_geojson"].to_numpy()))
    ours = np.column_stack(albers(points[:, 0], points[:, 1]))
    theirs = np.column_stack(Transformer.from_crs("EPSG:4326", "EPSG:5070", always_xy=True)
                             .transform(points[:, 0], points[:, 1]))
    ours_centred, theirs_centred = ours - ours.mean(axis=0), theirs - theirs.mean(axis=0)
    scale = np.sum(ours_centred * theirs_centred) / np.sum(ours_centred ** 2)
    width = np.ptp(theirs[:, 0])
    assert np.abs(ours_centred * scale - theirs_centred).max() < 0.002 * width
    flipped = np.column_stack(albers(points[:, 0], points[:, 1][::-1]))  # a wrong map must fail the check
    assert np.abs((flipped - flipped.mean(axis=0)) * scale - theirs_centred).max() > 0.01 * width


def test_a_map_without_shapes_still_draws_its_legend():
    counties = geo.counties_table("42").head(3).assign(geometry_geojson=None)
    svg = county_map_svg(CountyMap("t", counties, {}, COLOURS, "Legend"))
    assert _counties(svg) == {}
    assert [text.text for text in ET.fromstring(svg).iter(f"{SVG}text")] == ["Legend"]
