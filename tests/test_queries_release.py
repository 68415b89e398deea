"""The public release's queries on the tiny state (tests/tiny_state.py): P1 is public (3 exiters, one employer
response, grants of $100,000 and $300,000), P2 is private; k = 10 hides every count of people."""

from __future__ import annotations

import pytest
from query_support import query_runs_test, read_only
from tiny_state import LANCASTER, YORK

from sectorscope import db

STATE_CELL = {"geo_level": "state", "geo_id": "42", "sector_code": "all", "period": "all", "partnership_id": "all"}
PARAMETERS = {
    "release_people": {},
    "release_responses": {},
    "release_grants": {},
    "release_partnerships": {},
    "release_region_counties": {"state_fips": "42"},
    "release_table": {},
    "release_cell": STATE_CELL,
    "release_parts": {"split": "sector", "geo_level": "state", "geo_id": "42", "sector_code": "all",
                      "period": "all"},
    "release_places": {},
    "release_choices": {},
    "release_stories": {},
    "release_status": {},
    "release_checked": {},
    "release_layout": {},
    "release_built_with": {},
    "release_format": {},
    "release_answers": {},
    "release_tables_held": {"table_names": ["release_cells", "release_hidden_values"]},
    "release_previous_hidden": {},
    "release_place_grants": {"county_fips": [], "sector_code": "all"},
}


@pytest.fixture(scope="module")
def con(tiny_db):
    yield from read_only(tiny_db)


test_query_runs_and_starts_with_a_header_comment = query_runs_test(PARAMETERS)


def test_release_facts_hold_public_partnerships_only(con):
    people = db.run_query(con, "release_people")
    assert sorted(people["participant_id"]) == ["A", "B", "C"]  # D belongs to the private P2
    assert list(db.run_query(con, "release_responses")["employer_id"]) == ["E1"]
    assert db.run_query(con, "release_grants")["amount_usd"].sum() == 400_000
    partnerships = db.run_query(con, "release_partnerships")
    assert list(partnerships["partnership_id"]) == ["P1"] and list(partnerships["county_fips"][0]) == [LANCASTER]
    assert sorted(db.run_query(con, "release_region_counties", state_fips="42")["county_fips"]) == [LANCASTER, YORK]


def test_the_state_cell_hides_small_counts_and_shows_open_figures(con):
    cell = db.run_query(con, "release_cell", **STATE_CELL).set_index("statistic")
    assert bool(cell.loc["exiters", "is_hidden"]) and cell["value"].isna()["exiters"]  # 3 people < 10
    assert bool(cell.loc["mean_wage_gain", "is_hidden"])
    assert cell.loc["grant_dollars", "value"] == 400_000 and cell.loc["public_partnerships", "value"] == 1
    assert set(cell["min_cell"]) == {10}
    # the public download does not say why a value is hidden ("fewer than k" would bound it to 1..k-1)
    table = db.run_query(con, "release_table")
    assert "hidden_reason" not in table.columns
    # an empty value says why in words: hidden, or no one to count; a value shown has no note
    notes = table.groupby([table["is_hidden"], table["value"].isna()], dropna=False)["value_note"].unique()
    assert {key: list(found) for key, found in notes.items()} == {
        (False, False): [None], (False, True): ["no one to count"], (True, True): ["hidden for privacy"]}


def test_places_choices_stories_and_status(con):
    places = db.run_query(con, "release_places")
    assert places["place_name"].iloc[0] == "Whole state" and "South Central" in set(places["place_name"])
    assert "Lancaster County" in set(places["place_name"])
    choices = db.run_query(con, "release_choices")
    assert set(choices.loc[choices["kind"] == "sector", "code"]) == {"HLTH"}
    assert set(choices.loc[choices["kind"] == "period", "code"]) >= {"2017", "2018"}
    stories = db.run_query(con, "release_stories")
    assert list(stories["quote"]) == ["I got a raise."]  # S2 has no consent
    assert bool(db.run_query(con, "release_status")["has_release"].iloc[0])
    # the tiny state's release is small: its build attacked it whole
    assert db.run_query(con, "release_checked")["attacker_checked"].tolist() == [True]


@pytest.mark.parametrize(("split", "column", "fixed"), [("sector", "sector_code", {"period": "all"}),
                                                          ("period", "period", {"sector_code": "all"})])
def test_release_parts_split_one_cell_along_one_dimension(con, split, column, fixed):
    """The parts are exactly the release rows of the cell's sectors (or years), the other dimension held."""
    params = {"geo_level": "state", "geo_id": "42", "sector_code": "all", "period": "all"}
    parts = db.run_query(con, "release_parts", split=split, **params)
    table = db.run_query(con, "release_table")
    other = next(iter(fixed))
    expected = table[(table["geo_level"] == "state") & (table["partnership_id"] == "all")
                     & (table[column] != "all") & (table[other] == fixed[other])]
    assert not parts.empty and "all" not in set(parts["part"])
    assert sorted(zip(parts["part"], parts["statistic"], strict=True)) == sorted(
        zip(expected[column], expected["statistic"], strict=True))


def test_the_release_records_the_groups_of_answers_held(con):
    """Public views read which answers a state holds from the release, never the records: every group the tiny
    state's records hold, as ``answers_collected`` finds them."""
    held = set(db.run_query(con, "release_answers").query("rows_now > 0")["table_name"])
    assert held == set(db.run_query(con, "answers_collected").query("rows_now > 0")["table_name"])
    assert {"hourly_wage_answers", "poverty_answers"} <= held


def test_a_places_grant_dollars_sum_its_public_partnerships_whole_grants(con):
    """P1 (public, Lancaster, $400,000) serves Lancaster and so the South Central region; P2 is private; York has no
    public partnership: none, not $0."""
    def grants(county_fips, sector_code="all"):
        return db.run_query(con, "release_place_grants", county_fips=county_fips, sector_code=sector_code).iloc[0]

    assert (grants([])["partnerships"], grants([])["grant_dollars"]) == (1, 400_000)
    assert (grants([LANCASTER, YORK])["partnerships"], grants([LANCASTER, YORK])["grant_dollars"]) == (1, 400_000)
    york = grants([YORK])
    assert york["partnerships"] == 0 and york["grant_dollars"] != york["grant_dollars"]  # NULL: no one, not $0
    assert grants([LANCASTER], "MFG")["partnerships"] == 0
