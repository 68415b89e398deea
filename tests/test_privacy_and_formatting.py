"""Small-cell suppression and number formatting."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sectorscope.metrics import privacy
from sectorscope.present import formatting


def test_small_counts_are_hidden_and_one_complementary_cell_too():
    shown = privacy.suppress_counts(pd.Series([120, 4, 35, 0, 15]), k=10)
    # 4 is hidden; alone it could be recovered from the total, so the smallest other non-zero (15) goes too
    assert shown.isna().tolist() == [False, True, False, False, True]
    assert shown.iloc[3] == 0


def test_two_small_cells_need_no_complement():
    shown = privacy.suppress_counts(pd.Series([3, 4, 35]), k=10)
    assert shown.isna().tolist() == [True, True, False]


def test_nothing_small_nothing_hidden():
    assert privacy.suppress_counts(pd.Series([10, 11]), k=10).tolist() == [10, 11]


@pytest.mark.parametrize(("n", "k", "ok"), [(9, 10, False), (10, 10, True), (0, 10, True), (None, 10, False)])
def test_is_reportable(n, k, ok):
    assert privacy.is_reportable(n, k) is ok


@pytest.mark.parametrize(
    ("function", "value", "text"),
    [
        (formatting.format_count, 18234.4, "18,234"),
        (formatting.format_dollars, 1234567, "$1,234,567"),
        (formatting.format_dollars, -12.5, "-$13"),
        (formatting.format_compact_dollars, 1_240_000, "$1.2M"),
        (formatting.format_compact_dollars, 350_000, "$350K"),
        # a half away from zero, as the charts' d3-format rounds (Python's half-to-even read $768K beside a $769K bar)
        (formatting.format_compact_dollars, 1_250_000, "$1.3M"),
        (formatting.format_compact_dollars, 768_500, "$769K"),
        # the unit chosen by the number as rounded: "$1,000K" was on a deck for $999,500
        (formatting.format_compact_dollars, 999_500, "$1.0M"),
        (formatting.format_compact_dollars, 9_999.6, "$10K"),
        (formatting.format_compact_dollars, 999_960_000, "$1.0B"),
        (formatting.format_percent, 0.125, "13%"),
        (formatting.format_count, 2.5, "3"),
        (formatting.format_dollars, 2.675, "$3"),
        (formatting.format_percent, 0.412, "41%"),
        (formatting.format_signed_dollars, 2.0, "+$2.00"),
        (formatting.format_signed_dollars, -0.5, "-$0.50"),
        (formatting.format_points, -0.29, "-29 pts"),
        (formatting.format_points, -0.001, "0 pts"),  # no sign on nothing (it read "+0 pts")
        (formatting.format_ratio, 1.234, "1.23"),
        (formatting.format_percent, math.nan, "–"),
        (formatting.format_count, None, "–"),
        (formatting.format_bytes, 812, "812 bytes"),
        (formatting.format_bytes, 14_200, "14.2 KB"),
        (formatting.format_bytes, 139_800_000, "139.8 MB"),
    ],
)
def test_formatting(function, value, text):
    assert function(value) == text


@pytest.mark.parametrize(
    ("before", "after", "text"),
    [
        (0.544, 0.686, "+15 pts from 54%"),  # 54% -> 69%: the rounded difference (14.2) would say +14
        (0.546, 0.684, "+13 pts from 55%"),  # 55% -> 68%: the rounded difference (13.8) would say +14
        (0.75, 0.5, "-25 pts from 75%"),
        (0.5, 0.5, "no change from 50%"),
        (0.702, 0.698, "no change from 70%"),  # 70% -> 70% as shown: no "+0 pts" with an up arrow
        (0.5, None, "–"),
        (math.nan, 0.5, "–"),
    ],
)
def test_a_change_from_before_is_the_difference_of_the_percents_shown(before, after, text):
    assert formatting.format_change_from(before, after) == text


def test_a_change_from_before_always_subtracts_to_what_is_shown():
    shares = [i / 997 for i in range(998)]  # shares at awkward fractions, ties of rounding among them
    for before in shares[::7]:
        for after in shares[::11]:
            change = formatting.format_change_from(before, after)
            if change.startswith(formatting.NO_CHANGE):
                assert formatting.format_percent(after) == formatting.format_percent(before)
                continue
            points, _, shown_before = change.split(" ", 2)
            assert shown_before[5:] == formatting.format_percent(before)
            shown_after = formatting.format_percent(after)
            if "over" in shown_after or "under" in shown_after or "over" in shown_before or "under" in shown_before:
                continue
            # the difference of the percents as shown, with their decimals (only where 100 or 0 would be wrong)
            assert float(points) == pytest.approx(float(shown_after[:-1]) - float(shown_before[5:-1]), abs=1e-9)


def test_dollar_grids_are_given_whole_dollars_rounded_as_the_printed_copy():
    """Streamlit's "$%,d" cut cents off: $5,906.54 per participant read "$5,906" beside the printed "$5,907"."""
    table = pd.DataFrame({"cost": [5906.54, 13063.5, None], "mixed": [5906.54, "not on record", 2.5]})
    shown = formatting.whole_for_grid(table, ["cost", "mixed"])
    assert shown["cost"].tolist()[:2] == [5907.0, 13064.0] and pd.isna(shown["cost"].iloc[2])
    assert shown["mixed"].tolist() == [5907.0, "not on record", 3.0]
    assert table["cost"].iloc[0] == 5906.54  # the CSV keeps the table as computed


def test_tables_are_given_values_rounded_as_the_cards_round():
    # the grid cuts a value to its step's decimals: 0.6689 showed as "66%" beside the card's "67%"
    table = pd.DataFrame({"After": [0.6689, None], "People": [12, 3], "Gain": [2.239999999, 1.0], "Name": ["a", "b"]})
    shown = formatting.rounded_for_table(table, {"After": "percent", "People": "count", "Gain": "hourly_dollars"})
    assert shown["After"].iloc[0] == 0.67 and pd.isna(shown["After"].iloc[1])
    assert shown["Gain"].tolist() == [2.24, 1.0] and shown["Name"].tolist() == ["a", "b"]
    assert table["After"].iloc[0] == 0.6689  # the CSV keeps the table as computed
    assert formatting.table_formats(table, {"After": "percent"}) == {"After": {"format": "percent", "step": 0.01}}


def test_a_percent_column_never_reads_100_or_0_for_a_share_that_is_not():
    """The grids rounded 335 of 336 to "100%" beside the card's "99.7%": the column keeps the decimals it needs."""
    table = pd.DataFrame({"Share": [335 / 336, 0.4123, 1.0, 1 / 300, None]})
    shown = formatting.rounded_for_table(table, {"Share": "percent"})
    assert shown["Share"].tolist()[:4] == [0.997, 0.412, 1.0, 0.003] and pd.isna(shown["Share"].iloc[4])
    assert formatting.table_formats(table, {"Share": "percent"})["Share"]["step"] == pytest.approx(0.001)


def test_points_are_the_difference_of_the_percents_as_shown_half_up_and_with_their_decimals():
    """1/8 -> 1/2 is 13% -> 50%: "+37 pts" on the card, where the grid's change, rounded half to even, said +38;
    99.5% -> 99.7% is "+0.2 pts", not "+0 pts" with an up arrow."""
    from sectorscope.present import worker_headlines

    assert formatting.format_change_from(1 / 8, 0.5) == "+37 pts from 13%"
    conditions = pd.DataFrame({"condition": ["x"], "n": [8], "before": [1 / 8], "after": [0.5], "change": [0.375],
                               "published_before": [None], "published_after": [None]})
    assert worker_headlines.condition_table(conditions)["Change (points)"].iloc[0] == 37
    assert formatting.format_change_from(0.995, 335 / 336) == "+0.2 pts from 99.5%"
    assert formatting.shown_points(0.544, 0.686) == (15, 0)


def test_the_before_after_table_says_the_change_in_points_as_the_card_does():
    from sectorscope.present import worker_headlines

    conditions = pd.DataFrame({"condition": ["Employer health insurance"], "n": [399], "before": [0.5322],
                               "after": [0.6689], "change": [0.1367], "published_before": [0.49],
                               "published_after": [0.73]})
    table = worker_headlines.condition_table(conditions)
    assert table["Change (points)"].iloc[0] == 14  # 53% -> 67%, as "+14 pts from 53%" on the card
    # the CSV's before and after are unrounded: its change too (an analyst recomputed 13.67 where it said 14)
    exact = worker_headlines.condition_table(conditions, exact=True)
    assert exact["Change (points)"].iloc[0] == pytest.approx((0.6689 - 0.5322) * 100)
    assert exact.drop(columns="Change (points)").equals(table.drop(columns="Change (points)"))
    from sectorscope import references

    # the published columns name their study (the CSV's published figures had no source: a reviewer)
    assert table["Published figures' source"].iloc[0] == references.HEALTH_INSURANCE.source
    assert formatting.format_change_from(0.5322, 0.6689) == "+14 pts from 53%"


@given(st.one_of(st.floats(-1e7, 1e7, allow_nan=False), st.integers(-10**7, 10**7).map(lambda n: n / 200),
                 st.integers(-10**6, 10**6).map(lambda n: n / 2000)), st.integers(0, 3))
def test_half_up_is_the_exact_half_away_from_zero_rounding(value, digits):
    """Its fast path (Python's round() away from a half) gives what the exact Decimal rounding gives."""
    from decimal import ROUND_HALF_UP, Decimal

    exact = float(Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))
    assert formatting.half_up(value, digits) == exact


def test_a_grid_column_of_numbers_and_words_keeps_its_numbers_and_leaves_the_words_empty():
    """Arrow holds no column of 40 and "not on record": Streamlit made it all text, sorting "9" after "40"."""
    table = pd.DataFrame({"mixed": [40, "not on record", 9], "words": ["not loaded"] * 3, "counts": [1, 2, 3]})
    shown = formatting.numbers_for_grid(table, ["mixed", "words", "counts"])
    assert pd.api.types.is_numeric_dtype(shown["mixed"]) and shown["mixed"].tolist()[::2] == [40, 9]
    assert pd.isna(shown["mixed"].iloc[1])
    assert shown["words"].tolist() == ["not loaded"] * 3 and shown["counts"].tolist() == [1, 2, 3]
    assert table["mixed"].iloc[1] == "not on record"  # the table itself (print, CSV) keeps its words


@pytest.mark.parametrize(("n", "unit", "said"), [
    (12, "with both answers", "n = 12 with both answers · small n"),  # read "n = 12 · small n with both answers"
    (3, "completers", "n = 3 completers · small n"),
    (40, "completers", "n = 40 completers"),
    (0, "observable", "n = 0 observable"),
    (7, "", "n = 7 · small n"),
])
def test_a_count_names_its_people_before_the_small_n_flag(n, unit, said):
    assert formatting.n_label(n, unit) == said


def test_a_median_without_an_interval_says_why():
    """Map and ranking hovers read "95% interval – to –" under 6 completers; the card said why."""
    assert formatting.format_interval(math.nan, math.nan) == "no 95% interval under 6 completers"
    assert formatting.format_interval(1.1, 2.4) == "95% interval +$1.10 to +$2.40"
