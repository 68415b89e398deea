"""WIOA-style indicators from wage records: hand-computed cases, edge cases and properties."""

from __future__ import annotations

import math

import pandas as pd
import pytest
import worker_reference as ref
from hypothesis import given, settings
from hypothesis import strategies as st
from tiny_workers import (  # noqa: F401  (fixtures)
    EVERYONE,
    FIRST_QUARTER,
    LAST_QUARTER,
    WIOA_REPORTS,
    wioa_db,
    worker_db,
)

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
    return ref.participant_indicators(frame, coverage)


def test_quarters_are_numbered_consecutively():
    assert ref.quarter_index(2024, 1) == 8096 and ref.quarter_index(2023, 4) == 8095
    assert wioa.quarter_label(8096) == "2024 Q1" and wioa.quarter_label(8079) == "2019 Q4"
    assert COVERAGE.label == "2016 Q1 to 2019 Q4" and NOTHING.label == "no wage records"


def test_employment_rate_counts_earnings_above_zero_among_observable():
    result = ref.employment_rate(indicators(person(q2=5000), person(q2=0), person(q2=None), person(q2=1.0)), 2)
    # a matched person with no record in an observable quarter had no covered earnings: not employed
    assert (result.n, result.value) == (4, 0.5)
    assert (result.not_yet, result.not_matched) == (0, 0)


def test_follow_up_not_yet_in_the_data_is_left_out_not_counted_as_unemployed():
    last = LAST_QUARTER
    rows = indicators(person(exit_quarter=last - 2, q2=100.0), person(exit_quarter=last - 1), person(exit_quarter=last))
    q2 = ref.employment_rate(rows, 2)
    assert (q2.n, q2.value, q2.not_yet) == (1, 1.0, 2)
    q4 = ref.employment_rate(rows, 4)
    assert (q4.n, q4.not_yet) == (0, 3) and math.isnan(q4.value)


def test_people_without_any_wage_record_are_left_out():
    rows = indicators(person(q2=3000), person(wage_records=0))
    result = ref.employment_rate(rows, 2)
    assert (result.n, result.value, result.not_matched) == (1, 1.0, 1)
    assert rows["q2_status"].tolist() == [wioa.OBSERVED, wioa.NOT_MATCHED]


def test_all_zero_earnings_mean_nobody_employed_and_no_median():
    rows = indicators(person(q2=0, q4=0, pre=0), person(q2=0, q4=0, pre=0))
    assert ref.employment_rate(rows, 2).value == 0.0 and ref.employment_rate(rows, 4).value == 0.0
    earnings = ref.median_earnings_q2(rows)
    assert earnings.n == 0 and math.isnan(earnings.value) and earnings.other_excluded == 2
    change = ref.earnings_change(rows)
    assert (change.n, change.value) == (2, 0.0)
    assert math.isnan(ref.retention_rate(rows).value)


def test_a_single_participant():
    rows = indicators(person(pre=4000, q2=5000, q2_employer="E1", q4=5100, q4_employer="E1"))
    assert ref.employment_rate(rows, 2).value == 1.0
    assert ref.median_earnings_q2(rows).value == 5000
    assert (ref.retention_rate(rows).n, ref.retention_rate(rows).value) == (1, 1.0)
    assert ref.pre_program_earnings(rows).value == 1000  # 4,000 over 4 quarters
    assert ref.earnings_change(rows).value == 4000


def test_no_participants_at_all():
    rows = indicators()
    for result in (ref.employment_rate(rows, 2), ref.employment_rate(rows, 4), ref.median_earnings_q2(rows),
                   ref.retention_rate(rows), ref.pre_program_earnings(rows), ref.earnings_change(rows)):
        assert result.n == 0 and math.isnan(result.value)


def test_no_wage_records_loaded():
    rows = indicators(person(wage_records=0), coverage=NOTHING)
    result = ref.employment_rate(rows, 2)
    assert result.n == 0 and result.not_matched == 1 and math.isnan(result.value)


def test_median_earnings_among_the_employed_only():
    rows = indicators(person(q2=4000), person(q2=0), person(q2=9000), person(q2=5000))
    result = ref.median_earnings_q2(rows)
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
    result = ref.retention_rate(rows)
    assert (result.n, result.value) == (3, pytest.approx(1 / 3))
    assert result.not_yet == 1


def test_pre_program_earnings_need_the_four_quarters_before_entry_in_the_data():
    rows = indicators(person(entry_quarter=FIRST_QUARTER + 4, pre=8000),
                      person(entry_quarter=FIRST_QUARTER + 4, pre=None),  # matched, no pay before: 0
                      person(entry_quarter=FIRST_QUARTER + 3, pre=4000),  # one quarter before the data starts
                      person(entry_quarter=FIRST_QUARTER + 4, wage_records=0))
    result = ref.pre_program_earnings(rows)
    assert (result.n, result.value, result.other_excluded, result.not_matched) == (2, 1000, 1, 1)


def test_hand_computed_figures_of_the_tiny_state(worker_db):  # noqa: F811
    con = db.connect_read_only(worker_db)
    frame = db.run_query(con, "worker_outcomes", sector_codes=[], county_fips=[], year_from=2015, year_to=2025,
                         partnership_ids=[], by_partnership_county=False, public_only=False)
    coverage = wioa.Coverage.from_row(db.run_query(con, "wage_record_coverage").iloc[0])
    con.close()
    rows = ref.participant_indicators(frame, coverage)
    q2, q4 = ref.employment_rate(rows, 2), ref.employment_rate(rows, 4)
    assert (q2.value * q2.n, q2.n) == EVERYONE["employed_q2"] and (q2.not_yet, q2.not_matched) == (1, 1)
    assert (q4.value * q4.n, q4.n) == EVERYONE["employed_q4"] and (q4.not_yet, q4.not_matched) == (2, 1)
    assert ref.median_earnings_q2(rows).value == EVERYONE["median_earnings_q2"]
    retention = ref.retention_rate(rows)
    assert (retention.value * retention.n, retention.n) == EVERYONE["retention"]
    assert ref.pre_program_earnings(rows).value == EVERYONE["pre_earnings"]
    assert ref.earnings_change(rows).value == EVERYONE["earnings_change"]


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
    for compute in (lambda r: ref.employment_rate(r, 2), lambda r: ref.employment_rate(r, 4),
                    ref.median_earnings_q2, ref.retention_rate, ref.pre_program_earnings, ref.earnings_change):
        a, b = compute(first), compute(second)
        assert (a.n, a.not_yet, a.not_matched, a.other_excluded) == (b.n, b.not_yet, b.not_matched, b.other_excluded)
        assert a.value == pytest.approx(b.value, nan_ok=True)


@settings(max_examples=60, deadline=None)
@given(people)
def test_everyone_is_counted_once_and_medians_lie_within_range(rows):
    frame = indicators(*rows)
    q2 = ref.employment_rate(frame, 2)
    assert q2.n + q2.not_yet + q2.not_matched == len(rows)
    assert q2.n == 0 or 0 <= q2.value <= 1
    earnings = ref.median_earnings_q2(frame)
    if earnings.n:
        employed = frame["earnings_q2"].dropna()
        assert employed.min() <= earnings.value <= employed.max()
        assert earnings.value > 0


# --- The WIOA indicators as DOL defines them: hand-made cases, each figure worked out by hand -------------------

def exiter(exited_on: str = "2017-08-15", enrolled_on: str = "2017-01-10", wage_records: int = 1,
           q2: float | None = None, q4: float | None = None, q2_accounts: list[str] | None = None,
           q4_accounts: list[str] | None = None, training_type: str = "occupational skills",
           is_customized_training: bool | None = None, completed: bool = True, credential_earned: bool = False,
           credential_on: str | None = None, exit_exclusion_reason: str | None = None, age_band: str = "25-34",
           employed_q2_supplemental: bool | None = None, employed_q4_supplemental: bool | None = None,
           earnings_q2_supplemental: float | None = None, records_as_of: str = "2019-12-31",
           is_youth: bool | None = None, in_education_q2: bool | None = None,
           in_education_q4: bool | None = None) -> dict:
    """One exiter as ``queries/worker_outcomes.sql`` returns them (only the columns the WIOA functions read)."""
    exit_day = pd.Timestamp(exited_on)
    return {
        "exited_on": exit_day, "enrolled_on": pd.Timestamp(enrolled_on),
        "exit_quarter": ref.quarter_index(exit_day.year, exit_day.quarter), "wage_records": wage_records,
        "q2_earnings": q2, "q4_earnings": q4, "q2_employer_ids": q2_accounts, "q4_employer_ids": q4_accounts,
        "training_type": training_type, "is_customized_training": is_customized_training, "completed": completed,
        "credential_earned": credential_earned,
        "credential_on": pd.Timestamp(credential_on) if credential_on else pd.NaT,
        "exit_exclusion_reason": exit_exclusion_reason, "age_band": age_band,
        "employed_q2_supplemental": employed_q2_supplemental, "employed_q4_supplemental": employed_q4_supplemental,
        "earnings_q2_supplemental": earnings_q2_supplemental, "records_as_of": pd.Timestamp(records_as_of),
        "is_youth": is_youth, "in_education_q2": in_education_q2, "in_education_q4": in_education_q4,
    }


def wioa_figures(*rows: dict, coverage: wioa.Coverage = COVERAGE) -> dict[str, wioa.CohortFigure]:
    return wioa.cohort_figures(wioa.wioa_exiter_outcomes(pd.DataFrame(list(rows)), coverage))


def test_program_year_runs_july_to_june():
    dates = pd.Series(pd.to_datetime(["2017-06-30", "2017-07-01", "2018-01-01", None]))
    assert wioa.program_year(dates).tolist() == [2016, 2017, 2017, pd.NA]
    assert wioa.program_year_label(2017) == "PY 2017 (07/01/2017-06/30/2018)"
    # PY N's report reaches back to exits on 01/01/N-1 and forward to 06/30/N+1: N-1 and N+1 must be chosen
    assert wioa.complete_program_years(2015, 2018) == [2016, 2017]
    assert wioa.complete_program_years(2016, 2018) == [2017]
    assert wioa.complete_program_years(2019, 2020) == []


def test_reports_rest_on_years_with_exits_on_record():
    """The years offered reach back to the first grant (2005 on the demo) while exits start in 2015: PY 2011-2015
    had cohorts of no one or of part of a year. Reports run inside the overlap of the chosen years and the exits."""
    assert wioa.reported_program_years(2005, 2025, 2015, 2025) == list(range(2016, 2025))
    assert wioa.reported_program_years(2005, 2016, 2015, 2025) == []  # 2015-2016: under three years of exits
    assert wioa.reported_program_years(2018, 2029, 2015, 2025) == [2019, 2020, 2021, 2022, 2023, 2024]  # not 2028
    assert wioa.reported_program_years(2015, 2025, None, None) == []  # no exit at all


def test_exits_in_june_and_july_fall_in_different_reports_for_the_second_quarter():
    june = exiter(exited_on="2017-06-30", q2=1000.0)  # PY 2016 exit: Q2 cohort of the PY 2017 report
    july = exiter(exited_on="2017-07-01", q2=0.0)  # PY 2017 exit: Q2 cohort of the PY 2018 report
    outcomes = wioa.wioa_exiter_outcomes(pd.DataFrame([june, july]), COVERAGE)
    table = wioa.wioa_indicators(outcomes, None, [2017, 2018]).set_index(["program_year", "indicator"])
    assert table.loc[(2017, "employment_q2"), ["numerator", "denominator"]].tolist() == [1, 1]  # June: 1 of 1
    assert table.loc[(2018, "employment_q2"), ["numerator", "denominator"]].tolist() == [0, 1]  # July: 0 of 1
    # both exits lie in calendar 2017: the Q4 cohort of the PY 2018 report holds them both
    assert table.loc[(2018, "employment_q4"), "denominator"] == 2 and table.loc[(2017, "employment_q4"),
                                                                                "denominator"] == 0


def test_exiters_without_any_wage_record_count_as_not_employed_unless_supplemental_shows_work():
    rows = [
        exiter(q2=5000.0, q4=5000.0),  # A: employed (UI)
        exiter(wage_records=0),  # B: no wage record at all: not employed
        exiter(wage_records=0, employed_q2_supplemental=True, earnings_q2_supplemental=3000.0),  # C: supplemental
        exiter(q2=0.0, q4=0.0),  # D: UI record of $0: not employed
        exiter(q2=7000.0, q4=7100.0),  # E: employed (UI)
    ]
    figures = wioa_figures(*rows)
    q2 = figures["employment_q2"]
    assert (q2.numerator, q2.denominator, q2.value) == (3, 5, 0.6)  # A, C, E of 5
    q4 = figures["employment_q4"]
    assert (q4.numerator, q4.denominator) == (2, 5)  # A, E (C has no supplemental Q4 information)
    assert figures["median_earnings_q2"].value == 5000.0  # median of 3,000 5,000 7,000
    assert figures["median_earnings_q2"].denominator == 3
    # Sectorscope's own measure leaves B and C out (no wage records): A and E of A, D, E
    own_rows = [person(wage_records=r["wage_records"], q2=r["q2_earnings"]) for r in rows]
    own = ref.employment_rate(indicators(*own_rows), 2)
    assert (own.n, own.value, own.not_matched) == (3, pytest.approx(2 / 3), 2)


def test_credential_rate_leaves_out_on_the_job_and_customized_training_and_counts_non_completers():
    figure = wioa_figures(
        exiter(credential_earned=True, credential_on="2017-08-01"),  # F: completer with a credential
        exiter(training_type="on-the-job", credential_earned=True, credential_on="2017-08-01"),  # G: OJT, out
        exiter(is_customized_training=True),  # H: customized training, out
        exiter(completed=False),  # I: non-completer, no credential
        exiter(completed=False, credential_earned=True, credential_on="2018-02-01"),  # J: non-completer, credential
    )["credential"]
    assert (figure.numerator, figure.denominator) == (2, 3)  # F and J of F, I, J
    assert figure.value == pytest.approx(2 / 3)


def test_pre_employment_services_are_not_training_for_the_credential_rate():
    """Prevocational services are career services under WIOA (sec. 134(c)(2)(A)(xii)), not training services: a
    pre-employment exiter is in no credential cohort (a reviewer: PY 2016 of the demo read 53.8% of 1,109 with them,
    59.5% of 891 without)."""
    rows = [exiter(credential_earned=True, credential_on="2017-08-01"),
            exiter(training_type="pre-employment", credential_earned=True, credential_on="2017-08-01"),
            exiter(training_type="pre-employment")]
    figure = wioa_figures(*rows)["credential"]
    assert (figure.numerator, figure.denominator) == (1, 1)
    outcomes = wioa.wioa_exiter_outcomes(pd.DataFrame(rows), COVERAGE)
    assert list(outcomes["credential_status"]) == [wioa.OBSERVED, wioa.NOT_IN_COHORT, wioa.NOT_IN_COHORT]


def test_a_credential_11_months_after_exit_counts_and_13_months_does_not():
    figure = wioa_figures(
        exiter(exited_on="2017-08-15", credential_earned=True, credential_on="2018-07-15"),  # 11 months: counts
        exiter(exited_on="2017-08-15", credential_earned=True, credential_on="2018-09-15"),  # 13 months: does not
        exiter(exited_on="2017-08-15", enrolled_on="2017-01-10", credential_earned=True,
               credential_on="2016-12-01"),  # before enrolment: does not
    )["credential"]
    assert (figure.numerator, figure.denominator, figure.value) == (1, 3, pytest.approx(1 / 3))


def test_credentials_wait_until_a_year_after_exit_is_in_the_records():
    figure = wioa_figures(exiter(exited_on="2019-03-01", credential_earned=True, credential_on="2019-02-01",
                                 records_as_of="2019-12-31"))["credential"]
    assert figure.not_yet == 1 and math.isnan(figure.value)


@pytest.mark.parametrize("reason", [
    "institutionalized", "health/medical", "deceased", "reserve or National Guard call-up"])
def test_each_exclusion_takes_the_exiter_out(reason):
    figures = wioa_figures(exiter(q2=4000.0, q4=4000.0, credential_earned=True),
                           exiter(exit_exclusion_reason=reason, q2=0.0, q4=0.0))
    for key in ("employment_q2", "employment_q4", "credential"):
        # with the second person excluded: 1 of 1 (without the exclusion it would be 1 of 2)
        assert (figures[key].numerator, figures[key].denominator, figures[key].value) == (1, 1, 1.0)
        assert figures[key].excluded == 1


def test_foster_care_excludes_youth_only():
    youth = wioa_figures(exiter(q2=4000.0), exiter(exit_exclusion_reason="foster care (youth)", age_band="16-24",
                                                    q2=0.0))["employment_q2"]
    assert (youth.denominator, youth.value, youth.excluded) == (1, 1.0, 1)
    adult = wioa_figures(exiter(q2=4000.0), exiter(exit_exclusion_reason="foster care (youth)", age_band="25-34",
                                                    q2=0.0))["employment_q2"]
    assert (adult.denominator, adult.value, adult.excluded) == (2, 0.5, 0)


def test_foster_care_follows_the_youth_marker_where_the_data_gives_one():
    # marked a youth at 25-34 (the youth program reaches 24; a late exit): excluded; marked not a youth at 16-24:
    # counted, 1 of 2 employed
    marked = wioa_figures(exiter(q2=4000.0), exiter(exit_exclusion_reason="foster care (youth)", age_band="25-34",
                                                     is_youth=True, q2=0.0))["employment_q2"]
    assert (marked.denominator, marked.value, marked.excluded) == (1, 1.0, 1)
    unmarked = wioa_figures(exiter(q2=4000.0), exiter(exit_exclusion_reason="foster care (youth)", age_band="16-24",
                                                       is_youth=False, q2=0.0))["employment_q2"]
    assert (unmarked.denominator, unmarked.value, unmarked.excluded) == (2, 0.5, 0)


def test_retention_with_two_employers_in_a_quarter_uses_every_account():
    figure = wioa_figures(
        exiter(q2=6000.0, q2_accounts=["A", "B"], q4=6000.0, q4_accounts=["B"]),  # M: B in both: retained
        exiter(q2=6000.0, q2_accounts=["A"], q4=6000.0, q4_accounts=["C"]),  # N: moved
        exiter(q2=6000.0, q2_accounts=["A", "D"], q4=6000.0, q4_accounts=["C", "A"]),  # O: A in both: retained
        exiter(q2=0.0, q4=6000.0, q4_accounts=["A"]),  # not employed in Q2: not in the denominator
    )["retention"]
    assert (figure.numerator, figure.denominator, figure.value) == (2, 3, pytest.approx(2 / 3))  # M, O of M, N, O


def test_retention_counts_everyone_employed_in_the_second_quarter_supplemental_information_included():
    # DOL's denominator is every exiter employed in Q2 "either through direct UI wage record match, ... or
    # supplemental wage information"; success needs "the same identifier ... in both the second and fourth
    # quarters", which only the wage records' employer accounts give here
    figure = wioa_figures(
        exiter(q2=6000.0, q2_accounts=["A"], q4=6000.0, q4_accounts=["A"]),  # R: retained
        exiter(wage_records=0, employed_q2_supplemental=True, employed_q4_supplemental=True),  # S: no account
        exiter(wage_records=0),  # T: not employed in Q2: not in the denominator
    )["retention"]
    assert (figure.numerator, figure.denominator, figure.value) == (1, 2, 0.5)  # R of R, S


@pytest.mark.parametrize("reason", [
    "institutionalized", "health/medical", "deceased", "reserve or National Guard call-up"])
def test_each_table_a_exclusion_takes_the_exiter_out_of_retention(reason):
    figure = wioa_figures(
        exiter(q2=6000.0, q2_accounts=["A"], q4=6000.0, q4_accounts=["A"]),  # retained
        exiter(q2=6000.0, q2_accounts=["A"], q4=0.0, exit_exclusion_reason=reason),  # left, excluded
    )["retention"]
    # with the second person excluded: 1 of 1 (without the exclusion it would be 1 of 2)
    assert (figure.numerator, figure.denominator, figure.value, figure.excluded) == (1, 1, 1.0, 1)


def test_foster_care_does_not_exclude_from_retention():
    # Table B (youth, foster care) is not among the exclusions of Effectiveness in Serving Employers (Table A, C)
    figure = wioa_figures(
        exiter(q2=6000.0, q2_accounts=["A"], q4=6000.0, q4_accounts=["A"]),  # retained
        exiter(q2=6000.0, q2_accounts=["A"], q4=0.0, exit_exclusion_reason="foster care (youth)", is_youth=True),
    )["retention"]
    assert (figure.numerator, figure.denominator, figure.value, figure.excluded) == (1, 2, 0.5, 0)
    # the same youth is out of the employment rates (Table B)
    assert wioa_figures(exiter(q2=6000.0), exiter(q2=0.0, exit_exclusion_reason="foster care (youth)",
                                                  is_youth=True))["employment_q2"].denominator == 1


def test_retention_leaves_out_for_a_missing_4th_quarter_only_people_employed_in_the_2nd():
    """Retention's cohort is who was employed in the 2nd quarter after exit: someone not employed then is out of it
    whatever their 4th quarter, so a 4th quarter not yet in the data or never loaded leaves out only the cohort (the
    WIOA table's Notes counted everyone exiting then, as the Worker page's retention card does not); a 2nd quarter
    not yet in the data leaves out everyone (who is in the cohort is unknown)."""
    last = LAST_QUARTER  # 2019 Q4: exits of 2019 Q2 have their 2nd quarter in the data, their 4th not yet
    gap = wioa.Coverage(FIRST_QUARTER, last, missing_quarters=(8077,))  # 2019 Q2 never loaded
    rows = [exiter(exited_on="2019-05-15", q2=4000.0, q2_accounts=["A"]),  # employed in Q2: Q4 not yet
            exiter(exited_on="2019-05-15", q2=0.0),  # not employed in Q2: out of the cohort
            exiter(exited_on="2019-10-15"),  # Q2 (2020 Q2) not yet in the data: unknown
            exiter(exited_on="2018-08-15", q2=0.0),  # Q2 2019 Q1 observed, not employed; Q4 2019 Q3
            exiter(exited_on="2018-11-15", q2=3000.0, q2_accounts=["B"]),  # Q2 2019 Q2 never loaded
            exiter(exited_on="2018-05-15", q2=0.0),  # Q2 2018 Q4, not employed; Q4 2019 Q2 never loaded
            exiter(exited_on="2018-05-15", q2=2000.0, q2_accounts=["C"])]  # employed; Q4 never loaded
    statuses = wioa.wioa_exiter_outcomes(pd.DataFrame(rows), gap)["retention_status"].tolist()
    assert statuses == [wioa.NOT_YET, wioa.NOT_IN_COHORT, wioa.NOT_YET, wioa.NOT_IN_COHORT, wioa.NOT_LOADED,
                        wioa.NOT_IN_COHORT, wioa.NOT_LOADED]


def test_a_quarter_after_exit_before_the_wage_records_start_is_left_out_not_counted_as_no_pay():
    """A state loading only its recent UI quarters: a quarter before the first one loaded is unknown, so its person
    is left out of the indicator and counted (it read "observed, not employed": 1 of 3 employed where 1 of 2 were)."""
    late = wioa.Coverage(8065, LAST_QUARTER)  # 2016 Q2 on
    rows = [exiter(exited_on="2015-08-15", q4=4000.0),  # Q2 = 2016 Q1, before the data; Q4 = 2016 Q3, in it
            exiter(exited_on="2015-11-01", q2=5000.0, q4=5000.0, q2_accounts=["A"], q4_accounts=["A"]),
            exiter(exited_on="2015-12-01")]  # both quarters in the data, no pay
    outcomes = wioa.wioa_exiter_outcomes(pd.DataFrame(rows), late)
    assert outcomes["q2_status"].tolist() == [wioa.BEFORE_DATA, wioa.OBSERVED, wioa.OBSERVED]
    assert outcomes["retention_status"].tolist() == [wioa.BEFORE_DATA, wioa.OBSERVED, wioa.NOT_IN_COHORT]
    figures = wioa.cohort_figures(outcomes)
    q2, q4 = figures["employment_q2"], figures["employment_q4"]
    assert (q2.numerator, q2.denominator, q2.value, q2.before_data) == (1, 2, 0.5, 1)
    assert (q4.numerator, q4.denominator, q4.before_data) == (2, 3, 0)
    median, retention = figures["median_earnings_q2"], figures["retention"]
    assert (median.denominator, median.value, median.before_data) == (1, 5000.0, 1)
    assert (retention.numerator, retention.denominator, retention.before_data) == (1, 1, 1)
    # PY 2016 counts these exits in both its Q2 and its Q4 cohort
    table = wioa.wioa_indicators(outcomes, None, [2016]).set_index("indicator")
    assert (table.loc["employment_q2", "value"], table.loc["employment_q2", "note"]) == (
        0.5, "1 person left out, before the data starts")
    assert table.loc["median_earnings_q2", "note"] == "1 person left out, before the data starts"
    assert (table.loc["employment_q4", "value"], table.loc["employment_q4", "note"]) == (2 / 3, "")


def test_a_cohort_with_quarters_not_yet_in_the_data_has_no_figure():
    table = wioa.wioa_indicators(wioa.wioa_exiter_outcomes(pd.DataFrame([
        exiter(exited_on="2019-05-01", q2=5000.0),  # Q2 = 2019 Q4 is in the data; Q4 = 2020 Q2 is not
    ]), COVERAGE), None, [2019, 2020]).set_index(["program_year", "indicator"])
    assert table.loc[(2019, "employment_q2"), "value"] == 1.0  # Q2 cohort of PY 2019: exits of PY 2018
    q4 = table.loc[(2020, "employment_q4")]  # Q4 cohort of PY 2020: exits of calendar 2019
    assert math.isnan(q4["value"]) and q4["not_yet"] == 1
    assert q4["note"] == "not yet in the data for 1 person"
    assert table.loc[(2019, "skill_gains"), "note"] == "no skill gain dates in the data"
    youth = table.loc[(2019, "youth_q2")]  # the frame carries no youth fields: absent, not 0
    assert youth["note"] == "not in the data" and pd.isna(youth["denominator"]) and math.isnan(youth["value"])


def participant(enrolled_on: str, exited_on: str | None = None, skill_gain_on: str | list[str] | None = None,
                training_type: str = "occupational skills", exit_exclusion_reason: str | None = None) -> dict:
    """One row as ``queries/skill_gain_participants.sql`` returns it."""
    return {"participant_id": enrolled_on, "enrolled_on": pd.Timestamp(enrolled_on),
            "exited_on": pd.Timestamp(exited_on) if exited_on else pd.NaT, "training_type": training_type,
            "age_band": "25-34", "exit_exclusion_reason": exit_exclusion_reason,
            "skill_gain_on": ([pd.Timestamp(day) for day in skill_gain_on] if isinstance(skill_gain_on, list)
                              else pd.Timestamp(skill_gain_on) if skill_gain_on else pd.NaT),
            "records_as_of": pd.Timestamp("2019-12-31"), "has_skill_gain_dates": True}


def test_measurable_skill_gains_in_a_program_year():
    frame = pd.DataFrame([
        participant("2017-09-01", skill_gain_on="2018-02-01"),  # P1: in training, gain in PY 2017
        participant("2017-01-10", "2017-08-31", skill_gain_on="2017-03-01"),  # P2: in PY 2017, gain in PY 2016
        participant("2016-09-01", "2017-05-31", skill_gain_on="2017-04-01"),  # P3: left before PY 2017
        participant("2017-10-01", "2018-01-15", exit_exclusion_reason="deceased"),  # P4: excluded
        participant("2017-08-01", training_type="on-the-job"),  # P5: OJT counts here, no gain
    ])
    figure = wioa.skill_gain_figure(frame, 2017)
    assert (figure.numerator, figure.denominator, figure.excluded) == (1, 3, 1)  # P1 of P1, P2, P5
    earlier = wioa.skill_gain_figure(frame, 2016)
    assert (earlier.numerator, earlier.denominator) == (2, 2)  # P2 and P3, both with a gain in PY 2016
    assert math.isnan(wioa.skill_gain_figure(frame, 2019).value)  # PY 2019 ends after the records


def test_wioa_indicators_by_group_add_up_to_the_exiters():
    rows = [exiter(q2=1.0), exiter(q2=0.0), exiter(exited_on="2018-01-01", q2=1.0)]
    outcomes = wioa.wioa_exiter_outcomes(pd.DataFrame(rows), COVERAGE)
    by_group = wioa.wioa_indicators(outcomes, None, [2017, 2018], group=pd.Series(["X", "Y", "X"]))
    # Participants Exited of PY 2017: exits 04/01/2017-03/31/2018, all three
    exited = by_group[(by_group["indicator"] == "employment_q2") & (by_group["program_year"] == 2017)]
    assert exited.set_index("group")["exiters"].to_dict() == {"X": 2, "Y": 1}
    # Employment Q2 of PY 2018: exits 07/01/2017-06/30/2018, all three
    q2 = by_group[(by_group["indicator"] == "employment_q2") & (by_group["program_year"] == 2018)].set_index("group")
    assert q2["denominator"].to_dict() == {"X": 2, "Y": 1}
    assert q2["value"].to_dict() == {"X": 1.0, "Y": 0.0}


exiters = st.lists(st.builds(
    exiter,
    exited_on=st.sampled_from(["2016-06-30", "2016-07-01", "2017-02-15", "2017-08-15", "2018-05-01", "2019-05-01"]),
    wage_records=st.integers(0, 2), q2=st.none() | st.sampled_from([0.0, 3000.0, 5000.0]),
    q4=st.none() | st.sampled_from([0.0, 4000.0]), q2_accounts=st.sampled_from([None, ["A"], ["A", "B"]]),
    q4_accounts=st.sampled_from([None, ["B"], ["C"]]), training_type=st.sampled_from(["on-the-job", "apprenticeship"]),
    credential_earned=st.booleans(), credential_on=st.sampled_from([None, "2017-01-01", "2018-06-01"]),
    exit_exclusion_reason=st.sampled_from([None, None, "deceased", "foster care (youth)"]),
    age_band=st.sampled_from(["16-24", "35-44"]), employed_q2_supplemental=st.sampled_from([None, True, False]),
    earnings_q2_supplemental=st.sampled_from([None, 2500.0])), min_size=1, max_size=25)


@pytest.mark.slow  # 40 random states, about 11 s: the longest test of the fast loop
@settings(max_examples=40, deadline=None)
@given(exiters, st.lists(st.sampled_from(["X", "Y", "Z"]), min_size=25, max_size=25))
def test_the_table_by_group_equals_each_cohort_computed_alone(rows, labels):
    frame = pd.DataFrame(rows)
    outcomes = wioa.wioa_exiter_outcomes(frame, COVERAGE)
    group = pd.Series(labels[:len(rows)], index=frame.index)
    table = wioa.wioa_indicators(outcomes, None, [2016, 2017, 2018, 2019], group=group)
    for (label, year), cell in table.groupby(["group", "program_year"]):
        mine = group == label
        assert cell["exiters"].iloc[0] == (mine & (outcomes["report_year_exited"] == year)).sum()
        for _, row in cell.iterrows():
            if row["indicator"] in ("skill_gains", "youth_q2", "youth_q4"):
                continue
            window = wioa.WINDOW_OF[row["indicator"]]
            figure = wioa.cohort_figures(outcomes[mine & (outcomes[f"report_year_{window}"] == year)])[row["indicator"]]
            assert (row["denominator"], row["not_yet"], row["excluded"]) == (figure.denominator, figure.not_yet,
                                                                             figure.excluded)
            assert row["value"] == pytest.approx(figure.value, nan_ok=True)


def test_hand_computed_wioa_figures_of_the_tiny_state(wioa_db):  # noqa: F811
    con = db.connect_read_only(wioa_db)
    params = {"sector_codes": [], "county_fips": [], "year_from": 2015, "year_to": 2025, "partnership_ids": [],
              "by_partnership_county": False, "public_only": False}
    frame = db.run_query(con, "wioa_exiters", **params)  # the page's query
    skill = db.run_query(con, "skill_gain_participants", **params)
    coverage = wioa.Coverage.from_row(db.run_query(con, "wage_record_coverage").iloc[0])
    con.close()
    outcomes = wioa.wioa_exiter_outcomes(frame, coverage)
    years = [2016, 2017, 2018, 2019]
    table = wioa.wioa_indicators(outcomes, wioa.skill_gain_rows(skill, years), years).set_index(
        ["program_year", "indicator"])
    for year, expected in WIOA_REPORTS.items():
        for key, value in expected.items():
            if key == "exiters":
                assert table.loc[(year, "employment_q2"), "exiters"] == value, year
            elif key == "excluded":
                assert table.loc[(year, "employment_q2"), "excluded"] == value, year
            elif key == "median_earnings_q2":
                assert table.loc[(year, key), "value"] == value, year
            else:
                assert tuple(table.loc[(year, key), ["numerator", "denominator"]]) == value, (year, key)
    assert math.isnan(table.loc[(2017, "retention"), "value"])  # nobody in its denominator: no figure, not 0%
    assert math.isnan(table.loc[(2018, "median_earnings_q2"), "value"])  # W3 was not employed
    assert math.isnan(table.loc[(2019, "skill_gains"), "value"])  # PY 2019 ends after the records (2019-10-01)


def test_the_shared_employer_account_matches_the_sets_of_employer_accounts():
    """Retention's one-pass join (``_shares_account``) finds exactly the people whose 2nd- and 4th-quarter account sets
    (``employer_accounts``) intersect: lists, arrays, empty and missing cells, a non-text item, duplicates."""
    import numpy as np

    q2 = [["A", "B"], np.array(["C"], dtype=object), [], None, ["D", 7], ["E", "E"], ("F",), ["G"]]
    q4 = [["B"], np.array(["X"], dtype=object), ["A"], ["A"], [7], ["E"], ["F", "H"], float("nan")]
    many = pd.DataFrame({"q2_employer_ids": q2, "q4_employer_ids": q4}, index=[10, 3, 5, 1, 2, 8, 9, 4])
    one = pd.DataFrame({"q2_employer_id": ["A", None, "B", "C"], "q4_employer_id": ["A", "A", None, "D"]})
    for frame in (many, one):
        sets = [bool(a & b) for a, b in zip(ref.employer_accounts(frame, 2), ref.employer_accounts(frame, 4),
                                            strict=True)]
        assert list(wioa._shares_account(frame)) == sets
    assert list(wioa._shares_account(many)) == [True, False, False, False, False, True, True, False]
    assert list(wioa._shares_account(one)) == [True, False, False, False]


@pytest.mark.parametrize("state", ["wioa_db", pytest.param("demo_db", marks=pytest.mark.slow)])  # the demo: slow
def test_the_pruned_exiter_query_gives_the_same_wioa_table_as_every_participant_field(state, request):
    """``wioa_exiters`` reads only the fields the WIOA functions use; the functions read a missing field as empty
    (False, NaN), so a field left out by mistake would change figures silently instead of failing. Equal to the
    table from ``worker_outcomes`` (every participant field), by partnership too."""
    con = db.connect_read_only(request.getfixturevalue(state))
    params = {"sector_codes": [], "county_fips": [], "year_from": 2015, "year_to": 2025, "partnership_ids": [],
              "by_partnership_county": False, "public_only": False}
    coverage = wioa.Coverage.from_row(db.run_query(con, "wage_record_coverage").iloc[0])
    skill = db.run_query(con, "skill_gain_participants", **params)
    pruned, full = (db.run_query(con, query, **params) for query in ("wioa_exiters", "worker_outcomes"))
    con.close()
    # what the records as a whole say (the same on every row) comes with the pruned query only
    whole = ["records_as_of", "has_youth_data"]
    assert (pruned[whole].nunique(dropna=False) == 1).all()
    full = full.assign(**pruned[whole].iloc[0].to_dict())
    assert set(pruned.columns) - {wioa.SHARES_ACCOUNT} < set(full.columns) and len(pruned) == len(full) > 0
    years = list(range(2015, 2025))
    tables = []
    gains = wioa.skill_gain_rows(skill, years)
    for frame in (pruned, full):
        outcomes = wioa.wioa_exiter_outcomes(frame, coverage)
        tables.append(wioa.wioa_indicators(outcomes, gains, years, group=frame["partnership_id"],
                                           skill_group=skill["partnership_id"].loc[gains.index]))
    pd.testing.assert_frame_equal(*tables)


def test_the_query_finds_the_same_shared_employer_accounts_as_the_lists(demo_db):
    """``wioa_exiters`` answers "an account in both quarters" in DuckDB; on the demo, for every exiter, the same answer
    as ``_shares_account`` over the account lists of ``worker_outcomes`` (some exiters share one, most not)."""
    con = db.connect_read_only(demo_db)
    params = {"sector_codes": [], "county_fips": [], "year_from": 2015, "year_to": 2025, "partnership_ids": [],
              "by_partnership_county": False, "public_only": False}
    pruned, full = (db.run_query(con, query, **params) for query in ("wioa_exiters", "worker_outcomes"))
    con.close()
    assert wioa.SHARES_ACCOUNT in pruned.columns and "q2_employer_ids" not in pruned.columns
    by_lists = pd.Series(wioa._shares_account(full), index=full["participant_id"])
    by_query = pd.Series(wioa._shares_account(pruned), index=pruned["participant_id"])
    pd.testing.assert_series_equal(by_query, by_lists)
    assert 0 < by_query.sum() < len(by_query)


def test_skill_gain_dates_flatten_lists_arrays_single_dates_and_empty_cells():
    """Every date of every row, with its row position, in row order: lists and arrays (as DuckDB returns ``date[]``),
    a single date (older frames), empty cells and missing dates inside a list left out."""
    import numpy as np

    cells = [["2017-08-01", "2018-02-01"], None, np.array(["2019-01-05"], dtype="datetime64[us]"), [],
             pd.Timestamp("2016-11-30"), [None, "2020-03-03"], float("nan")]
    positions, days = wioa.skill_gain_dates(pd.DataFrame({"skill_gain_on": cells}, index=[7, 3, 9, 1, 4, 2, 8]))
    assert list(positions) == [0, 0, 2, 4, 5]
    assert list(pd.to_datetime(days).strftime("%Y-%m-%d")) == ["2017-08-01", "2018-02-01", "2019-01-05",
                                                                 "2016-11-30", "2020-03-03"]
    assert days.dtype == np.dtype("datetime64[ns]")
    none_at_all = wioa.skill_gain_dates(pd.DataFrame({"skill_gain_on": [None, []]}))
    assert len(none_at_all[0]) == len(none_at_all[1]) == 0
