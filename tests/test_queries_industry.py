"""The industry analysis queries on the tiny state with the tiny QCEW (see test_qcew_tiny.py)."""

from __future__ import annotations

import pytest
from query_support import query_runs_test, read_only
from test_qcew_tiny import tiny_qcew_database
from tiny_state import CHESTER, LANCASTER, YORK

from sectorscope import db

PARAMETERS = {
    "industry_area_rows": {"area_fips": [LANCASTER, YORK], "own_code": "5", "level": "4"},
    "industry_county_rows": {"state_fips": "42", "industry_code": "62", "own_code": "5", "year": 2019},
    "industry_levels": {"area_fips": [LANCASTER], "own_code": "5"},
    "industry_partnerships": {"sector_codes": [], "county_fips": [LANCASTER], "year_from": 2015, "year_to": 2025,
                              "public_only": False},
    "qcew_years": {"state_fips": "42"},
    "qcew_series_disclosed": {"area_fips": [LANCASTER, CHESTER], "years": [2019]},
    "qcew_loads": {},
}


@pytest.fixture(scope="module")
def con(tiny_db, tmp_path_factory):
    yield from read_only(tiny_qcew_database(tiny_db, tmp_path_factory.mktemp("queries-industry")))


test_query_runs_and_starts_with_a_header_comment = query_runs_test(PARAMETERS)


def test_area_rows_hold_the_industries_and_the_totals(con):
    frame = db.run_query(con, "industry_area_rows", **PARAMETERS["industry_area_rows"])
    assert len(frame) == 2 * 4 * 3  # two counties x (total + 3 industries) x 3 years
    total = frame[(frame["area_fips"] == LANCASTER) & frame["is_total"] & (frame["year"] == 2019)].iloc[0]
    assert (total["industry_code"], total["employment"], total["avg_weekly_wage"]) == ("10", 1000, 800)
    hidden = frame[(frame["area_fips"] == LANCASTER) & (frame["industry_code"] == "48-49") & (frame["year"] == 2019)]
    assert hidden["suppressed"].item() and hidden["employment"].isna().item()
    assert hidden["establishments"].item() == 3  # BLS publishes establishments of suppressed cells


def test_other_levels_and_ownerships_are_not_mixed_in(con):
    assert db.run_query(con, "industry_area_rows", area_fips=[LANCASTER], own_code="5", level="5")[
        "is_total"].all()
    assert db.run_query(con, "industry_levels", area_fips=[LANCASTER], own_code="5")["level"].tolist() == ["4"]


def test_county_rows_cover_every_county_and_say_which_have_data(con):
    frame = db.run_query(con, "industry_county_rows", **PARAMETERS["industry_county_rows"]).set_index("county_fips")
    assert len(frame) == 67
    assert frame.loc[LANCASTER, "employment"] == 150 and frame.loc[LANCASTER, "total_employment"] == 1000
    assert frame["has_data"].sum() == 3 and not frame.loc["42003", "has_data"]
    chester = db.run_query(con, "industry_county_rows", **{**PARAMETERS["industry_county_rows"],
                                                           "industry_code": "31-33"}).set_index("county_fips")
    assert chester.loc[CHESTER, "suppressed"] and chester.loc[CHESTER, "has_industry_row"]


def test_partnerships_serving_the_area_with_their_naics(con):
    frame = db.run_query(con, "industry_partnerships", **PARAMETERS["industry_partnerships"])
    assert frame["partnership_id"].tolist() == ["P1"]
    assert list(frame["naics_prefixes"].iloc[0]) == ["62"] and list(frame["counties_served"].iloc[0]) == [
        "Lancaster County"]
    york = db.run_query(con, "industry_partnerships", **{**PARAMETERS["industry_partnerships"],
                                                         "county_fips": [YORK]})
    assert york["partnership_id"].tolist() == ["P2"]
    public = db.run_query(con, "industry_partnerships", **{**PARAMETERS["industry_partnerships"],
                                                           "county_fips": [YORK], "public_only": True})
    assert public.empty  # P2 is not public


def test_qcew_years_say_what_is_loaded(con):
    frame = db.run_query(con, "qcew_years", state_fips="42")
    assert frame["year"].tolist() == [2014, 2018, 2019]
    assert frame["counties"].tolist() == [3, 3, 3] and frame["has_state"].all() and frame["has_us"].all()


def test_qcew_series_disclosed_say_which_loaded_values_to_keep(con):
    frame = db.run_query(con, "qcew_series_disclosed", **PARAMETERS["qcew_series_disclosed"])
    frame = frame.set_index(["area_fips", "industry_code"])
    assert set(frame.index.get_level_values("area_fips")) == {LANCASTER, CHESTER}
    assert frame.loc[(LANCASTER, "62"), "is_disclosed"].item()
    assert not frame.loc[(CHESTER, "31-33"), "is_disclosed"].item()  # suppressed by BLS


def test_qcew_loads_are_those_whose_rows_may_be_in_the_table(con, tmp_path):
    frame = db.run_query(con, "qcew_loads")
    assert frame["source_name"].tolist() == ["tiny-qcew.csv"]
    assert frame["source"].tolist() == ["U.S. Bureau of Labor Statistics, Quarterly Census of Employment and Wages"]
