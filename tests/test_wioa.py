"""WIOA-style indicators from wage records: hand-computed cases, edge cases and properties."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tiny_workers import EVERYONE, FIRST_QUARTER, LAST_QUARTER, worker_db  # noqa: F401  (fixture)

from sectorscope import db
from sectorscope.metrics import wioa

COVERAGE = wioa.Coverage(FIRST_QUARTER, LAST_QUARTER)  # 2016 Q1 to 2019 Q4
NOTHING = wioa.Coverage(None, None)


def person(exit_quarter: int = 8069, entry_quarter: int | None = None, wage_records: int = 1,
           pre: float | None = None, q2: float | None = None, q2_employer: str | None = None,
           q4: float | None = None, q4_employer: str | None = None) -> dict:
    """One row as ``queries/worker_outcomes.sql`` returns it."""
    return {"entry_quarter": exit_quarter - 1 if entry_quarter is None else entry_quarter,
            "exit_quarter": exit_quarter, "wage_records": wage_records, "pre_earnings_total": pre,
            "q2_earnings": q2, "q2_employer_id": q2_employer, "q4_earnings": q4, "q4_employer_id": q4_employer}


def indicators(*rows: dict, coverage: wioa.Coverage = COVERAGE) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=list(person()))
    return wioa.participant_indicators(frame, coverage)


def test_quarters_are_numbered_consecutively():
    assert wioa.quarter_index(2024, 1) == 8096 and wioa.quarter_index(2023, 4) == 8095
    assert wioa.quarter_label(8096) == "2024 Q1" and wioa.quarter_label(8079) == "2019 Q4"
    assert COVERAGE.label == "2016 Q1 to 2019 Q4" and NOTHING.label == "no wage records"


def test_employment_rate_counts_earnings_above_zero_among_observable():
    result = wioa.employment_rate(indicators(person(q2=5000), person(q2=0), person(q2=None), person(q2=1.0)), 2)
    # a matched person with no record in an observable quarter had no covered earnings: not employed
    assert (result.n, result.value) == (4, 0.5)
    assert (result.not_yet, result.not_matched) == (0, 0)


def test_follow_up_not_yet_in_the_data_is_left_out_not_counted_as_unemployed():
    last = LAST_QUARTER
    rows = indicators(person(exit_quarter=last - 2, q2=100.0), person(exit_quarter=last - 1), person(exit_quarter=last))
    q2 = wioa.employment_rate(rows, 2)
    assert (q2.n, q2.value, q2.not_yet) == (1, 1.0, 2)
    q4 = wioa.employment_rate(rows, 4)
    assert (q4.n, q4.not_yet) == (0, 3) and math.isnan(q4.value)


def test_people_without_any_wage_record_are_left_out():
    rows = indicators(person(q2=3000), person(wage_records=0))
    result = wioa.employment_rate(rows, 2)
    assert (result.n, result.value, result.not_matched) == (1, 1.0, 1)
    assert rows["q2_status"].tolist() == [wioa.OBSERVED, wioa.NOT_MATCHED]


def test_all_zero_earnings_mean_nobody_employed_and_no_median():
    rows = indicators(person(q2=0, q4=0, pre=0), person(q2=0, q4=0, pre=0))
    assert wioa.employment_rate(rows, 2).value == 0.0 and wioa.employment_rate(rows, 4).value == 0.0
    earnings = wioa.median_earnings_q2(rows)
    assert earnings.n == 0 and math.isnan(earnings.value) and earnings.other_excluded == 2
    change = wioa.earnings_change(rows)
    assert (change.n, change.value) == (2, 0.0)
    assert math.isnan(wioa.retention_rate(rows).value)


def test_a_single_participant():
    rows = indicators(person(pre=4000, q2=5000, q2_employer="E1", q4=5100, q4_employer="E1"))
    assert wioa.employment_rate(rows, 2).value == 1.0
    assert wioa.median_earnings_q2(rows).value == 5000
    assert (wioa.retention_rate(rows).n, wioa.retention_rate(rows).value) == (1, 1.0)
    assert wioa.pre_program_earnings(rows).value == 1000  # 4,000 over 4 quarters
    assert wioa.earnings_change(rows).value == 4000


def test_no_participants_at_all():
    rows = indicators()
    for result in (wioa.employment_rate(rows, 2), wioa.employment_rate(rows, 4), wioa.median_earnings_q2(rows),
                   wioa.retention_rate(rows), wioa.pre_program_earnings(rows), wioa.earnings_change(rows)):
        assert result.n == 0 and math.isnan(result.value)


def test_no_wage_records_loaded():
    rows = indicators(person(wage_records=0), coverage=NOTHING)
    result = wioa.employment_rate(rows, 2)
    assert result.n == 0 and result.not_matched == 1 and math.isnan(result.value)


def test_median_earnings_among_the_employed_only():
    rows = indicators(person(q2=4000), person(q2=0), person(q2=9000), person(q2=5000))
    result = wioa.median_earnings_q2(rows)
    assert (result.n, result.value, result.other_excluded) == (3, 5000, 1)


def test_retention_needs_the_same_employer_and_a_known_one():
    rows = indicators(
        person(q2=1, q2_employer="A", q4=1, q4_employer="A"),  # retained
        person(q2=1, q2_employer="A", q4=1, q4_employer="B"),  # moved
        person(q2=1, q2_employer="A", q4=0),  # not employed in Q4
        person(q2=1, q2_employer=None, q4=1, q4_employer="A"),  # Q2 employer unknown: left out
        person(q2=0, q4=1, q4_employer="A"),  # not employed in Q2: not in the denominator
        person(exit_quarter=LAST_QUARTER - 2, q2=1, q2_employer="A"),  # Q4 not in the data yet
    )
    result = wioa.retention_rate(rows)
    assert (result.n, result.value) == (3, pytest.approx(1 / 3))
    assert result.not_yet == 1


def test_pre_program_earnings_need_the_four_quarters_before_entry_in_the_data():
    rows = indicators(person(entry_quarter=FIRST_QUARTER + 4, pre=8000),
                      person(entry_quarter=FIRST_QUARTER + 4, pre=None),  # matched, no pay before: 0
                      person(entry_quarter=FIRST_QUARTER + 3, pre=4000),  # one quarter before the data starts
                      person(entry_quarter=FIRST_QUARTER + 4, wage_records=0))
    result = wioa.pre_program_earnings(rows)
    assert (result.n, result.value, result.other_excluded, result.not_matched) == (2, 1000, 1, 1)


def test_hand_computed_figures_of_the_tiny_state(worker_db):  # noqa: F811
    con = db.connect_read_only(worker_db)
    frame = db.run_query(con, "worker_outcomes", sector_codes=[], county_fips=[], year_from=2015, year_to=2025,
                         partnership_ids=[], by_partnership_county=False, public_only=False)
    coverage = wioa.Coverage.from_row(db.run_query(con, "wage_record_coverage").iloc[0])
    con.close()
    rows = wioa.participant_indicators(frame, coverage)
    q2, q4 = wioa.employment_rate(rows, 2), wioa.employment_rate(rows, 4)
    assert (q2.value * q2.n, q2.n) == EVERYONE["employed_q2"] and (q2.not_yet, q2.not_matched) == (1, 1)
    assert (q4.value * q4.n, q4.n) == EVERYONE["employed_q4"] and (q4.not_yet, q4.not_matched) == (2, 1)
    assert wioa.median_earnings_q2(rows).value == EVERYONE["median_earnings_q2"]
    retention = wioa.retention_rate(rows)
    assert (retention.value * retention.n, retention.n) == EVERYONE["retention"]
    assert wioa.pre_program_earnings(rows).value == EVERYONE["pre_earnings"]
    assert wioa.earnings_change(rows).value == EVERYONE["earnings_change"]


quarters = st.integers(FIRST_QUARTER + 4, LAST_QUARTER)
people = st.lists(st.builds(person, exit_quarter=quarters, wage_records=st.integers(0, 3),
                            pre=st.none() | st.floats(0, 40_000), q2=st.none() | st.floats(0, 20_000),
                            q2_employer=st.sampled_from([None, "A", "B"]), q4=st.none() | st.floats(0, 20_000),
                            q4_employer=st.sampled_from([None, "A", "B"])), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(people, st.randoms())
def test_indicators_do_not_depend_on_row_order(rows, random):
    shuffled = list(rows)
    random.shuffle(shuffled)
    first, second = indicators(*rows), indicators(*shuffled)
    for compute in (lambda r: wioa.employment_rate(r, 2), lambda r: wioa.employment_rate(r, 4),
                    wioa.median_earnings_q2, wioa.retention_rate, wioa.pre_program_earnings, wioa.earnings_change):
        a, b = compute(first), compute(second)
        assert (a.n, a.not_yet, a.not_matched, a.other_excluded) == (b.n, b.not_yet, b.not_matched, b.other_excluded)
        assert a.value == pytest.approx(b.value, nan_ok=True)


@settings(max_examples=60, deadline=None)
@given(people)
def test_everyone_is_counted_once_and_medians_lie_within_range(rows):
    frame = indicators(*rows)
    q2 = wioa.employment_rate(frame, 2)
    assert q2.n + q2.not_yet + q2.not_matched == len(rows)
    assert q2.n == 0 or 0 <= q2.value <= 1
    earnings = wioa.median_earnings_q2(frame)
    if earnings.n:
        employed = frame["earnings_q2"].dropna()
        assert employed.min() <= earnings.value <= employed.max()
        assert earnings.value > 0
