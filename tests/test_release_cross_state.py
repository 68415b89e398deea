"""A region whose labor market crosses a state line: the public release counts its people living across the line as
the region's (as the staff pages do) and still splits it by sector. A region naming one county of another state had
made the release's counties cover more than the regions could partition, so every region lost its sector split, and
the region's people across the line were not the region's."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from release_attacker import attack_release, check_derived_statistics
from test_release_attacker import seeded_small_state
from tiny_state import LANCASTER, YORK, tiny_tables

from sectorscope.db import connect_read_only, run_query
from sectorscope.ingest import load as ingest
from sectorscope.release import Geography, ReleaseInput

CECIL_MD = "24015"  # across the line from Lancaster and Chester
NEW_CASTLE_DE = "10003"  # named by a partnership only


def cross_state_tables(pennsylvania: list[str]) -> dict[str, pd.DataFrame]:
    """The tiny state with regions covering every county of Pennsylvania, the south-central one reaching into
    Maryland; P1 (public) also serves New Castle, Delaware, which no region names. Of P1's people, B lives in Cecil
    (the region's, across the line) and C in New Castle (outside the state and its regions)."""
    tables = tiny_tables()
    south_central = [LANCASTER, YORK, CECIL_MD]
    rest = [county for county in pennsylvania if county not in south_central]
    tables["regions"] = pd.DataFrame({"region_id": ["SC", "REST"], "region_name": ["South Central", "Elsewhere"],
                                      "region_type": ["workforce development area"] * 2})
    tables["region_counties"] = pd.DataFrame({"region_id": ["SC"] * 3 + ["REST"] * len(rest),
                                              "county_fips": south_central + rest})
    tables["partnership_counties"] = pd.concat([tables["partnership_counties"], pd.DataFrame(
        {"partnership_id": ["P1"], "county_fips": [NEW_CASTLE_DE]})], ignore_index=True)
    people = tables["participants"].set_index("participant_id")
    people.loc["B", "county_fips"], people.loc["C", "county_fips"] = CECIL_MD, NEW_CASTLE_DE
    tables["participants"] = people.reset_index()
    return tables


@pytest.fixture(scope="module")
def cross_state_db(tiny_db, tmp_path_factory):
    with duckdb.connect(str(tiny_db), read_only=True) as con:
        rows = con.execute("select county_fips from counties where state_fips = '42'").fetchall()
    pennsylvania = [county for (county,) in rows]
    path = tmp_path_factory.mktemp("cross-state") / "cross-state.duckdb"
    with pytest.MonkeyPatch.context() as patch:  # nothing to hide at k = 1: every count can be read
        patch.setenv("SECTORSCOPE_MIN_CELL", "1")
        ingest.load_batch(path, [ingest.TableInput(name, frame, f"{name}.csv")
                                 for name, frame in cross_state_tables(pennsylvania).items()], state_fips="42",
                          other_states=True)  # on purpose, as --other-states says
    return path


def exiters(con, geo_level: str, geo_id: str, sector: str = "all") -> float:
    """The release's count of exiters in the cell, as it is: shown, or kept for the next build where hidden (the
    staff-only ``release_hidden_values``; even at k = 1 a cell can hide to protect another)."""
    cell = [geo_level, geo_id, sector]
    where = ("statistic = 'exiters' and geo_level = ? and geo_id = ? and sector_code = ? and period = 'all' "
             "and partnership_id = 'all'")
    cells = con.execute(f"select value, is_hidden from release_cells where {where}", cell).fetchall()
    assert len(cells) == 1, (cell, cells)
    value, hidden = cells[0]
    if hidden:
        [(value,)] = con.execute(f"select value from release_hidden_values where {where}", cell).fetchall()
    return value


def test_a_region_across_a_state_line_keeps_its_sector_split_and_its_people_there(cross_state_db):
    with connect_read_only(cross_state_db) as con:
        layout = run_query(con, "release_layout").set_index("place_kind")
        assert bool(layout.loc["region", "by_sector"])  # was False: no region split by sector
        # A (Lancaster) and B (Cecil, Maryland): the region's; C (New Castle, Delaware) lives outside the state and
        # its regions; D trained with the private P2
        assert exiters(con, "region", "SC") == 2 and exiters(con, "region", "SC", "HLTH") == 2
        assert exiters(con, "county", CECIL_MD) == 1
        assert exiters(con, "county", "unknown", "HLTH") == 1
        assert not con.execute("select count(*) from release_cells where geo_id = ?", [NEW_CASTLE_DE]).fetchone()[0]
        assert exiters(con, "state", "42") == 3
        members = run_query(con, "release_region_counties", state_fips="42")
        assert list(members.loc[members["region_id"] == "SC", "county_fips"]) == [LANCASTER, YORK, CECIL_MD]


@pytest.mark.parametrize("seed", [0, 3, 7, 11])
def test_small_states_with_a_region_across_a_state_line_resist_the_attacker(seed):
    """The release's proof does not care which state a county lies in: seeded small states whose first region
    reaches into Maryland, some people living there, give the attacker nothing below k."""
    data, k = seeded_small_state(seed)
    state_counties = data.geography.counties
    geography = Geography(data.geography.state_fips, (*state_counties, CECIL_MD),
                          {"R1": (*state_counties[:2], CECIL_MD), "R2": state_counties[2:]})
    assert geography.is_partition()
    people = data.people.copy()
    people.loc[people.index % 3 == 0, "county_fips"] = CECIL_MD
    crossing = ReleaseInput(geography, data.partnerships, people, data.responses, data.grants)
    breaches, attacked = attack_release(crossing, k, integer=True)
    assert attacked and breaches == []
    assert check_derived_statistics(crossing, k) == []


def test_a_public_deck_names_a_served_county_across_the_state_line(cross_state_db, monkeypatch):
    """P1's public map named New Castle, Delaware "10003": its names were looked up in the state's counties only
    (a code reviewer)."""
    from sectorscope.export.public import public_export

    monkeypatch.setenv("SECTORSCOPE_MIN_CELL", "1")  # as the release was built: else it is withheld whole
    with connect_read_only(cross_state_db) as con:
        _, report, problems = public_export(con, "deck", {"partnership": ["P1"]})
    assert not problems
    assert "New Castle County" in report.county_map.note and NEW_CASTLE_DE not in report.county_map.note
