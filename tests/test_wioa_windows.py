"""The annual report's reporting windows, the youth education-or-employment rate and several skill gains per person:
hand-made cases at the boundaries, each expected figure worked out by hand in the test."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from test_wioa import COVERAGE, exiter, participant

from sectorscope.metrics import wioa


def report(*rows: dict, years: list[int]) -> pd.DataFrame:
    """The WIOA table (statewide) of these exiters, indexed by (report year, indicator)."""
    outcomes = wioa.wioa_exiter_outcomes(pd.DataFrame(list(rows)), COVERAGE)
    return wioa.wioa_indicators(outcomes, None, years).set_index(["program_year", "indicator"])


def counts(table: pd.DataFrame, year: int, indicator: str) -> tuple[int, int]:
    return tuple(int(v) for v in table.loc[(year, indicator), ["numerator", "denominator"]])


@pytest.mark.parametrize(("window", "year", "first", "last"), [
    ("q2", 2022, "2021-07-01", "2022-06-30"),
    ("q4", 2022, "2021-01-01", "2021-12-31"),
    ("exited", 2022, "2022-04-01", "2023-03-31"),
    ("skill_gains", 2022, "2022-07-01", "2023-06-30"),
])
def test_cohort_periods_of_the_py_2022_report(window, year, first, last):
    assert wioa.cohort_period(year, window) == (pd.Timestamp(first), pd.Timestamp(last))


def test_cohort_periods_table_reads_as_the_eta_9169_writes_dates():
    table = wioa.cohort_periods_table([2017])
    assert table.iloc[0].tolist() == ["PY 2017 (07/01/2017-06/30/2018)", "04/01/2017-03/31/2018",
                                      "07/01/2016-06/30/2017", "01/01/2016-12/31/2016", "07/01/2017-06/30/2018"]


@pytest.mark.parametrize(("window", "exit_day", "expected"), [
    ("q2", "2017-06-30", 2017), ("q2", "2017-07-01", 2018),  # PY 2016 exit -> PY 2017 report; PY 2017 -> PY 2018
    ("q4", "2017-06-30", 2018), ("q4", "2017-07-01", 2018),  # both in calendar 2017 -> PY 2018 report
    ("q4", "2017-12-31", 2018), ("q4", "2018-01-01", 2019),
    ("exited", "2018-03-31", 2017), ("exited", "2018-04-01", 2018),
])
def test_report_year_at_each_window_boundary(window, exit_day, expected):
    assert wioa.report_year(pd.Series([pd.Timestamp(exit_day)]), window).tolist() == [expected]


def test_employment_q2_and_median_june_30_counts_in_one_report_july_1_in_the_next():
    table = report(exiter(exited_on="2017-06-30", q2=4000.0),  # A: Q2 cohort of PY 2017 (07/01/2016-06/30/2017)
                   exiter(exited_on="2017-07-01", q2=0.0),  # B: Q2 cohort of PY 2018 (07/01/2017-06/30/2018)
                   exiter(exited_on="2018-06-30", q2=6000.0),  # C: PY 2018 too
                   years=[2017, 2018])
    assert counts(table, 2017, "employment_q2") == (1, 1)  # A
    assert table.loc[(2017, "median_earnings_q2"), "value"] == 4000.0  # A alone
    assert counts(table, 2018, "employment_q2") == (1, 2)  # C of B and C
    assert table.loc[(2018, "median_earnings_q2"), "value"] == 6000.0  # C, the only one employed


def test_employment_q4_credential_and_retention_december_31_and_january_1_fall_in_different_reports():
    december = exiter(exited_on="2017-12-31", q2=5000.0, q2_accounts=["A"], q4=5000.0, q4_accounts=["A"],
                      credential_earned=True, credential_on="2017-12-01")  # D: calendar 2017 -> PY 2018 report
    january = exiter(exited_on="2018-01-01", q2=5000.0, q2_accounts=["A"], q4=0.0,
                     credential_earned=False)  # J: calendar 2018 -> PY 2019 report
    table = report(december, january, years=[2018, 2019])
    assert counts(table, 2018, "employment_q4") == (1, 1)  # D employed in 2018 Q4
    assert counts(table, 2019, "employment_q4") == (0, 1)  # J: $0 in 2019 Q1
    assert counts(table, 2018, "credential") == (1, 1) and counts(table, 2019, "credential") == (0, 1)
    assert counts(table, 2018, "retention") == (1, 1)  # D stays with A
    assert counts(table, 2019, "retention") == (0, 1)  # J: employed in Q2, not in Q4
    # and both exits lie in PY 2017, so both are in the Q2 cohort of the PY 2018 report
    assert counts(table, 2018, "employment_q2") == (2, 2)


def test_participants_exited_march_31_and_april_1_fall_in_different_reports():
    table = report(exiter(exited_on="2018-03-31"), exiter(exited_on="2018-04-01"), exiter(exited_on="2019-03-31"),
                   years=[2017, 2018])
    assert table.loc[(2017, "employment_q2"), "exiters"] == 1  # 04/01/2017-03/31/2018: the first
    assert table.loc[(2018, "employment_q2"), "exiters"] == 2  # 04/01/2018-03/31/2019: the other two


def test_youth_education_or_employment_rate():
    rows = [
        exiter(exited_on="2017-08-15", q2=0.0, q4=0.0, is_youth=True, in_education_q2=True,
               in_education_q4=False),  # Y1: in education in Q2 only
        exiter(exited_on="2017-09-15", q2=3000.0, q4=0.0, is_youth=True, in_education_q2=False,
               in_education_q4=False),  # Y2: employed in Q2 only
        exiter(exited_on="2017-10-15", q2=0.0, q4=0.0, is_youth=True),  # Y3: neither (nothing recorded)
        exiter(exited_on="2017-11-15", q2=0.0, q4=0.0, is_youth=True, in_education_q2=True,
               exit_exclusion_reason="deceased"),  # Y4: excluded
        exiter(exited_on="2017-12-15", q2=0.0, q4=0.0, is_youth=False, in_education_q2=True),  # A: not youth
    ]
    table = report(*rows, years=[2018])  # all exits in PY 2017 and calendar 2017: Q2 and Q4 of PY 2018
    assert counts(table, 2018, "youth_q2") == (2, 3)  # Y1 (education) and Y2 (job) of Y1, Y2, Y3
    assert table.loc[(2018, "youth_q2"), "value"] == pytest.approx(2 / 3)
    assert table.loc[(2018, "youth_q2"), "excluded"] == 1  # Y4
    assert counts(table, 2018, "youth_q4") == (0, 3)  # nobody in Q4: a true 0
    assert table.loc[(2018, "youth_q4"), "value"] == 0.0 and table.loc[(2018, "youth_q4"), "note"] == ""
    assert counts(table, 2018, "employment_q2") == (1, 4)  # everyone but Y4 is in the employment rate


def test_youth_rate_is_not_in_the_data_without_a_youth_marker_or_education_after_exit():
    no_education = report(exiter(q2=3000.0, is_youth=True), years=[2018])  # youth marked, no education field
    assert no_education.loc[(2018, "youth_q2"), "note"] == "not in the data"
    assert pd.isna(no_education.loc[(2018, "youth_q2"), "denominator"])
    assert math.isnan(no_education.loc[(2018, "youth_q2"), "value"])
    flagged = wioa.wioa_exiter_outcomes(pd.DataFrame([exiter(q2=3000.0, is_youth=True, in_education_q2=True)])
                                        .assign(has_youth_data=False), COVERAGE)  # the query's flag decides
    assert not wioa.has_youth_data(flagged)


def test_several_skill_gains_per_person():
    frame = pd.DataFrame([
        participant("2016-09-01", skill_gain_on=["2017-03-01", "2017-05-01", "2018-02-01"]),  # S1: 2016 twice, 2017
        participant("2017-01-10", "2018-03-31", skill_gain_on=["2016-12-01"]),  # S2: gain before enrolment only
        participant("2017-08-01", skill_gain_on=["2018-06-30"]),  # S3: last day of PY 2017
        participant("2017-08-01", skill_gain_on=["2018-07-01"]),  # S4: first day of PY 2018
        participant("2017-08-01"),  # S5: none
    ])
    py2016 = wioa.skill_gain_figure(frame, 2016)
    assert (py2016.numerator, py2016.denominator) == (1, 2)  # S1 (counted once for two gains) of S1, S2
    py2017 = wioa.skill_gain_figure(frame, 2017)
    assert (py2017.numerator, py2017.denominator) == (2, 5)  # S1 and S3 of all five
    py2018 = wioa.skill_gain_figure(frame, 2018)
    assert (py2018.numerator, py2018.denominator) == (1, 4)  # S4 of S1, S3, S4, S5 (S2 left in March 2018)


def test_several_skill_gains_in_the_long_table_match_the_figure_of_each_year():
    frame = pd.DataFrame([
        participant("2016-09-01", skill_gain_on=["2017-03-01", "2018-02-01"]),
        participant("2017-08-01", "2018-08-01", skill_gain_on=["2018-07-15"]),
        participant("2017-08-01", skill_gain_on="2017-09-01"),  # a single date, as older frames hold it
    ])
    outcomes = wioa.wioa_exiter_outcomes(pd.DataFrame([exiter()]), COVERAGE)
    years = [2016, 2017, 2018]
    table = wioa.wioa_indicators(outcomes, wioa.skill_gain_rows(frame, years), years).set_index(
        ["program_year", "indicator"])
    for year in (2016, 2017, 2018):
        figure = wioa.skill_gain_figure(frame, year)
        assert counts(table, year, "skill_gains") == (figure.numerator, figure.denominator)
    assert counts(table, 2017, "skill_gains") == (2, 3)  # first (2018-02-01) and third (2017-09-01) of three
    assert counts(table, 2018, "skill_gains") == (1, 3)  # second (2018-07-15) of three


def test_the_report_table_leaves_figures_not_in_the_data_empty():
    from sectorscope.present import worker_headlines as cards

    outcomes = wioa.wioa_exiter_outcomes(pd.DataFrame([exiter(q2=3000.0)] * 12), COVERAGE)  # 12 exiters, no youth
    statewide = wioa.wioa_indicators(outcomes, None, [2018])
    row = cards.wioa_report_table(statewide, statewide.iloc[0:0], {}).iloc[0]
    assert row["Employment Rate (Q2) Num"] == 12 and row["Employment Rate (Q2) n"] == 12
    assert pd.isna(row["Youth Education or Employment Rate (Q2) n"])
    # the two youth rates share their reason: said once, after both
    assert ("Youth Education or Employment Rate (Q2), Youth Education or Employment Rate (Q4): not in the data"
            in row["Notes"])


def test_the_report_table_lists_partnerships_by_name_and_refuses_a_table_it_cannot_lay_out():
    """Its rows are blocks of a long table's rows, one per indicator in order (``wioa._indicator_table``): a table
    missing a row is refused instead of shifting every column after it."""
    from sectorscope.present import worker_headlines as cards

    outcomes = wioa.wioa_exiter_outcomes(pd.DataFrame([exiter(q2=3000.0)] * 12), COVERAGE)
    groups = pd.Series(["P2", "P1"] * 6)
    by_partnership = wioa.wioa_indicators(outcomes, None, [2018], group=groups)
    statewide = wioa.wioa_indicators(outcomes, None, [2018])
    table = cards.wioa_report_table(statewide, by_partnership, {"P1": "Zeta works", "P2": "Alpha care"})
    assert list(table["Scope"]) == [cards.STATEWIDE, "Alpha care", "Zeta works"]
    assert list(table["Employment Rate (Q2) n"]) == [12, 6, 6]
    with pytest.raises(ValueError, match="not a long table"):
        cards.wioa_report_table(statewide.iloc[1:], by_partnership, {})


def test_the_median_with_no_one_employed_says_so_not_that_its_cohort_is_empty():
    """Four exiters, none employed in the 2nd quarter: the median's note read "no one in its cohort"."""
    from sectorscope.present import worker_headlines as cards

    outcomes = wioa.wioa_exiter_outcomes(pd.DataFrame([exiter(q2=0.0)] * 4), COVERAGE)
    row = cards.wioa_report_table(wioa.wioa_indicators(outcomes, None, [2018]), pd.DataFrame(
        columns=["group", "program_year", "indicator"]), {}).iloc[0]
    assert (row["Employment Rate (Q2) Num"], row["Employment Rate (Q2) n"], row["Employment Rate (Q2)"]) == (0, 4, 0)
    assert "Median Earnings (Q2): no one employed in the 2nd quarter after exit" in row["Notes"]
    assert "Median Earnings (Q2): no one in its cohort" not in row["Notes"]


def test_a_rate_withheld_until_its_cohort_is_complete_withholds_its_numerator_and_the_medians_note_says_so():
    """PY 2020's 2nd-quarter cohort (exits July 2019 - June 2020) runs past the wage records (to 2019 Q4): its rate
    is withheld, but its numerator so far stood beside its n (so the rate followed), and the Notes did not name
    the median, empty for the same reason."""
    from sectorscope.present import worker_headlines as cards

    rows = [exiter(exited_on="2019-08-15", enrolled_on="2019-01-10", q2=None)] * 3
    outcomes = wioa.wioa_exiter_outcomes(pd.DataFrame(rows), COVERAGE)
    statewide = wioa.wioa_indicators(outcomes, None, [2020])
    row = cards.wioa_report_table(statewide, statewide.iloc[0:0], {}).iloc[0]
    assert pd.isna(row["Employment Rate (Q2)"]) and pd.isna(row["Employment Rate (Q2) Num"])
    assert pd.isna(row["Median Earnings (Q2) n"]) and pd.isna(row["Median Earnings (Q2)"])
    [not_yet] = [part for part in row["Notes"].split("; ") if "not yet in the data for 3 people" in part]
    assert not_yet.startswith("Employment Rate (Q2), Employment Rate (Q4), Median Earnings (Q2), ")


def test_the_report_table_flags_small_n_and_its_csv_says_staff_only_and_where_it_departs_from_dol():
    """Four youth of twelve exiters: the youth rate rests on 4 (4 of 4 = 100% for a county's youth read as any
    other figure); the row is flagged as the other Worker tables flag a small n, and its CSV carries, on every row,
    that it is staff-only and unsuppressed and where it departs from DOL."""
    from sectorscope.metrics import workers
    from sectorscope.present import worker_headlines as cards
    from sectorscope.present.downloads import readable_download

    rows = ([exiter(q2=3000.0, q4=3000.0, is_youth=True, in_education_q2=True, in_education_q4=False,
                    age_band="16-24")] * 4 + [exiter(q2=3000.0, q4=3000.0)] * (workers.SMALL_N + 1))
    outcomes = wioa.wioa_exiter_outcomes(pd.DataFrame(rows), COVERAGE)
    statewide = wioa.wioa_indicators(outcomes, None, [2018])
    table = cards.wioa_report_table(statewide, statewide.iloc[0:0], {})
    row = table.iloc[0]
    assert row[cards.WIOA_SMALL_N]
    assert f"small n (< {workers.SMALL_N}): Youth Education or Employment Rate (Q2) (n = 4)" in row["Notes"]
    csv = readable_download(cards.wioa_report_download(table), units=cards.column_kinds())
    assert csv[cards.WIOA_USE_COLUMN].iloc[0].startswith("Staff only: not suppressed")
    departs = csv[cards.WIOA_DEPARTURES_COLUMN].iloc[0]
    for said in ("secondary school diploma", "without a date", "from enrolment to exit", "youth exiters are counted",
                 "secondary sources", "supplemental wage information alone"):
        assert said in departs, said


def test_the_report_table_shows_rates_to_one_decimal_and_its_csv_keeps_them_whole():
    """DOL's reports give rates to one decimal (75.3%, not 75%); the CSV keeps the full value."""
    from sectorscope.present import formatting
    from sectorscope.present import worker_headlines as cards
    from sectorscope.present.downloads import readable_download
    from sectorscope.ui.printing import KIND_FORMATS

    rows = [exiter(q2=3000.0)] * 2 + [exiter(q2=0.0)]  # 2 of 3 employed: 66.666...%
    outcomes = wioa.wioa_exiter_outcomes(pd.DataFrame(rows), COVERAGE)
    statewide = wioa.wioa_indicators(outcomes, None, [2018])
    table = cards.wioa_report_table(statewide, statewide.iloc[0:0], {})
    kinds = cards.column_kinds()
    assert kinds["Employment Rate (Q2)"] == "rate_1"
    shown = formatting.rounded_for_table(table, kinds)
    assert shown["Employment Rate (Q2)"].iloc[0] == 0.667  # the grid shows 66.7%
    assert formatting.table_formats(table, kinds)["Employment Rate (Q2)"]["step"] == pytest.approx(0.001)
    assert KIND_FORMATS[kinds["Employment Rate (Q2)"]](table["Employment Rate (Q2)"].iloc[0]) == "66.7%"  # in print
    csv = readable_download(table, units=kinds)
    assert csv["Employment Rate (Q2) (%)"].iloc[0] == pytest.approx(200 / 3)
