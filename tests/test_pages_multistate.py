"""A labor market across a state line: Pennsylvania's and New York's real 2016 QCEW loaded together, and a region
(the Southern Tier: three New York and three Pennsylvania counties) that the filters, the county list, QCEW and
the maps take whole."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import SHARED
from page_support import open_page
from test_pages_industry import figures, table

from sectorscope import db
from sectorscope.charts import maps
from sectorscope.ingest import load as ingest
from sectorscope.sources import qcew

PAGE = "pages/2_Industry.py"
QUARTERLY = SHARED / "data" / "qcew-bls" / "quarterly-2016-by-area"
NEW_YORK = ["36007", "36107", "36015"]  # Broome, Tioga, Chemung
PENNSYLVANIA = ["42115", "42015", "42117"]  # Susquehanna, Bradford, Tioga
SOUTHERN_TIER = NEW_YORK + PENNSYLVANIA


@pytest.fixture(scope="module")
def two_states_db(tmp_path_factory):
    if not (QUARTERLY / "pennsylvania").is_dir() or not (QUARTERLY / "new-york").is_dir():
        pytest.skip(f"shared data folder {QUARTERLY} is absent")
    path = tmp_path_factory.mktemp("two-states") / "two-states.duckdb"
    # New York's beside Pennsylvania's on purpose: the region naming its counties is loaded after them
    loaded = qcew.load_qcew_paths(path, [QUARTERLY / "pennsylvania", QUARTERLY / "new-york"], other_states=True)
    assert loaded.files == 69 + 64 and not loaded.gaps
    regions = pd.DataFrame({"region_id": ["ST"], "region_name": ["Southern Tier"],
                            "region_type": ["labor market region"]})
    members = pd.DataFrame({"region_id": "ST", "county_fips": SOUTHERN_TIER})
    ingest.load_batch(path, [ingest.TableInput("regions", regions, "regions.csv"),
                             ingest.TableInput("region_counties", members, "region_counties.csv")],
                      other_states=True)  # a region across the state line, on purpose
    return path


def test_the_map_area_holds_the_state_and_the_other_states_region_counties(two_states_db):
    con = db.connect_read_only(two_states_db)
    try:
        state = db.run_query(con, "active_state")["state_fips"].iloc[0]
        counties = db.run_query(con, "state_counties", state_fips=state)
    finally:
        con.close()
    assert state == "42"  # most counties are Pennsylvania's
    assert len(counties) == 67 + 3
    assert set(counties.loc[counties["state_fips"] == "36", "county_fips"]) == set(NEW_YORK)
    assert counties["county_fips"].iloc[-3:].tolist() == sorted(NEW_YORK, key=dict(
        zip(counties["county_fips"], counties["county_name"], strict=True)).get)  # the other state's last


def test_a_region_across_two_states_is_analysed_and_drawn_on_one_map(two_states_db, monkeypatch):
    at = open_page(PAGE, two_states_db, monkeypatch, region="ST")
    assert not at.exception and not at.error
    rows = table(at)
    assert (rows["LQ"] != "–").sum() >= 12  # LQs against the U.S. from the LQs BLS publishes in both states
    assert any("from BLS-published LQs" in caption.value for caption in at.caption)
    figure = figures(at)[-1]  # one industry's LQ by county
    drawn = {code for trace in figure.data for code in trace.locations}
    assert set(SOUTHERN_TIER) <= drawn and {code[:2] for code in drawn} == {"36", "42"}
    features = {feature["id"] for trace in figure.data for feature in trace.geojson["features"]}  # once per map
    assert set(SOUTHERN_TIER) <= features
    outline = {feature["id"] for feature in figure.layout.map.layers[0].source["features"]}
    assert outline == set(SOUTHERN_TIER)  # the chosen area, outlined across the state line


def test_the_region_filter_lists_the_other_states_counties_with_their_state(two_states_db, monkeypatch):
    at = open_page(PAGE, two_states_db, monkeypatch, region="ST")
    county_filter = next(widget for widget in at.multiselect if "ount" in widget.label)
    labels = [county_filter.format_func(code) for code in county_filter.options] \
        if hasattr(county_filter, "format_func") else list(county_filter.options)
    assert any(label.endswith("(NY)") for label in labels), labels[:5]
    assert set(county_filter.value) == set(SOUTHERN_TIER)


def test_the_whole_map_area_is_framed(two_states_db):
    from sectorscope.sources import geo

    con = db.connect_read_only(two_states_db)
    try:
        counties = db.run_query(con, "state_counties", state_fips="42")
    finally:
        con.close()
    geojson = geo.feature_collection(counties)
    view = maps.map_view(counties, 800, 480, geojson)
    west, south, east, north = maps.visible_bounds(view, 800, 480)
    assert north > 42.3 and south < 39.72  # Broome County (NY) reaches 42.4°N; Pennsylvania's south border
    assert west < -80.52 and east > -74.69  # Pennsylvania from Ohio to the Delaware
