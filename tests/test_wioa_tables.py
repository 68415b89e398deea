"""The WIOA tables each load builds (``wioa_outcomes``, ``wioa_skill_gains``; ``ingest/wioa_tables.py``): the page
counts their rows for a selection (in DuckDB, ``wioa_counts_in_view``), so for every selection they must give the
table that computing each person's outcomes from the program and wage records gives (``wioa_exiter_outcomes``,
``skill_gain_rows``), and counting their rows in pandas gives (``wioa_indicators``)."""

from __future__ import annotations

import shutil

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


def from_the_counts(con, params: dict, years: list[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same table from the counts DuckDB takes of those rows, as the page reads them (``ui/wioa.py``)."""
    counts = db.run_query(con, "wioa_counts_in_view", **params, py_from=min(years), py_to=max(years))
    has_gains = bool(db.run_query(con, "skill_gain_dates_recorded")["has_skill_gain_dates"].iloc[0])
    return (wioa.wioa_indicators_of_counts(counts, years, by_partnership=False, has_gains=has_gains),
            wioa.wioa_indicators_of_counts(counts, years, by_partnership=True, has_gains=has_gains))


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
            for stored, computed, counted in zip(from_the_tables(con, params, years),
                                                 from_the_records(con, params, years),
                                                 from_the_counts(con, params, years), strict=True):
                pd.testing.assert_frame_equal(stored, computed, check_dtype=False, obj=str(change))
                pd.testing.assert_frame_equal(counted, stored, obj=f"counted in DuckDB, {change}")
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
    assert stored == set(wioa.STATUSES) == {wioa.OBSERVED, wioa.NOT_YET, wioa.EXCLUDED, wioa.NOT_IN_COHORT,
                                            wioa.BEFORE_DATA, wioa.NOT_LOADED}


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


def test_counting_in_duckdb_gives_the_table_counting_the_rows_gives_for_every_status(wioa_db, tmp_path):  # noqa: F811
    """The tiny state's stored rows, changed so that every case the counts tell apart occurs in one program year:
    a cohort not yet in the data, a person excluded by their reason for exit, an observed person whose outcome is
    unknown, youth data, and earnings whose median is not their mean. Counted in DuckDB and counted from the rows in
    pandas, the table is the same for every selection."""
    path = tmp_path / "varied.duckdb"
    shutil.copyfile(wioa_db, path)
    with duckdb.connect(str(path)) as con:
        people = [row[0] for row in con.execute(
            "select participant_id from wioa_outcomes where report_year_q2 is not null order by participant_id")
            .fetchall()]
        assert len(people) >= 4
        first, second, third, fourth = people[:4]
        con.execute(f"update wioa_outcomes set q2_status = '{wioa.NOT_YET}', report_year_q2 = 2016 "
                    "where participant_id = ?", [first])
        con.execute(f"update wioa_outcomes set q4_status = '{wioa.EXCLUDED}', retention_status = '{wioa.EXCLUDED}' "
                    "where participant_id = ?", [second])
        con.execute(f"update wioa_outcomes set q2_status = '{wioa.OBSERVED}', employed_q2 = null, "
                    "attained_credential = null where participant_id = ?", [third])
        con.execute(f"update wioa_outcomes set has_youth_data = true, youth_q2_status = '{wioa.OBSERVED}', "
                    "youth_q2 = true where participant_id = ?", [fourth])
        # everyone counted in Q2 but the first in one program year, earning 1,000 x 3^rank: a median far
        # from the mean
        con.execute("update wioa_outcomes set earnings_q2 = ranked.earnings, report_year_q2 = 2017 from ("
                    "select participant_id, 1000 * pow(3, row_number() over (order by participant_id)) as earnings "
                    f"from wioa_outcomes where participant_id <> ? and q2_status <> '{wioa.NOT_YET}') as ranked "
                    "where wioa_outcomes.participant_id = ranked.participant_id", [first])
    with db.connect_read_only(path) as con:
        for change in SELECTIONS:
            params = {**EVERYTHING, **change}
            years = wioa.complete_program_years(int(params["year_from"]), int(params["year_to"]))
            for counted, stored in zip(from_the_counts(con, params, years), from_the_tables(con, params, years),
                                       strict=True):
                pd.testing.assert_frame_equal(counted, stored, obj=f"counted in DuckDB, {change}")
        statewide = from_the_counts(con, EVERYTHING, wioa.complete_program_years(2015, 2025))[0]
    notes = " ".join(statewide["note"])
    assert "not yet in the data" in notes and (statewide["excluded"] > 0).any()
    assert (statewide.loc[statewide["indicator"] == "youth_q2", "denominator"].fillna(0) > 0).any()
    earnings = statewide[(statewide["indicator"] == "median_earnings_q2") & (statewide["program_year"] == 2017)]
    assert int(earnings["denominator"].iloc[0]) >= 3  # enough earners for a median that is not a mean
    assert earnings["value"].notna().all()


def _counts(rows: list[tuple]) -> pd.DataFrame:
    """A hand-made ``wioa_counts_in_view`` result: (is_total, partnership_id, indicator, program_year, people,
    numerator, denominator)."""
    frame = pd.DataFrame(rows, columns=["is_total", "partnership_id", "indicator", "program_year", "people",
                                        "numerator", "denominator"])
    return frame.assign(not_yet=0, excluded=0, before_data=0, not_loaded=0, earnings_n=0, earnings_median=float("nan"),
                        youth_in_data=False)


def test_counts_with_two_rows_for_one_cell_are_refused():
    counts = _counts([(True, None, "employment_q2", 2018, 4, 2, 4), (True, None, "employment_q2", 2018, 4, 3, 4)])
    with pytest.raises(ValueError, match="two rows"):
        wioa.wioa_indicators_of_counts(counts, [2018], by_partnership=False, has_gains=False)


def test_groups_are_listed_in_the_order_of_their_text_with_their_years_in_order():
    counts = _counts([(False, group, "employment_q2", year, 4, 1, 4) for group in (10, 2, 9) for year in (2019, 2018)])
    table = wioa.wioa_indicators_of_counts(counts, [2019, 2018], by_partnership=True, has_gains=False)
    blocks = table.drop_duplicates(["group", "program_year"])
    assert [(str(g), y) for g, y in zip(blocks["group"], blocks["program_year"], strict=True)] == [
        ("10", 2018), ("10", 2019), ("2", 2018), ("2", 2019), ("9", 2018), ("9", 2019)]
