"""The WIOA tables each load builds (``wioa_outcomes``, ``wioa_skill_gains``; ``ingest/wioa_tables.py``): the page
counts their rows for a selection, so for every selection they must give the table that computing each person's
outcomes from the program and wage records gives (``wioa_exiter_outcomes``, ``skill_gain_rows``)."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
import worker_reference as reference
from tiny_state import LANCASTER, YORK
from tiny_workers import LAST_QUARTER, _records, wioa_db, wioa_tables  # noqa: F401  (fixture)

from sectorscope import db
from sectorscope.ingest import load as ingest
from sectorscope.metrics import wioa

EVERYTHING = {"sector_codes": [], "county_fips": [], "partnership_ids": [], "year_from": 2015, "year_to": 2025,
              "by_partnership_county": False, "public_only": False}


def from_the_records(con, params: dict, years: list[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The WIOA table (whole selection, by partnership) computed from each person's program and wage records."""
    frame = db.run_query(con, "wioa_exiters", **params)
    skill = db.run_query(con, "skill_gain_participants", **params)
    coverage = wioa.Coverage.from_row(db.run_query(con, "wage_record_coverage").iloc[0])
    outcomes = wioa.wioa_exiter_outcomes(frame, coverage)
    gains = wioa.skill_gain_rows(skill, years) if bool(skill["has_skill_gain_dates"].any()) else None
    return (wioa.wioa_indicators(outcomes, gains, years),
            wioa.wioa_indicators(outcomes, gains, years, group=frame["partnership_id"],
                                 skill_group=None if gains is None else skill["partnership_id"].loc[gains.index]))


def from_the_tables(con, params: dict, years: list[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same table from the rows the load stored, as the page reads them (``ui/wioa.py``)."""
    outcomes = db.run_query(con, "wioa_outcomes_in_view", **params)
    gains = None
    if bool(db.run_query(con, "skill_gain_dates_recorded")["has_skill_gain_dates"].iloc[0]):
        gains = db.run_query(con, "wioa_skill_gains_in_view", **{key: value for key, value in params.items()
                                                                   if key not in ("year_from", "year_to")},
                             py_from=min(years), py_to=max(years))
    return (wioa.wioa_indicators(outcomes, gains, years),
            wioa.wioa_indicators(outcomes, gains, years, group=outcomes["partnership_id"],
                                 skill_group=None if gains is None else gains["partnership_id"]))


SELECTIONS = [
    {},
    {"sector_codes": ["HLTH"]},
    {"county_fips": [LANCASTER, YORK]},
    {"county_fips": [YORK], "by_partnership_county": True},
    {"partnership_ids": ["P2"]},
    {"year_from": 2016, "year_to": 2019},
    {"public_only": True},
]


def assert_same_tables(path, selections: list[dict]) -> None:
    """For each selection (within the years the filters offer, as the page's are), the same table both ways; and
    the stored skill gains reach past every program year the filters can ask for."""
    con = db.connect_read_only(path)
    try:
        first, last = db.run_query(con, "year_range").iloc[0][["first_year", "last_year"]]
        stored_last = db.run_query(con, "wioa_program_year_span")["last_year"].iloc[0]
        assert stored_last > max(wioa.complete_program_years(int(first), int(last)))
        for change in selections:
            params = {**EVERYTHING, **change}
            params["year_from"], params["year_to"] = max(params["year_from"], first), min(params["year_to"], last)
            years = wioa.complete_program_years(int(params["year_from"]), int(params["year_to"]))
            assert years, change
            for stored, computed in zip(from_the_tables(con, params, years), from_the_records(con, params, years),
                                        strict=True):
                pd.testing.assert_frame_equal(stored, computed, check_dtype=False, obj=str(change))
    finally:
        con.close()


def test_the_stored_rows_give_the_table_computed_from_the_records(wioa_db):  # noqa: F811
    assert_same_tables(wioa_db, SELECTIONS)


@pytest.mark.slow
def test_the_demos_stored_rows_give_the_table_computed_from_the_records(demo_db):
    assert_same_tables(demo_db, [{}, {"sector_codes": ["HLTH"]}, {"county_fips": ["42071"]},
                                 {"county_fips": ["42071"], "by_partnership_county": True},
                                 {"year_from": 2018, "year_to": 2022}, {"public_only": True}])


def test_the_stored_statuses_are_the_indicators_own():
    con = duckdb.connect()
    from sectorscope import schema

    schema.create_schema(con)
    stored = {row[0] for row in con.execute("select unnest(enum_range(null::wioa_status))").fetchall()}
    assert stored == set(wioa.STATUSES) == {wioa.OBSERVED, wioa.NOT_YET, wioa.EXCLUDED, wioa.NOT_IN_COHORT}


def test_a_load_of_new_wage_records_rebuilds_each_persons_outcomes(tmp_path):
    """W3 (no pay after exit) turns out to be paid in the 2nd quarter after exit (a corrected wage record, upserted):
    the load rebuilds the stored outcomes, so the page counts W3 employed; nothing else has to be loaded again."""
    path = tmp_path / "live.duckdb"
    ingest.load_batch(path, [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in wioa_tables().items()],
                      state_fips="42")

    def employed_q2() -> dict[str, object]:
        with duckdb.connect(str(path), read_only=True) as con:
            return dict(con.execute("select participant_id, employed_q2 from wioa_outcomes").fetchall())

    assert employed_q2()["W3"] is False
    exit_quarter = reference.quarter_index(2018, 2)
    assert exit_quarter + 2 <= LAST_QUARTER
    paid = pd.DataFrame(_records("W3", [exit_quarter + 2], 2500.0, "E4"))  # replaces W3's $0 row of that quarter
    ingest.load_batch(path, [ingest.TableInput("wage_records", paid, "corrected_wages.csv", mode="upsert")])
    assert employed_q2()["W3"] is True


def test_a_load_says_how_far_the_wioa_indicators_have_come(tmp_path):
    """A large state's load spends a while on this step: the progress says how many people are done of how many."""
    heard: list[str] = []
    ingest.load_batch(tmp_path / "new.duckdb",
                      [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in wioa_tables().items()],
                      state_fips="42", progress=lambda fraction, message: heard.append(message))
    people = wioa_tables()["participants"]
    exiters = int((people["exited_on"] != "").sum())
    assert f"WIOA indicators: {exiters:,} of {exiters:,} exiters" in heard
    assert f"WIOA skill gains: {len(people):,} of {len(people):,} participants" in heard
