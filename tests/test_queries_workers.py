"""The worker outcome queries on the tiny state with wage records (tests/tiny_workers.py), checked by hand."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from query_support import EVERYTHING, query_runs_test, read_only
from tiny_state import CHESTER, LANCASTER, YORK
from tiny_workers import FIRST_QUARTER, LAST_QUARTER, wioa_db, wioa_tables, worker_db  # noqa: F401  (fixtures)

from sectorscope import db
from sectorscope.metrics import workers

PARAMETERS = {
    "worker_outcomes": {**EVERYTHING, "partnership_ids": [], "by_partnership_county": False, "public_only": False},
    "wioa_exiters": {**EVERYTHING, "partnership_ids": [], "by_partnership_county": False, "public_only": False},
    "wage_record_coverage": {},
    "wage_records_by_quarter": {},
    "worker_headline_figures": {**EVERYTHING, "partnership_ids": [], "public_only": False},
    "partnership_people_figures": {"year_from": 1900, "year_to": 2100, "partnership_ids": [], "public_only": False},
    "exiter_wages_rows": {},
    "exiter_outcomes_rows": {},
    "kept_results": {},
    "worker_group_outcomes": {**EVERYTHING, "partnership_ids": [], "by_partnership_county": False,
                              "public_only": False, "confidence": 0.95, "groupings": ["everyone", "sector_code"]},
    # the WIOA tables each load builds, read back (their figures: tests/test_wioa_tables.py)
    "wioa_program_year_span": {},
    "wioa_outcomes_in_view": {**EVERYTHING, "partnership_ids": [], "by_partnership_county": False,
                              "public_only": False},
    "wioa_skill_gains_in_view": {"sector_codes": [], "county_fips": [], "partnership_ids": [],
                                 "by_partnership_county": False, "public_only": False, "py_from": 2016,
                                 "py_to": 2024},
    "wioa_counts_in_view": {**EVERYTHING, "partnership_ids": [], "by_partnership_county": False,
                            "public_only": False, "py_from": 2016, "py_to": 2024},
    "skill_gain_dates_recorded": {},
    "wioa_people_count": {},
}


@pytest.fixture(scope="module")
def con(worker_db):  # noqa: F811
    yield from read_only(worker_db)


def people(con, **changes) -> list[str]:
    frame = db.run_query(con, "worker_outcomes", **{**PARAMETERS["worker_outcomes"], **changes})
    return list(frame["participant_id"])


test_query_runs_and_starts_with_a_header_comment = query_runs_test(PARAMETERS)


def test_exiters_only_with_their_wage_quarters(con):
    frame = db.run_query(con, "worker_outcomes", **PARAMETERS["worker_outcomes"]).set_index("participant_id")
    assert list(frame.index) == ["W1", "W2", "W3", "W4", "W5", "W6", "W7"]  # W8 has not exited
    w1 = frame.loc["W1"]
    assert (w1["entry_quarter"], w1["exit_quarter"]) == (2017 * 4, 2017 * 4 + 1)  # 2017 Q1 and Q2
    assert (w1["wage_records"], w1["pre_quarters_recorded"], w1["pre_earnings_total"]) == (7, 4, 12_000)
    assert (w1["q2_earnings"], w1["q2_employer_id"], w1["q4_earnings"], w1["q4_employer_id"]) == (6000, "E1", 6500,
                                                                                                  "E1")
    assert (frame.loc["W2", "pre_quarters_recorded"], frame.loc["W2", "q4_employer_id"]) == (1, "E1")
    assert frame.loc["W3", "q2_earnings"] == 0 and frame.loc["W3", "q4_earnings"] == 0
    assert frame.loc["W4", "q2_earnings"] == 9000 and frame[["q4_earnings"]].loc["W4"].isna().all()
    assert frame.loc["W6", "wage_records"] == 0 and frame[["q2_earnings"]].loc["W6"].isna().all()
    assert frame.loc["W7", "q2_earnings"] == 4000 and frame[["q2_employer_id"]].loc["W7"].isna().all()
    assert frame.loc["W4", "sector_code"] == "MFG" and frame.loc["W4", "partnership_name"] == "York-Chester Makers"


def test_coverage_is_the_first_and_last_quarter(con):
    row = db.run_query(con, "wage_record_coverage").iloc[0]
    assert (row["first_quarter"], row["last_quarter"], row["wage_records"]) == (FIRST_QUARTER, LAST_QUARTER, 32)
    assert list(row["missing_quarters"]) == []  # every quarter from the first to the last holds a record


def test_wage_records_are_counted_by_quarter(con):
    frame = db.run_query(con, "wage_records_by_quarter")
    assert list(frame["quarter_index"]) == list(range(FIRST_QUARTER, LAST_QUARTER + 1))
    assert frame["wage_records"].sum() == 32 and frame.set_index("quarter_index").loc[FIRST_QUARTER].item() == 1


def test_county_means_residence_or_the_partnerships_counties(con):
    assert people(con, county_fips=[YORK]) == ["W3", "W4"]  # live in York
    assert people(con, county_fips=[YORK], by_partnership_county=True) == ["W4", "W5"]  # P2 serves York
    assert people(con, county_fips=[LANCASTER], by_partnership_county=True) == ["W1", "W2", "W3", "W6", "W7"]
    assert people(con, county_fips=[CHESTER]) == ["W5", "W7"]
    assert people(con, county_fips=["42003"]) == []  # Allegheny: nobody


def test_sector_years_partnership_and_public_filters(con):
    assert people(con, sector_codes=["MFG"]) == ["W4", "W5"]
    assert people(con, year_from=2017, year_to=2018) == ["W1", "W2", "W3"]
    assert people(con, partnership_ids=["P2"]) == ["W4", "W5"]
    assert people(con, public_only=True) == ["W1", "W2", "W3", "W6", "W7"]  # P2 is not public
    assert people(con, sector_codes=["HLTH"], partnership_ids=["P2"]) == []


def test_matches_the_overview_participants(con):
    """As many people as the Overview counts (``worker_headline_figures``) for residence counties."""
    for changes in ({}, {"county_fips": [YORK]}, {"sector_codes": ["MFG"], "year_from": 2019, "year_to": 2019}):
        overview = db.run_query(con, "worker_headline_figures", **{**EVERYTHING, "partnership_ids": [],
                                                                   "public_only": False, **changes})
        assert int(overview["exiters"].iloc[0]) == len(people(con, **changes))


def test_bound_values_are_never_sql(con):
    assert people(con, sector_codes=["'; drop table participants; --"]) == []
    assert len(people(con)) == 7


PARAMETERS["skill_gain_participants"] = {**EVERYTHING, "partnership_ids": [], "by_partnership_county": False,
                                         "public_only": False}


def test_skill_gain_participants_are_everyone_enrolled_in_the_years(con):
    frame = db.run_query(con, "skill_gain_participants", **PARAMETERS["skill_gain_participants"])
    assert list(frame["participant_id"]) == ["W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8"]  # W8 not exited
    assert not frame["has_skill_gain_dates"].any()  # the plain tiny state records no skill gains
    later = db.run_query(con, "skill_gain_participants", **{**PARAMETERS["skill_gain_participants"],
                                                            "year_from": 2019, "year_to": 2019})
    assert list(later["participant_id"]) == ["W4", "W5", "W8"]  # in training at some time in 2019


def test_the_wioa_columns_load_and_reach_the_query(wioa_db):  # noqa: F811
    con = db.connect_read_only(wioa_db)
    try:
        frame = db.run_query(con, "worker_outcomes", **PARAMETERS["worker_outcomes"]).set_index("participant_id")
        wioa = db.run_query(con, "wioa_exiters", **PARAMETERS["wioa_exiters"]).set_index("participant_id")
    finally:
        con.close()
    assert list(frame.loc["W2", "q2_employer_ids"]) == ["E1", "E9"]  # two employers in 2017 Q4
    assert list(frame.loc["W2", "q4_employer_ids"]) == ["E1"]
    assert frame.loc["W7", "exit_exclusion_reason"] == "health/medical"
    assert frame.loc["W1", "credential_on"] == pd.Timestamp("2017-05-01")
    assert frame.loc["W6", "wage_records"] == 0
    # the WIOA table's query: the same exiters, the records' latest date, and E1 paying W2 in both quarters
    assert list(wioa.index) == list(frame.index)
    assert (wioa["records_as_of"] == pd.Timestamp("2019-10-01")).all()
    assert bool(wioa.loc["W2", "shares_employer_account"]) and not wioa.loc["W6", "shares_employer_account"]


def test_an_unknown_exclusion_reason_is_rejected_whole(tmp_path):
    from sectorscope.ingest import load as ingest
    from sectorscope.ingest.validation import ValidationError

    tables = wioa_tables()
    tables["participants"].loc[0, "exit_exclusion_reason"] = "moved away"
    inputs = [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()]
    with pytest.raises(ValidationError) as caught:
        ingest.load_batch(tmp_path / "bad.duckdb", inputs, state_fips="42")
    problems = caught.value.problems
    assert any(p.column == "exit_exclusion_reason" and p.value == "moved away" and p.row == 2 for p in problems)


# --- One definition of "exiters in the selection" -----------------------------------------------------------------

@pytest.fixture(scope="module")
def ended_con(tmp_path_factory):
    """The tiny workers' state with P1 ended on 2016-12-31, before most of its exits (W1-W3 exit in 2017-2018)."""
    from tiny_workers import worker_tables

    from sectorscope.ingest import load as ingest

    tables = worker_tables()
    partnerships = tables["partnerships"].copy()
    partnerships.loc[partnerships["partnership_id"] == "P1", ["end_date", "phase"]] = ["2016-12-31", "inactive"]
    tables["partnerships"] = partnerships
    path = tmp_path_factory.mktemp("ended") / "ended.duckdb"
    ingest.load_batch(path, [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()],
                      state_fips="42")
    connection = db.connect_read_only(path)
    yield connection
    connection.close()


def test_exits_after_a_partnerships_end_still_count(ended_con):
    worker = db.run_query(ended_con, "worker_outcomes", **{**PARAMETERS["worker_outcomes"], "year_from": 2017,
                                                           "year_to": 2018})
    assert list(worker["participant_id"]) == ["W1", "W2", "W3"]  # P1 ended in 2016; its 2017-2018 exits count


filters = st.fixed_dictionaries({
    "sector_codes": st.lists(st.sampled_from(["HLTH", "MFG", "CONS"]), unique=True, max_size=2),
    "county_fips": st.lists(st.sampled_from([LANCASTER, YORK, CHESTER, "42003"]), unique=True, max_size=3),
    "partnership_ids": st.lists(st.sampled_from(["P1", "P2"]), unique=True, max_size=2),
    "year_from": st.integers(2015, 2020),
    "year_to": st.integers(2015, 2020),
    "public_only": st.booleans(),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(filters)
def test_overview_and_worker_page_count_the_same_exiters_for_every_filter(ended_con, chosen):
    overview = db.run_query(ended_con, "worker_headline_figures", **chosen)
    worker = db.run_query(ended_con, "worker_group_outcomes", **chosen, by_partnership_county=False,
                          confidence=workers.CONFIDENCE, groupings=[workers.EVERYONE])
    assert int(overview["exiters"].iloc[0]) == int(workers.overall_row(worker)["exiters"])
