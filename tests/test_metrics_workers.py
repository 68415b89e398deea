"""Worker outcome metrics and headline cards: hand-computed cases, edge cases and properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import worker_reference as reference
from hypothesis import given, settings
from hypothesis import strategies as st
from tiny_workers import EVERYONE, FIRST_QUARTER, LAST_QUARTER, worker_db  # noqa: F401  (fixture)

from sectorscope import db
from sectorscope.metrics import wioa, workers
from sectorscope.present import worker_headlines
from sectorscope.present.availability import SHORT_TEXT, Absence, loaded_tables
from sectorscope.present.headlines import Headline

COVERAGE = wioa.Coverage(FIRST_QUARTER, LAST_QUARTER)

SMALL = " · small n: read with care"  # a share, mean or median of fewer than 30 people


def participants(rows: list[dict]) -> pd.DataFrame:
    """A frame shaped like ``queries/worker_outcomes.sql`` from a few fields per person (the rest filled in)."""
    defaults = {"participant_id": "X", "partnership_id": "P1", "partnership_name": "P one", "sector_code": "HLTH",
                "county_fips": "42071", "exit_year": 2017, "entry_quarter": 8068, "exit_quarter": 8069,
                "completed": True, "credential_earned": False, "training_type": "occupational skills",
                "gender": "female", "race_ethnicity": "White", "age_band": "25-34", "pre_hourly_wage": 10.0,
                "post_hourly_wage": 12.0, "employed_in_sector": True, "below_poverty_before": True,
                "below_poverty_after": False, "health_insurance_before": False, "health_insurance_after": True,
                "paid_sick_leave_before": False, "paid_sick_leave_after": True, "wage_records": 6,
                "pre_quarters_recorded": 4, "pre_earnings_total": 8000.0, "q2_earnings": 5000.0,
                "q2_employer_id": "E1", "q4_earnings": 5000.0, "q4_employer_id": "E1"}
    frame = pd.DataFrame([{**defaults, "participant_id": f"X{i}", **row} for i, row in enumerate(rows)],
                         columns=list(defaults))
    for column in ("employed_in_sector", "below_poverty_before", "below_poverty_after", "health_insurance_before",
                   "health_insurance_after", "paid_sick_leave_before", "paid_sick_leave_after"):
        frame[column] = frame[column].astype("boolean")
    return frame


def people_of(rows: list[dict]) -> pd.DataFrame:
    return reference.person_outcomes(participants(rows), COVERAGE)


@pytest.fixture(scope="module")
def tiny_people(worker_db):  # noqa: F811
    con = db.connect_read_only(worker_db)
    frame = db.run_query(con, "worker_outcomes", sector_codes=[], county_fips=[], year_from=2015, year_to=2025,
                         partnership_ids=[], by_partnership_county=False, public_only=False)
    con.close()
    return reference.person_outcomes(frame, COVERAGE)


# --- Wage gains -------------------------------------------------------------------------------------------------

def test_wage_gain_summary_on_the_tiny_state(tiny_people):
    gain = reference.wage_gain_summary(tiny_people["pre_hourly_wage"], tiny_people["post_hourly_wage"],
                                     tiny_people["completed"])
    assert (gain.n, gain.median_gain, gain.mean_gain) == (5, 3.0, pytest.approx(2.3))  # 3, 1, 4, 0.5, 3
    assert gain.median_pct_gain == pytest.approx(4 / 18)  # .25 .067 .222 .036 .3
    assert gain.mean_pct_gain == pytest.approx((3 / 12 + 1 / 15 + 4 / 18 + 0.5 / 14 + 3 / 10) / 5)
    assert math.isnan(gain.median_low) and math.isnan(gain.median_high)  # 5 gains: no 95% interval of the median
    assert gain.is_small


def test_wage_gain_summary_agrees_with_wage_gain():
    pre, post = pd.Series([12.0, 15.0, 11.0, 18.0, 10.0]), pd.Series([15.0, 16.0, None, 22.0, 30.0])
    completed = pd.Series([True, True, False, True, False])
    old, new = reference.wage_gain(pre, post, completed), reference.wage_gain_summary(pre, post, completed)
    assert (old.n, old.mean_gain, old.median_gain, old.median_pct_gain) == (new.n, new.mean_gain, new.median_gain,
                                                                            new.median_pct_gain)


@pytest.mark.parametrize(("pre", "post", "completed"), [
    ([10.0], [12.0], [False]),  # no completers
    ([None, 10.0], [12.0, None], [True, True]),  # a wage missing before or after
    ([], [], []),  # nobody
])
def test_wage_gain_summary_without_anyone_to_count_is_missing_not_zero(pre, post, completed):
    gain = reference.wage_gain_summary(pd.Series(pre, dtype=float), pd.Series(post, dtype=float),
                                     pd.Series(completed, dtype=bool))
    assert gain.n == 0 and not gain.is_small
    assert all(math.isnan(v) for v in (gain.mean_gain, gain.median_gain, gain.median_low, gain.median_pct_gain))


def test_wage_gain_of_a_single_participant():
    gain = reference.wage_gain_summary(pd.Series([10.0]), pd.Series([12.5]), pd.Series([True]))
    assert (gain.n, gain.median_gain) == (1, 2.5) and math.isnan(gain.median_low) and math.isnan(gain.median_high)
    assert gain.median_pct_gain == 0.25


def test_individual_gains_only_for_completers_with_both_wages():
    gains = reference.individual_wage_gains(pd.Series([10.0, 0.0, None, 8.0]), pd.Series([12.0, 9.0, 9.0, 10.0]),
                                          pd.Series([True, True, True, False]))
    assert gains["wage_gain"].tolist()[:2] == [2.0, 9.0] and gains["wage_gain"].iloc[2:].isna().all()
    assert gains["wage_gain_pct"].iloc[0] == 0.2 and gains["wage_gain_pct"].iloc[1:].isna().all()  # no pre wage 0


# --- The order-statistic interval of the median -------------------------------------------------------------------

@pytest.mark.parametrize(("n", "rank"), [(1, 0), (5, 0), (6, 1), (10, 2), (30, 10), (100, 40)])
def test_median_rank_interval_on_published_tables(n, rank):
    """Ranks of the 95% interval for a median: none below 6; n = 6 -> x(1)..x(6); n = 10 -> x(2)..x(9)
    (Conover 1999, table A3; Altman et al., *Statistics with Confidence*, table 18.4); n = 30 -> 10; n = 100 -> 40."""
    assert reference.median_rank_interval(n) == rank


@pytest.mark.parametrize("n", [6, 7, 29, 30, 31, 250, 1001, 40_000])
def test_median_rank_interval_is_the_largest_rank_with_the_confidence(n):
    """Checked with scipy's binomial distribution: the miss probability 2 P(B <= j - 1) is at most 5%, and one rank
    further in it would not be."""
    from scipy.stats import binom

    rank = reference.median_rank_interval(n)
    assert 2 * binom.cdf(rank - 1, n, 0.5) <= 0.05 < 2 * binom.cdf(rank, n, 0.5)


def test_median_interval_ignores_order_and_missing_values():
    values = np.array([5.0, 1.0, 3.0, 8.0, 2.0, np.nan, 7.0, 9.0, 4.0])
    first = reference.median_interval(values)
    assert first == reference.median_interval(values[::-1]) == reference.median_interval(values[~np.isnan(values)])
    assert first == (1.0, 9.0)  # 8 values: ranks 1 and 8


def test_median_interval_edge_cases():
    assert all(math.isnan(v) for v in reference.median_interval(np.array([])))
    assert all(math.isnan(v) for v in reference.median_interval(np.array([np.nan, 4.0, 5.0])))  # under 6: none
    assert reference.median_interval(np.full(50, 2.0)) == (2.0, 2.0)
    assert reference.median_interval(np.arange(1.0, 31.0)) == (10.0, 21.0)


def test_median_interval_covers_the_median_about_95_percent_of_the_time():
    rng = np.random.default_rng(7)
    samples = rng.exponential(2.0, size=(4000, 40))  # skewed, true median 2 ln 2
    bounds = np.array([reference.median_interval(sample) for sample in samples])
    covered = ((bounds[:, 0] <= 2 * math.log(2)) & (2 * math.log(2) <= bounds[:, 1])).mean()
    assert 0.95 <= covered <= 0.985  # at least the confidence (up to sampling noise), not much above at n = 40


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-20, 40, allow_nan=False), min_size=6, max_size=60))
def test_median_interval_lies_within_the_values_around_the_median(values):
    low, high = reference.median_interval(np.array(values))
    assert min(values) <= low <= float(np.median(values)) <= high <= max(values)


# --- Groups -----------------------------------------------------------------------------------------------------

def test_outcomes_by_gender_on_the_tiny_state(tiny_people):
    groups = reference.outcomes_by(tiny_people, "gender").set_index("gender")
    assert groups["exiters"].to_dict() == {"female": 3, "male": 3, "not reported": 1}
    female, male = groups.loc["female"], groups.loc["male"]
    assert (female["gain_n"], female["median_gain"]) == (2, 1.75)  # W1 +3, W5 +0.5 (W3 did not complete)
    assert (male["gain_n"], male["median_gain"]) == (2, 2.5)  # W2 +1, W4 +4 (W6 has no pre wage)
    assert female["completion_rate"] == pytest.approx(2 / 3) and male["completion_rate"] == 1.0
    assert (male["employed_q2_n"], male["employed_q2_rate"]) == (2, 1.0)  # W2, W4 (W6 not matched)
    assert (female["employed_q2_n"], female["employed_q2_rate"]) == (2, 0.5)  # W1 yes, W3 no, W5 not yet
    assert female["small_n"] and male["small_n"]


def test_outcomes_by_everyone_matches_the_hand_figures(tiny_people):
    row = reference.outcomes_by(tiny_people.assign(everyone="all"), "everyone").iloc[0]
    assert row["exiters"] == EVERYONE["exiters"]
    assert row["completion_rate"] == pytest.approx(EVERYONE["completion"])
    assert row["credential_rate"] == pytest.approx(EVERYONE["credential"]) and row["completers"] == 6
    assert (row["gain_n"], row["median_gain"]) == (5, float(np.median(EVERYONE["gains"])))
    assert (row["employed_q2_rate"] * row["employed_q2_n"], row["employed_q2_n"]) == EVERYONE["employed_q2"]
    assert row["median_earnings_q2"] == EVERYONE["median_earnings_q2"]
    assert row["in_sector_n"] == 6 and row["in_sector_rate"] == pytest.approx(4 / 6)


def test_missing_group_values_are_a_group_of_their_own(tiny_people):
    groups = reference.outcomes_by(tiny_people, "race_ethnicity").set_index("race_ethnicity")
    assert groups.loc[workers.NOT_RECORDED, "exiters"] == 1  # W7
    assert groups["exiters"].sum() == 7


def test_gaps_to_the_overall_figure(tiny_people):
    overall = reference.outcomes_by(tiny_people.assign(everyone="all"), "everyone")
    groups = workers.with_gaps(reference.outcomes_by(tiny_people, "gender"), overall).set_index("gender")
    assert groups.loc["female", "gain_gap"] == pytest.approx(1.75 - 3.0)
    assert groups.loc["male", "employed_q2_gap"] == pytest.approx(1.0 - 0.8)


def test_group_with_nobody_employed_or_no_gain_is_missing_not_zero():
    people = people_of([{"completed": False, "q2_earnings": 0.0, "q4_earnings": 0.0}])
    row = reference.outcomes_by(people, "sector_code").iloc[0]
    assert row["gain_n"] == 0 and math.isnan(row["median_gain"]) and math.isnan(row["median_gain_low"])
    assert row["employed_q2_rate"] == 0.0 and row["earnings_q2_n"] == 0 and math.isnan(row["median_earnings_q2"])
    assert math.isnan(row["credential_rate"]) and row["completers"] == 0


def test_wage_gain_spread():
    people = people_of([{"post_hourly_wage": 10.0 + gain, "sector_code": "IT"} for gain in range(11)])
    row = reference.wage_gain_spread(people, "sector_code").iloc[0]
    assert (row["n"], row["p10"], row["p25"], row["median"], row["p75"], row["p90"]) == (11, 1, 2.5, 5, 7.5, 9)


def test_conditions_before_after_are_paired(tiny_people):
    table = reference.conditions_before_after(tiny_people).set_index("condition")
    poverty = table.loc["Below the poverty level"]
    assert (poverty["n"], poverty["before"], poverty["after"]) == (6, pytest.approx(5 / 6), pytest.approx(2 / 6))
    assert (poverty["published_before"], poverty["published_after"]) == (0.64, 0.35)
    assert table.loc["Employer health insurance", "n"] == 7
    assert table.loc["Paid sick leave", "after"] == pytest.approx(4 / 6)


def test_public_groups_hide_small_counts_and_what_rests_on_them():
    groups = reference.outcomes_by(people_of([{"sector_code": "A"}] * 12 + [{"sector_code": "B"}] * 3
                                           + [{"sector_code": "C"}] * 20), "sector_code")
    shown = workers.hide_small_groups(groups, 10).set_index("sector_code")
    assert pd.isna(shown.loc["B", "exiters"]) and math.isnan(shown.loc["B", "median_gain"])
    assert pd.isna(shown.loc["A", "exiters"])  # complementary: the smallest other cell, so B cannot be recovered
    assert shown.loc["C", "exiters"] == 20 and shown.loc["C", "median_gain"] == 2.0
    assert shown.loc["C", "gain_n"] == 20


@pytest.mark.parametrize("k", [5, 10])
def test_public_groups_hide_a_small_sub_count(k):
    rows = [{"sector_code": "A"}] * 12 + [{"sector_code": "A", "completed": False}] * 3 + [{"sector_code": "B"}] * 20
    shown = workers.hide_small_groups(reference.outcomes_by(people_of(rows), "sector_code"), k).set_index("sector_code")
    assert shown.loc["A", "exiters"] == 15
    assert shown.loc["A", "gain_n"] == 12 and shown.loc["A", "median_gain"] == 2.0


# --- Properties -------------------------------------------------------------------------------------------------

person_rows = st.lists(st.fixed_dictionaries({
    "sector_code": st.sampled_from(["HLTH", "MFG", "IT"]),
    "completed": st.booleans(),
    "pre_hourly_wage": st.none() | st.floats(8, 40),
    "post_hourly_wage": st.none() | st.floats(8, 50),
    "q2_earnings": st.none() | st.floats(0, 20_000),
    "exit_quarter": st.integers(FIRST_QUARTER + 4, LAST_QUARTER),
    "wage_records": st.integers(0, 2),
}), min_size=1, max_size=40)


@settings(max_examples=40, deadline=None)
@given(person_rows, st.randoms())
def test_group_figures_do_not_depend_on_row_order(rows, random):
    shuffled = list(rows)
    random.shuffle(shuffled)
    first = reference.outcomes_by(people_of(rows), "sector_code")
    second = reference.outcomes_by(people_of(shuffled), "sector_code")
    pd.testing.assert_frame_equal(first, second)


@settings(max_examples=40, deadline=None)
@given(person_rows)
def test_sectors_add_up_to_the_total_and_medians_lie_within_range(rows):
    people = people_of(rows)
    by_sector = reference.outcomes_by(people, "sector_code").set_index("sector_code")
    total = reference.outcomes_by(people.assign(everyone="all"), "everyone").iloc[0]
    for count in workers.GROUP_COUNTS:
        assert by_sector[count].sum() == total[count]
    for sector, row in by_sector.iterrows():
        one = people[people["sector_code"] == sector]  # filtering to one sector gives that sector's row
        alone = reference.outcomes_by(one, "sector_code").iloc[0]
        assert alone["gain_n"] == row["gain_n"] and alone["median_gain"] == pytest.approx(row["median_gain"],
                                                                                         nan_ok=True)
        gains = one["wage_gain"].dropna()
        if len(gains):
            assert gains.min() - 1e-9 <= row["median_gain"] <= gains.max() + 1e-9
        if len(gains) >= 6:
            assert gains.min() - 1e-9 <= row["median_gain_low"] <= row["median_gain_high"] <= gains.max() + 1e-9


# --- Headline cards ---------------------------------------------------------------------------------------------

def cards_of(people: pd.DataFrame, k: int | None = None) -> dict[str, Headline]:
    figures = reference.worker_figures(people)
    cards = [*worker_headlines.wage_headlines(figures, k, None),
             *worker_headlines.employment_headlines(figures, k, None),
             *worker_headlines.condition_headlines(figures, k, None)]
    return {card.label: card for card in cards}


def test_headline_cards_of_the_tiny_state(tiny_people):
    cards = cards_of(tiny_people)
    gain = cards["Mean hourly wage gain"]
    # the mean, as the published figure is and the Overview says it; the median after it (it led, beside a published
    # mean, where the Overview led with the mean: a staffer)
    assert (gain.value, gain.basis.split(" · ")[:2]) == (
        "+$2.30", ["n = 5 completers with both wages", "median +$3.00, no 95% interval under 6 completers"])
    assert "small n" in gain.basis
    assert gain.reference.text.startswith("+$2.00/hour")
    percent = cards["Mean wage gain, percent"]
    assert percent.value == "17.5%" and " · median 22.2%" in percent.basis
    assert "6.62%" in cards["Mean wage gain, percent"].reference.text
    assert (cards["Completed training"].value, cards["Completed training"].basis) == ("86%", "n = 7 exiters" + SMALL)
    assert cards["Earned a credential"].value == "33%"
    q2 = cards["Employed 2nd quarter after exit"]
    assert q2.value == "80%" and q2.basis == ("n = 5 exiters with wage records · left out: 1 not yet in the data, "
                                              "1 without wage records" + SMALL)
    assert cards["Employed 4th quarter after exit"].value == "75%"
    assert cards["Median earnings, 2nd quarter after exit"].value == "$5,500"
    assert cards["Same employer, 2nd and 4th quarter"].value == "50%"
    change = cards["Median quarterly earnings change"]
    assert change.value == "+$2,000" and "means: $3,000 a quarter before, a change of +$2,000" in change.basis
    poverty = cards["Below poverty after"]
    assert (poverty.value, poverty.delta, poverty.delta_color) == ("33%", "-50 pts from 83%", "inverse")
    assert poverty.reference.text == "64% → 35% in poverty"


def test_public_cards_hide_figures_on_fewer_than_k_people(tiny_people):
    cards = cards_of(tiny_people, k=10)
    assert {card.value for card in cards.values()} == {"fewer than 10"}
    assert all(card.suppressed for card in cards.values())


def test_cards_with_nobody_say_none_in_selection_as_every_card_does():
    cards = cards_of(people_of([{"completed": False, "wage_records": 0}]))
    assert cards["Mean hourly wage gain"].value == SHORT_TEXT[Absence.EMPTY]
    assert cards["Mean hourly wage gain"].absence is Absence.EMPTY
    assert cards["Employed 2nd quarter after exit"].value == SHORT_TEXT[Absence.EMPTY]
    assert cards["Completed training"].value == "0%"


def test_headline_table_for_download(tiny_people):
    table = worker_headlines.headline_table(list(cards_of(tiny_people).values()))
    assert len(table) == 13 and list(table.columns)[:6] == ["figure", "value", "number", "number_unit", "rests_on",
                                                             "change"]
    gain = table.set_index("figure").loc["Mean hourly wage gain"]
    assert (gain["value"], gain["number"], gain["number_unit"], gain["rests_on"]) == ("+$2.30", 2.3, "$ an hour", 5)
    assert set(table.columns) == set(worker_headlines.HEADLINE_TABLE_HEADINGS)
    assert table.loc[table["figure"] == "Mean hourly wage gain", "source"].iloc[0].startswith("Public/Private")


def test_a_card_made_absent_keeps_no_number_of_the_figure_it_was(tiny_people):
    """``none_on_record`` and ``not_loaded`` make a shown card absent with ``replace``: its number went with it into
    the figures CSV beside "None on record" (the code reviewer)."""
    from dataclasses import replace

    from sectorscope.present.availability import Absence

    gain = cards_of(tiny_people)["Mean hourly wage gain"]
    assert gain.number == 2.3
    absent = replace(gain, value="None on record", absence=Absence.EMPTY)
    assert (absent.number, absent.number_unit) == (None, None)
    row = worker_headlines.headline_table([absent]).iloc[0]
    assert pd.isna(row["number"]) and pd.isna(row["rests_on"])


def test_group_table_headings_and_names(tiny_people):
    table = worker_headlines.group_table(reference.outcomes_by(tiny_people, "sector_code"), "sector_code", "Sector",
                                         {"HLTH": "Healthcare", "MFG": "Manufacturing"})
    assert table["Sector"].tolist() == ["Healthcare", "Manufacturing"]
    assert set(table.columns) <= {"Sector", *worker_headlines.column_kinds()}


def test_group_table_says_why_each_empty_cell_is_empty(tiny_people):
    """A group of five with both wages has a median and no interval, and says so; a full row says nothing."""
    table = worker_headlines.group_table(reference.outcomes_by(tiny_people, "sector_code"), "sector_code", "Sector")
    by_sector = table.set_index("Sector")[worker_headlines.EMPTY_BECAUSE]
    small = reference.outcomes_by(tiny_people, "sector_code").set_index("sector_code")
    for sector, reasons in by_sector.items():
        no_interval = small.loc[sector, "gain_n"] > 0 and pd.isna(small.loc[sector, "median_gain_low"])
        assert (worker_headlines.NO_INTERVAL in reasons) == bool(no_interval), sector
    assert (by_sector != "").any()  # the tiny state's groups are under six


GROUP = {"exiters": 40, "completion_rate": 0.75, "completers": 30, "credential_rate": 0.5, "in_sector_n": 20,
         "in_sector_rate": 0.5, "gain_n": 25, "median_gain": 2.0, "median_gain_low": 1.5, "median_gain_high": 2.5,
         "mean_gain": 2.1, "median_pct_gain": 0.1, "employed_q2_n": 30, "employed_q2_rate": 0.8, "employed_q4_n": 30,
         "employed_q4_rate": 0.8, "earnings_q2_n": 24, "median_earnings_q2": 8000.0}


@pytest.mark.parametrize(("changes", "expected"), [
    ({}, ""),
    ({"gain_n": 4, "median_gain_low": None, "median_gain_high": None}, worker_headlines.NO_INTERVAL),
    ({"completers": 0, "credential_rate": None, "gain_n": 0, "median_gain": None, "median_gain_low": None,
      "median_gain_high": None, "mean_gain": None, "median_pct_gain": None}, "no completer"),
    ({"employed_q2_n": 0, "employed_q2_rate": None, "earnings_q2_n": 0, "median_earnings_q2": None},
     "no one's 2nd quarter after exit in the wage records; no one employed in the 2nd quarter"),
    ({"in_sector_n": 0, "in_sector_rate": None}, "sector of the job after exit not on record"),
])
def test_empty_because_names_the_count_of_0_behind_an_empty_figure(changes, expected):
    groups = pd.DataFrame([{"sector_code": "HLTH", **GROUP, **changes}]).astype({"median_gain_low": float})
    assert worker_headlines.empty_because(groups).tolist() == [expected]


def test_a_hidden_group_reads_hidden_for_privacy_not_blank_like_nobody():
    """In public mode a group of 4 and a group with no completer with both wages were both blank rows in the CSV."""
    small = {**GROUP, "exiters": 4, "completers": 3, "in_sector_n": 3, "gain_n": 3, "employed_q2_n": 3,
             "employed_q4_n": 3, "earnings_q2_n": 2}
    groups = pd.DataFrame([{"sector_code": "HLTH", **small}, {"sector_code": "ENRG", **small},  # hide each other
                           {"sector_code": "MFG", **GROUP, "gain_n": 0, "median_gain": None, "median_gain_low": None,
                            "median_gain_high": None, "mean_gain": None, "median_pct_gain": None},
                           {"sector_code": "CONS", **GROUP}])
    shown = worker_headlines.group_table(workers.hide_small_groups(groups, 10), "sector_code", "Sector")
    assert shown[worker_headlines.EMPTY_BECAUSE].tolist() == ["hidden for privacy", "hidden for privacy",
                                                             "no completer with both wages", ""]


def test_answers_never_loaded_read_not_loaded_without_a_reason_of_0():
    groups = pd.DataFrame([{"sector_code": "HLTH", **GROUP, "gain_n": 0, "median_gain": None, "median_gain_low": None,
                            "median_gain_high": None, "mean_gain": None, "median_pct_gain": None}])
    table = worker_headlines.group_table(groups, "sector_code", "Sector", loaded=frozenset({"participants"}))
    assert table["Completers with both wages"].iloc[0] == worker_headlines.NOT_LOADED_CELL
    assert "both wages" not in table[worker_headlines.EMPTY_BECAUSE].iloc[0]


def test_wage_records_never_loaded_read_not_loaded_without_a_reason_of_0():
    """Without wage records every row said "no one employed in the 2nd quarter" beside cells reading "not loaded"
    (a code reviewer); employment in the sector never collected reads "not loaded" too, as its card does."""
    from sectorscope.present.availability import WAGE_ANSWERS

    groups = pd.DataFrame([{"sector_code": "HLTH", **GROUP, "employed_q2_n": 0, "employed_q2_rate": None,
                            "employed_q4_n": 0, "employed_q4_rate": None, "earnings_q2_n": 0,
                            "median_earnings_q2": None, "in_sector_n": 0, "in_sector_rate": None}])
    table = worker_headlines.group_table(groups, "sector_code", "Sector",
                                         loaded=frozenset({"participants", WAGE_ANSWERS}))
    row = table.iloc[0]
    assert row["Median Q2 earnings (employed)"] == row["Employed in sector"] == worker_headlines.NOT_LOADED_CELL
    assert row[worker_headlines.EMPTY_BECAUSE] == ""


def test_the_partnership_table_keeps_its_id_beside_its_name():
    groups = pd.DataFrame([{"partnership_id": "P07", **GROUP}])
    table = worker_headlines.group_table(groups, "partnership_id", "Partnership", {"P07": "Lancaster Health"},
                                         code_heading="Partnership ID")
    assert table.columns[:2].tolist() == ["Partnership", "Partnership ID"]
    assert table.iloc[0, :2].tolist() == ["Lancaster Health", "P07"]


def test_the_exiters_card_says_how_many_partnerships_trained_them_for_staff_only():
    """A region's handout read "Partnerships in view 1" beside 149 exiters, most of them residents trained by
    partnerships serving other counties (a convener): staff cards say by how many; public ones do not (that one
    partnership trained a resident would be a figure about one person)."""
    from sectorscope.present import headlines

    people = people_of([{"partnership_id": "P1"}, {"partnership_id": "P2"}, {"partnership_id": "P2"}])
    figures = reference.headline_figures(people)
    assert figures.trained_by == 2

    def exiters_basis(**options) -> str:
        return headlines.worker_headlines(figures, loaded=None, **options)[0].basis

    assert exiters_basis(k=None, say_trainers=True).endswith(" · trained by 2 partnerships")
    assert "trained by" not in exiters_basis(k=None)  # a partnership's own cards: its own people
    public = headlines.worker_headlines(reference.headline_figures(people_of([{"partnership_id": f"P{i % 2}"}
                                                                              for i in range(12)])), k=10,
                                        loaded=None, say_trainers=True)[0]
    assert public.value == "12" and "trained by" not in public.basis


def test_the_exiters_card_says_how_many_have_no_county_for_staff_only():
    """Ten regional decks summed 17,615 exiters beside the state's 17,700, nothing saying why (an auditor): the
    staff card says how many have no county recorded; public cards do not (a count that may be under k)."""
    from sectorscope.present import headlines

    people = people_of([{"partnership_id": "P1", "county_fips": None}, {"partnership_id": "P1"},
                        {"partnership_id": "P2", "county_fips": None}])
    figures = reference.headline_figures(people)
    assert figures.no_county == 2
    basis = headlines.worker_headlines(figures, k=None, loaded=None, say_trainers=True)[0].basis
    assert basis.endswith(" · trained by 2 partnerships · 2 with no county recorded (in no region's count)"), basis
    placed = reference.headline_figures(people_of([{"partnership_id": "P1"}]))
    assert "county" not in headlines.worker_headlines(placed, k=None, loaded=None, say_trainers=True)[0].basis
    public = headlines.worker_headlines(reference.headline_figures(people_of(
        [{"partnership_id": "P1", "county_fips": None}] * 12)), k=10, loaded=None, say_trainers=True)[0]
    assert "county" not in public.basis


def test_coverage_note_says_what_the_wage_records_cover():
    assert "2016 Q1 to 2019 Q4" in worker_headlines.coverage_note(COVERAGE)
    note = worker_headlines.coverage_note(COVERAGE)
    assert "before 2016 Q1 or past 2019 Q4 (before the data starts, or not yet in the data), or who have no wage " \
           "record at all, are left out" in note and "not the WIOA" in note
    assert worker_headlines.coverage_note(wioa.Coverage(None, None)).startswith("No UI wage records are loaded")


def test_loaded_tables_tell_never_loaded_from_empty():
    loaded = loaded_tables(pd.DataFrame({"table_name": ["participants", "wage_records"], "rows_now": [0, 12]}))
    assert "participants" not in loaded  # the table exists but holds nothing
    assert "wage_records" in loaded
    assert "stories" not in loaded  # not in the list at all


def test_wage_record_cards_say_they_are_not_the_wioa_indicators():
    people = people_of([{}])
    for card in worker_headlines.employment_headlines(reference.worker_figures(people), None, None)[1:]:
        assert "(WIOA indicator)" not in card.definition
    assert all("Sectorscope measure" in card.definition
               for card in worker_headlines.employment_headlines(reference.worker_figures(people), None, None)[1:5])


def test_employed_in_the_sector_never_answered_reads_not_loaded_not_none_in_selection():
    """A state whose records leave employed_in_sector empty read "None in selection · no exiters with a known answer
    in this selection", widen-the-filters icon and all (a data steward): never collected reads "Not loaded", naming
    the column to fill; collected anywhere, the card counts as before."""
    from sectorscope.present.availability import IN_SECTOR_ANSWERS, Absence

    figures = reference.worker_figures(people_of([{}]))
    loaded = frozenset({"participants", "wage_records"})
    [never, *rest] = worker_headlines.employment_headlines(figures, None, loaded)
    assert never.absence is Absence.NOT_LOADED and "employed_in_sector of participants.csv" in never.basis, never
    assert all(card.absence is not Absence.NOT_LOADED for card in rest)
    [collected, *_] = worker_headlines.employment_headlines(figures, None, loaded | {IN_SECTOR_ANSWERS})
    assert collected.absence is not Absence.NOT_LOADED


def _figures_with_poverty(paired: int, left: int) -> workers.HeadlineFigures:
    none = workers.BeforeAfter(0, math.nan, math.nan)
    return workers.HeadlineFigures(
        exiters=paired, wage=workers.WageGain(0, math.nan, math.nan, math.nan), completion=workers.Share(0, math.nan),
        credential=workers.Share(0, math.nan), poverty=workers.BeforeAfter(paired, 0.5, 0.3), insurance=none,
        sick_leave=none, left_poverty=left)


def test_people_who_left_poverty_say_what_they_are_out_of_but_not_in_public():
    """Staff: "3,119" over "of 5,970 below poverty before (n = 11,941 people with both answers)" (not "n = 3,119
    people", the count again; nor "of 11,941 people with both answers" alone, which invited a share of all). Public:
    no base beside the count, which would give the people who stayed in poverty (11,941 - 3,119 here, but as
    well 14 - 12 = 2) by subtraction; a count under k hidden."""
    from sectorscope.present.headlines import community_headlines

    counties = pd.DataFrame({"county_fips": ["1", "2"], "partnerships": [1, 0]})

    def card(figures, k):
        cards = community_headlines(counties, figures, 0, k, None)
        return next(c for c in cards if c.label == "People who left poverty")

    staff = card(_figures_with_poverty(11_941, 3_119), None)
    # out of those below poverty before, who could leave it (half of the 11,941 here), and those with both answers
    assert (staff.value, staff.basis) == (
        "3,119", "of 5,970 below poverty before (n = 11,941 people with both answers)")
    public = card(_figures_with_poverty(14, 12), 10)
    assert public.value == "12" and "14" not in public.basis
    assert card(_figures_with_poverty(14, 4), 10).absence is Absence.HIDDEN
    nobody_left = card(_figures_with_poverty(50, 0), None)
    assert nobody_left.value == "0" and nobody_left.basis == (
        "of 25 below poverty before (n = 50 people with both answers)")  # a true 0
    assert card(_figures_with_poverty(0, 0), None).absence is Absence.EMPTY


def test_stories_say_they_are_not_counted_by_year():
    # stories carry no date: "137 – all stories" under a 2024-only filter read as 2024's stories
    from sectorscope.present.headlines import community_headlines

    counties = pd.DataFrame({"county_fips": ["1", "2"], "partnerships": [1, 0], "is_selected": [True, False]})
    cards = {c.label: c for c in community_headlines(counties, _figures_with_poverty(50, 5), 5, None, None, 1)}
    assert cards["Stories collected"].basis == "any year (stories carry no date)"
    assert cards["Counties with a partnership"].value == "1 of 1"  # the chosen county only
    public = {c.label: c for c in community_headlines(counties, _figures_with_poverty(50, 5), 5, 10, None, 1)}
    assert public["Stories shared"].basis == "with public consent, any year (stories carry no date)"
    nothing = {c.label: c for c in community_headlines(counties, _figures_with_poverty(50, 5), 0, None, None, 0)}
    assert nothing["Stories collected"].absence is Absence.EMPTY  # no partnership in view: nothing to count


def test_staff_count_every_story_collected_and_say_how_many_may_be_shared():
    """A staff deck said "Stories shared 1" for a partnership whose profile said no story has public consent."""
    from sectorscope.present.headlines import community_headlines

    counties = pd.DataFrame({"county_fips": ["1"], "partnerships": [1], "is_selected": [True]})
    staff = {c.label: c for c in community_headlines(counties, _figures_with_poverty(50, 5), 1, None, None, 1,
                                                     stories_with_consent=0)}
    assert "Stories shared" not in staff
    assert (staff["Stories collected"].value, staff["Stories collected"].basis) == (
        "1", "0 with public consent; any year (stories carry no date)")


def test_a_card_over_nobody_with_the_data_says_whom_it_lacks_not_that_nobody_exited(worker_db):  # noqa: F811
    """Two people exited, neither with wage records nor answers about poverty: the cards once read "None in
    selection · no exiters in this selection · left out: 2 without wage records" and "no people in this selection"
    (own data without those columns). Now they say whom they rest on."""
    con = db.connect_read_only(worker_db)
    frame = db.run_query(con, "worker_outcomes", sector_codes=[], county_fips=[], year_from=2015, year_to=2025,
                         partnership_ids=[], by_partnership_county=False, public_only=False)
    con.close()
    two = frame.head(2).assign(wage_records=0, below_poverty_before=None, below_poverty_after=None)
    cards = cards_of(reference.person_outcomes(two, COVERAGE))
    assert cards["Completed training"].basis == "n = 2 exiters" + SMALL  # two people are in the selection
    assert cards["Employed 2nd quarter after exit"].basis == (
        "no exiters with wage records in this selection · left out: 2 without wage records")
    assert cards["Below poverty after"].basis == "no people with both answers in this selection"


def test_gaps_to_everyone_subtract_as_the_two_figures_are_shown():
    """A 12.5% group beside a 50% overall reads 13% against 50%: its gap said -38 points (the raw difference)."""
    groups = pd.DataFrame({"median_gain": [2.005, 1.0], "employed_q2_rate": [0.125, 0.5]})
    overall = pd.DataFrame({"median_gain": [1.0], "employed_q2_rate": [0.5]})
    gaps = workers.with_gaps(groups, overall)
    assert gaps["employed_q2_gap"].tolist() == [-0.37, 0.0]
    assert gaps["gain_gap"].tolist() == [1.0, 0.0]  # $2.00 shown (2.005 is 2.00499... in binary) against $1.00


def test_a_group_of_no_completers_is_not_flagged_small(worker_db):  # noqa: F811
    """16-24: W3 alone, who did not complete. The table said "Small n (< 30) = True" for it, where the cards say no
    one is not a small group."""
    with db.connect_read_only(worker_db) as con:
        figures = db.run_query(con, "worker_group_outcomes", sector_codes=[], county_fips=[], partnership_ids=[],
                               year_from=2000, year_to=2030, by_partnership_county=False, public_only=False,
                               confidence=workers.CONFIDENCE, groupings=list(workers.ALL_GROUPINGS))
    by_age = workers.groups_of(figures, "age_band").set_index("age_band")
    assert (by_age.loc["16-24", "gain_n"], by_age.loc["16-24", "small_n"]) == (0, False)
    assert (by_age.loc["25-34", "gain_n"], by_age.loc["25-34", "small_n"]) == (2, True)


@pytest.mark.parametrize(("label", "definition"), [
    ("Below the poverty level", "Share below the poverty level after training"),
    ("Employer health insurance", "Share with employer health insurance after training"),
    ("Paid sick leave", "Share with paid sick leave after training"),
])
def test_condition_definitions_read_as_sentences(label, definition):
    cards = worker_headlines.condition_headlines(
        reference.worker_figures(reference.person_outcomes(participants([{}] * 3), COVERAGE)), None, None)
    card = next(card for card in cards if card.label == workers.CONDITION_CARD_LABELS[label])
    assert card.definition.startswith(definition), card.definition
