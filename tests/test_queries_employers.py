"""The employer-outcome and QWI queries on the tiny state plus hand-made QWI cells (tests/test_qwi.py)."""

from __future__ import annotations

import pytest
from query_support import EVERYTHING, query_runs_test, read_only
from test_qwi import build_tiny_with_qwi
from tiny_state import CHESTER, LANCASTER, YORK

from sectorscope import db

PARAMETERS = {
    "employer_survey_responses": {**EVERYTHING, "public_only": False},
    "qwi_cells_of_surveyed_employers": {**EVERYTHING, "public_only": False},
    "qwi_cells_in_view": {**EVERYTHING, "state_fips": "42"},
    "qwi_coverage": {},
    "surveyed_partnerships": {"public_only": False},
}


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = tmp_path_factory.mktemp("tiny_qwi") / "tiny_qwi.duckdb"
    build_tiny_with_qwi(path)
    yield from read_only(path)


test_query_runs_and_starts_with_a_header_comment = query_runs_test(PARAMETERS, header="-- One row per")


def test_survey_responses_carry_names_and_follow_filters(con):
    frame = db.run_query(con, "employer_survey_responses", **PARAMETERS["employer_survey_responses"])
    assert list(frame["employer_name"]) == ["General Hospital", "Acme Tools"]
    assert list(frame["partnership_name"]) == ["Lancaster Health Careers", "York-Chester Makers"]
    public = db.run_query(con, "employer_survey_responses", **{**EVERYTHING, "public_only": True})
    assert list(public["employer_id"]) == ["E1"]  # P2 is not public
    york = db.run_query(con, "employer_survey_responses", **{**EVERYTHING, "county_fips": [YORK],
                                                              "public_only": False})
    assert list(york["employer_id"]) == ["E2"]


def test_baseline_cells_match_sector_counties_and_survey_years(con):
    cells = db.run_query(con, "qwi_cells_of_surveyed_employers", **PARAMETERS["qwi_cells_of_surveyed_employers"])
    p1 = cells[cells["partnership_id"] == "P1"]
    assert set(p1["area_code"]) == {LANCASTER} and set(p1["year"]) == {2018} and set(p1["naics_sector"]) == {"62"}
    assert len(p1) == 4 and p1["turnover_rate"].isna().sum() == 1  # the suppressed quarter stays missing
    p2 = cells[cells["partnership_id"] == "P2"]
    assert set(p2["area_code"]) == {YORK} and set(p2["naics_sector"]) == {"31-33"} and len(p2) == 4
    assert CHESTER not in set(cells["area_code"]) and set(cells["area_type"]) == {"county"}


def test_baseline_cells_follow_the_year_filter(con):
    cells = db.run_query(con, "qwi_cells_of_surveyed_employers", **{**PARAMETERS["qwi_cells_of_surveyed_employers"],
                                                                     "year_from": 2019, "year_to": 2019})
    assert set(cells["partnership_id"]) == {"P2"}


def test_cells_in_view_by_sector_and_county(con):
    cells = db.run_query(con, "qwi_cells_in_view", **{**PARAMETERS["qwi_cells_in_view"], "sector_codes": ["HLTH"]})
    assert set(cells["naics_sector"]) == {"62"}  # HLTH's NAICS prefix
    assert set(cells["area_type"]) == {"county", "metro"}  # metro cells cannot be sliced by county
    york = db.run_query(con, "qwi_cells_in_view", **{**PARAMETERS["qwi_cells_in_view"], "county_fips": [YORK]})
    assert set(york.loc[york["area_type"] == "county", "area_code"]) == {YORK}
    manufacturing = db.run_query(con, "qwi_cells_in_view", **{**PARAMETERS["qwi_cells_in_view"],
                                                               "sector_codes": ["MFG"]})
    assert set(manufacturing["naics_sector"]) == {"31-33"}  # the sector's prefix 31-33 is a QWI range itself
    retail = db.run_query(con, "qwi_cells_in_view", **{**PARAMETERS["qwi_cells_in_view"], "sector_codes": ["RET"]})
    assert set(retail["naics_sector"]) == {"44-45"}  # prefix 44 lies in the range; 4411 has no QWI sector


def test_coverage(con):
    frame = db.run_query(con, "qwi_coverage").set_index("area_type")
    assert frame.loc["county", "first_year"] == 2017 and frame.loc["county", "last_year"] == 2019
    assert frame.loc["county", "cells"] == 12 and frame.loc["county", "cells_with_turnover"] == 11
    assert frame.loc["metro", "areas"] == 1


def test_surveyed_partnerships_count_their_employers_and_years_whatever_the_view(con):
    frame = db.run_query(con, "surveyed_partnerships", public_only=False)
    assert frame.to_dict("records") == [
        {"partnership_id": "P1", "surveyed_employers": 1, "first_survey_year": 2018, "last_survey_year": 2018},
        {"partnership_id": "P2", "surveyed_employers": 1, "first_survey_year": 2019, "last_survey_year": 2019}]
    assert list(db.run_query(con, "surveyed_partnerships", public_only=True)["partnership_id"]) == ["P1"]
