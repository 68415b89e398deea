"""Employer outcome metrics on hand-computed cases, edge cases and properties."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sectorscope.metrics import employers, privacy

B = "boolean"


def surveys(rows: list[tuple]) -> pd.DataFrame:
    """(employer, partnership, year, before, after, reduced_turnover, hires) rows as survey responses."""
    frame = pd.DataFrame(rows, columns=["employer_id", "partnership_id", "survey_year", "turnover_rate_before",
                                        "turnover_rate_after", "reduced_turnover", "hires_from_training"])
    frame["reduced_turnover"] = frame["reduced_turnover"].astype(B)
    for column in ("reduced_rework", "reduced_complaints", "partnership_valuable"):
        frame[column] = pd.array([True] * len(frame), dtype=B)
    frame["sector_code"] = frame["partnership_id"].map({"P1": "HLTH", "P2": "MFG", "P3": "HLTH"})
    return frame


SAMPLE = surveys([
    ("E1", "P1", 2018, 0.40, 0.30, True, 3),
    ("E1", "P1", 2020, 0.40, 0.20, True, 2),  # E1 surveyed again: its latest answer counts
    ("E2", "P1", 2019, 0.30, None, False, None),  # no rate after: left out of the paired change, counted
    ("E3", "P2", 2019, 0.20, 0.25, False, 4),
    ("E4", "P3", 2019, None, 0.10, None, 1),
])


def test_latest_response_per_employer_and_partnership():
    latest = employers.latest_responses(SAMPLE)
    assert list(zip(latest["employer_id"], latest["survey_year"], strict=True)) == [
        ("E1", 2020), ("E2", 2019), ("E3", 2019), ("E4", 2019)]
    assert employers.latest_responses(SAMPLE.iloc[:0]).empty


def test_paired_change_leaves_out_and_counts_missing_rates():
    latest = employers.latest_responses(SAMPLE)
    change = employers.turnover_change(latest["turnover_rate_before"], latest["turnover_rate_after"])
    # pairs: E1 .40 -> .20 (-.20), E3 .20 -> .25 (+.05); E2 and E4 miss a rate
    assert (change.n, change.excluded) == (2, 2)
    assert change.median_change == pytest.approx(-0.075)
    assert change.median_before == pytest.approx(0.30) and change.median_after == pytest.approx(0.225)
    paired = employers.paired_turnover(latest)
    assert list(paired["employer_id"]) == ["E1", "E3"] and list(paired["change"]) == pytest.approx([-0.2, 0.05])


def test_turnover_change_by_group():
    by_sector = employers.turnover_change_by(employers.latest_responses(SAMPLE), "sector_code").set_index(
        "sector_code")
    assert by_sector.loc["HLTH", "n"] == 1 and by_sector.loc["HLTH", "excluded"] == 2
    assert by_sector.loc["HLTH", "median_change"] == pytest.approx(-0.2)
    assert by_sector.loc["MFG", "median_change"] == pytest.approx(0.05)
    assert list(by_sector.index) == ["HLTH", "MFG"]  # largest fall first


def test_a_half_point_change_is_a_half_however_the_float_holds_it():
    """34.5% -> 30% is -4.5 points, held as -0.044999999999999984: the cards read "-4 pts" where a staffer's own
    -4.5 rounds to "-5 pts" (a staffer checked a median change of -5.5 points so in SQL)."""
    from sectorscope.present.formatting import format_points

    frame = surveys([("E1", "P2", 2019, 0.345, 0.30, True, 1)])
    change = employers.turnover_change(frame["turnover_rate_before"], frame["turnover_rate_after"])
    assert change.median_change == -0.045 and format_points(change.median_change) == "-5 pts"
    assert employers.turnover_change_by(frame, "sector_code")["median_change"].tolist() == [-0.045]
    assert employers.paired_turnover(frame)["change"].tolist() == [-0.045]
    two = surveys([("E1", "P2", 2019, 0.345, 0.30, True, 1), ("E2", "P2", 2019, 0.345, 0.30, True, 1)])
    assert employers.turnover_change(two["turnover_rate_before"], two["turnover_rate_after"]).median_change == -0.045


def test_group_with_no_pair_has_missing_medians_not_zero():
    frame = surveys([("E9", "P2", 2019, None, 0.3, True, 1)])
    row = employers.turnover_change_by(frame, "sector_code").iloc[0]
    assert row["n"] == 0 and row["excluded"] == 1 and math.isnan(row["median_change"])


def test_empty_selection():
    empty = SAMPLE.iloc[:0]
    assert employers.turnover_change_by(empty, "sector_code").empty
    assert employers.turnover_change(empty["turnover_rate_before"], empty["turnover_rate_after"]).n == 0
    shares = employers.survey_shares(empty)
    assert (shares["n"] == 0).all() and shares["share"].isna().all()
    assert employers.hires_by(empty, "partnership_id").empty
    summary = employers.hires_summary(empty)
    assert summary.employers_reporting == 0 and math.isnan(summary.hires)


def test_survey_shares_beside_the_massachusetts_figures():
    shares = employers.survey_shares(employers.latest_responses(SAMPLE)).set_index("question")
    # reduced turnover among E1 yes, E2 no, E3 no (E4 did not answer): 1 / 3
    assert shares.loc["reduced_turnover", "n"] == 3 and shares.loc["reduced_turnover", "yes"] == 1
    assert shares.loc["reduced_turnover", "share"] == pytest.approx(1 / 3)
    assert list(shares["published_share"]) == [0.41, 0.19, 0.23, 1.00]
    assert "Massachusetts" in shares.loc["reduced_rework", "published_source"]


def test_hires_per_partnership_and_employer():
    hires = employers.hires_by(SAMPLE, "partnership_id").set_index("partnership_id")
    # P1: E1 reported 3 + 2 = 5, E2 reported nothing -> 5 hires, 1 employer reporting of 2
    assert hires.loc["P1", "hires"] == 5 and hires.loc["P1", "employers"] == 2
    assert hires.loc["P1", "employers_reporting"] == 1 and hires.loc["P1", "hires_per_employer"] == 5
    summary = employers.hires_summary(SAMPLE)
    # per employer: E1 5, E3 4, E4 1 -> total 10, mean 3.33, median 4
    assert (summary.employers_reporting, summary.hires, summary.median_per_employer) == (3, 10, 4)
    assert summary.mean_per_employer == pytest.approx(10 / 3)


def test_group_where_nobody_reported_hires_is_missing():
    frame = surveys([("E9", "P2", 2019, 0.2, 0.3, True, None)])
    row = employers.hires_by(frame, "partnership_id").iloc[0]
    assert row["employers_reporting"] == 0 and math.isnan(row["hires"])


def test_annualized_qwi_turnover():
    assert employers.annual_from_quarterly_turnover(0.0625) == pytest.approx(0.25)
    assert math.isnan(employers.annual_from_quarterly_turnover(math.nan))


def test_regional_turnover_weights_by_employment_and_skips_suppressed_cells():
    result = employers.regional_turnover(pd.Series([0.05, 0.06, 0.07, None, 0.5]),
                                         pd.Series([100, 100, 200, 100, None]))
    # (5 + 6 + 14) / 400 = .0625 a quarter; the suppressed rate and the cell without employment are left out
    assert (result.cells, result.cells_used) == (5, 3)
    assert result.quarterly == pytest.approx(0.0625) and result.annual == pytest.approx(0.25)
    nothing = employers.regional_turnover(pd.Series([None, 0.1]), pd.Series([10, 0]))
    assert nothing.cells_used == 0 and math.isnan(nothing.annual)


def qwi_cells(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["partnership_id", "sector_code", "area_type", "area_code", "naics_sector",
                                       "year", "quarter", "employment", "turnover_rate"])


def test_baseline_comparison_by_sector_counts_shared_cells_once():
    cells = qwi_cells([
        ("P1", "HLTH", "county", "42071", "62", 2020, 1, 100, 0.05),
        ("P3", "HLTH", "county", "42071", "62", 2020, 1, 100, 0.05),  # the same cell via another partnership
        ("P3", "HLTH", "county", "42071", "62", 2020, 2, 300, 0.09),
        ("P2", "MFG", "county", "42133", "31-33", 2019, 1, 50, 0.04),
    ])
    latest = employers.latest_responses(SAMPLE)
    by_sector = employers.baseline_comparison(latest, cells, "sector_code").set_index("sector_code")
    # HLTH: (.05 x 100 + .09 x 300) / 400 = .08 a quarter -> .32 a year; employers after: E1 .20 (paired)
    assert by_sector.loc["HLTH", "qwi_cells_used"] == 2
    assert by_sector.loc["HLTH", "qwi_annual"] == pytest.approx(0.32)
    assert by_sector.loc["HLTH", "after_minus_qwi"] == pytest.approx(0.20 - 0.32)
    assert by_sector.loc["MFG", "qwi_annual"] == pytest.approx(0.16)
    by_partnership = employers.baseline_comparison(latest, cells, "partnership_id").set_index("partnership_id")
    assert by_partnership.loc["P1", "qwi_annual"] == pytest.approx(0.20)
    assert math.isnan(by_partnership.loc["P3", "median_after"])  # E4 has no before rate: no pair


def test_below_norm_counts_groups_with_both_figures():
    comparison = pd.DataFrame({"median_after": [0.20, 0.30, None, 0.10], "qwi_annual": [0.32, 0.25, 0.2, None]})
    assert employers.below_norm(comparison) == (1, 2)
    assert employers.below_norm(comparison.iloc[:0]) == (0, 0)


def test_baseline_without_qwi_keeps_the_employers():
    latest = employers.latest_responses(SAMPLE)
    frame = employers.baseline_comparison(latest, qwi_cells([]), "sector_code")
    assert set(frame["sector_code"]) == {"HLTH", "MFG"}
    assert frame["qwi_annual"].isna().all() and (frame["qwi_cells"] == 0).all()


def test_preferred_geography_never_mixes_counties_and_metros():
    cells = qwi_cells([("P", "S", "county", "37001", "62", 2010, 1, 10, None),
                       ("P", "S", "metro", "39580", "62", 2010, 1, 10, 0.1)])
    assert employers.preferred_geography(cells) == "metro"  # county cells without a released rate
    cells.loc[0, "turnover_rate"] = 0.2
    assert employers.preferred_geography(cells) == "county"
    assert employers.preferred_geography(cells.iloc[:0]) is None


@pytest.mark.parametrize(("selected", "covered", "expected"), [
    ((2015, 2025), (2014, 2024), (2015, 2024)),  # clipped to the overlap
    ((2015, 2015), (2010, 2010), (2010, 2010)),  # no overlap: the QWI years, said on the page
    ((2015, 2025), (None, None), None),  # no QWI at all
])
def test_years_to_show(selected, covered, expected):
    assert employers.years_to_show(*selected, *covered) == expected


def test_hide_small_groups_with_a_complementary_cell():
    frame = pd.DataFrame({"group": ["a", "b", "c"], "n": [3, 12, 40], "median": [0.1, 0.2, 0.3]})
    hidden = privacy.suppress_groups(frame, "n", ["median"], 10)
    assert list(hidden["hidden"]) == [True, True, False]  # b hidden too, or a total would reveal a
    assert hidden["median"].isna().tolist() == [True, True, False]
    assert privacy.suppress_groups(frame, "n", ["median"], None)["median"].tolist() == [0.1, 0.2, 0.3]


@settings(deadline=None, max_examples=60)  # pandas per example; the machine is shared
@given(st.lists(st.tuples(st.floats(0.01, 0.9), st.floats(0.01, 0.9)), min_size=1, max_size=30))
def test_median_change_lies_between_the_smallest_and_largest_change(pairs):
    before = pd.Series([b for b, _ in pairs])
    after = pd.Series([a for _, a in pairs])
    change = employers.turnover_change(before, after)
    changes = after - before
    assert change.n == len(pairs) and change.excluded == 0
    kept = 10.0 ** -employers.RATE_DECIMALS  # the median is kept to so many decimals
    assert changes.min() - kept <= change.median_change <= changes.max() + kept


@settings(deadline=None, max_examples=60)  # pandas per example; the machine is shared
@given(st.lists(st.tuples(st.floats(0, 0.5), st.integers(1, 10_000)), min_size=1, max_size=30))
def test_regional_turnover_lies_within_the_cells_rates(cells):
    rates = pd.Series([r for r, _ in cells])
    weights = pd.Series([w for _, w in cells])
    result = employers.regional_turnover(rates, weights)
    assert rates.min() - 1e-12 <= result.quarterly <= rates.max() + 1e-12
    assert result.annual == pytest.approx(4 * result.quarterly)


rate = st.one_of(st.none(), st.floats(0.01, 0.9))


@settings(deadline=None, max_examples=60)  # pandas per example; the machine is shared
@given(st.lists(st.tuples(st.sampled_from("abc"), rate, rate), min_size=1, max_size=40))
def test_grouped_change_equals_the_change_of_each_group(rows):
    frame = pd.DataFrame(rows, columns=["group", "turnover_rate_before", "turnover_rate_after"])
    grouped = employers.turnover_change_by(frame, "group").set_index("group")
    for key, group in frame.groupby("group"):
        alone = employers.turnover_change(group["turnover_rate_before"], group["turnover_rate_after"])
        assert (grouped.loc[key, "n"], grouped.loc[key, "excluded"]) == (alone.n, alone.excluded)
        assert grouped.loc[key, "median_change"] == pytest.approx(alone.median_change, nan_ok=True)


@settings(deadline=None, max_examples=60)  # pandas per example; the machine is shared
@given(st.lists(st.tuples(st.sampled_from("ab"), st.integers(1, 8), rate, st.one_of(st.none(), st.integers(0, 500))),
                min_size=1, max_size=40))
def test_grouped_regional_turnover_equals_each_group_alone(rows):
    cells = pd.DataFrame(rows, columns=["group", "quarter", "turnover_rate", "employment"]).drop_duplicates(
        ["group", "quarter"])
    grouped = employers.regional_turnover_by(cells, "group").set_index("group")
    for key, group in cells.groupby("group"):
        alone = employers.regional_turnover(group["turnover_rate"], group["employment"])
        assert grouped.loc[key, "qwi_cells_used"] == alone.cells_used
        assert grouped.loc[key, "qwi_annual"] == pytest.approx(alone.annual, nan_ok=True)


def _many(partnership: str, count: int, hires: int | None = 1) -> list[tuple]:
    """``count`` employers of one partnership, each with both rates, a yes and ``hires``."""
    return [(f"{partnership}-E{i}", partnership, 2020, 0.4, 0.3, True, hires) for i in range(count)]


# P1: 3 employers (fewer than k = 10), P2: 12, P3: 15.
GROUPS = surveys(_many("P1", 3) + _many("P2", 12) + _many("P3", 15))


def test_group_tables_as_shown_blank_small_groups_and_one_more_in_public():
    turnover = employers.turnover_change_by_shown(GROUPS, "partnership_id", 10).set_index("partnership_id")
    # P1 rests on 3 employers; P2 (12, the next smallest) goes with it, or the total minus P3 would give P1 away
    assert turnover.loc[["P1", "P2"], ["n", "median_before", "median_after", "median_change"]].isna().all().all()
    assert turnover.loc["P3", "median_change"] == pytest.approx(-0.1)
    hires = employers.hires_by_shown(GROUPS, "partnership_id", 10).set_index("partnership_id")
    assert hires.loc[["P1", "P2"], ["hires", "hires_per_employer", "median_per_employer"]].isna().all().all()
    assert hires.loc["P3", "hires"] == 15 and hires["hidden"].tolist() == [True, True, False]
    baseline = employers.baseline_comparison_shown(GROUPS, pd.DataFrame(), "partnership_id", 10)
    assert baseline.set_index("partnership_id").loc[["P1", "P2"], "median_after"].isna().all()


def test_survey_shares_as_shown_hide_a_question_too_few_employers_answered():
    few = surveys(_many("P1", 6))
    shown = employers.survey_shares_shown(few, 10)
    assert shown[["n", "share", "yes"]].isna().all().all() and shown["hidden"].all()
    assert employers.survey_shares_shown(GROUPS, 10)["share"].notna().all()


def test_staff_group_tables_as_shown_are_the_tables_themselves():
    assert employers.turnover_change_by_shown(GROUPS, "sector_code", None).drop(columns="hidden").equals(
        employers.turnover_change_by(GROUPS, "sector_code"))
    assert employers.hires_by_shown(GROUPS, "partnership_id", None).drop(columns="hidden").equals(
        employers.hires_by(GROUPS, "partnership_id"))
    assert not employers.survey_shares_shown(GROUPS, None)["hidden"].any()


def test_answers_outside_the_qwi_years_are_counted_with_their_years():
    """The baseline read "same counties and years" while 22% of the answers it compared were from survey years
    without any QWI (2012, 2013, 2025 against QWI 2014-2024): they are counted, among answers with both rates."""
    answers = surveys([
        ("E1", "P1", 2012, 0.40, 0.30, True, 3),
        ("E2", "P1", 2013, 0.20, 0.10, True, 1),
        ("E3", "P1", 2016, 0.30, 0.20, True, 1),
        ("E4", "P2", 2025, 0.30, 0.25, True, 1),
        ("E5", "P2", 2025, 0.30, None, True, 1),  # no rate after: not compared, not counted
        ("E6", "P2", 2024, 0.30, 0.40, True, 1),
    ])
    outside = employers.answers_outside_qwi_years(answers, 2014, 2024)
    assert (outside.compared, outside.outside, outside.years) == (5, 3, (2012, 2013, 2025))
    assert outside.years_text == "2012–2013 and 2025"
    assert employers.answers_outside_qwi_years(answers, 2010, 2025).outside == 0
    assert employers.YearsOutside(4, 4, (2005, 2007, 2008, 2012)).years_text == "2005, 2007–2008 and 2012"
    none = employers.answers_outside_qwi_years(answers.iloc[:0], 2014, 2024)
    assert (none.compared, none.outside, none.years) == (0, 0, ())
