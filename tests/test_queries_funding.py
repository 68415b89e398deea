"""The funding and systems-change queries on the tiny state (tests/tiny_state.py), checked by hand."""

from __future__ import annotations

import pytest
from support_queries import EVERYTHING as SELECT_ALL
from support_queries import query_runs_test, read_only
from tiny_state import CHESTER, LANCASTER

from sectorscope import db

EVERYTHING = {**SELECT_ALL, "public_only": False}
PARAMETERS = {
    "grant_awards_in_view": EVERYTHING,
    "system_change_entries": {**EVERYTHING, "categories": []},
}


@pytest.fixture(scope="module")
def con(tiny_db):
    yield from read_only(tiny_db)


test_query_runs_and_starts_with_a_header_comment = query_runs_test(PARAMETERS)


def test_grants_of_partnerships_in_view_by_start_year(con):
    grants = db.run_query(con, "grant_awards_in_view", **EVERYTHING)
    assert list(grants["grant_id"]) == ["G1", "G2", "G3"]
    assert list(grants["partnership_name"][:1]) == ["Lancaster Health Careers"]
    in_2017 = db.run_query(con, "grant_awards_in_view", **{**EVERYTHING, "year_from": 2017, "year_to": 2017})
    assert list(in_2017["grant_id"]) == ["G2", "G3"]
    chester = db.run_query(con, "grant_awards_in_view", **{**EVERYTHING, "county_fips": [CHESTER]})
    assert set(chester["partnership_id"]) == {"P2"}  # by counties the partnership serves
    public = db.run_query(con, "grant_awards_in_view", **{**EVERYTHING, "public_only": True})
    assert set(public["partnership_id"]) == {"P1"}


def test_system_change_entries_filter_by_category(con):
    entries = db.run_query(con, "system_change_entries", **PARAMETERS["system_change_entries"])
    assert list(entries["change_id"]) == ["C1"] and entries.loc[0, "partnership_name"] == "Lancaster Health Careers"
    other = db.run_query(con, "system_change_entries", **{**EVERYTHING, "categories": ["public policy"]})
    assert other.empty
    lancaster = db.run_query(con, "system_change_entries", **{**EVERYTHING, "categories": ["career pathway"],
                                                               "county_fips": [LANCASTER]})
    assert list(lancaster["change_id"]) == ["C1"]
    before = db.run_query(con, "system_change_entries", **{**EVERYTHING, "categories": [], "year_to": 2017})
    assert before.empty  # C1 is dated 2018
