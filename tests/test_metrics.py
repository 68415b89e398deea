"""Metrics on hand-computed cases and edge cases."""

from __future__ import annotations

import math

import pandas as pd
import pytest
import worker_reference as reference
from hypothesis import given
from hypothesis import strategies as st

from sectorscope.metrics import common, employers, funding

B = pd.array  # nullable booleans: pd.array([True, None], dtype="boolean")


def test_wage_gain_uses_completers_with_both_wages():
    gain = reference.wage_gain(pd.Series([12.0, 15.0, 11.0, 18.0, 10.0]),
                             pd.Series([15.0, 16.0, None, 22.0, 30.0]),
                             pd.Series([True, True, False, True, False]))
    # completers with both wages: +3, +1, +4 -> mean 2.667, median 3; percents .25, .0667, .2222 -> median .2222
    assert gain.n == 3
    assert gain.mean_gain == pytest.approx(8 / 3)
    assert gain.median_gain == 3
    assert gain.median_pct_gain == pytest.approx(4 / 18)


def test_wage_gain_with_no_completers_is_missing_not_zero():
    gain = reference.wage_gain(pd.Series([10.0]), pd.Series([12.0]), pd.Series([False]))
    assert gain.n == 0 and math.isnan(gain.mean_gain) and math.isnan(gain.median_gain)


def test_wage_gain_of_one_person():
    gain = reference.wage_gain(pd.Series([0.0]), pd.Series([12.0]), pd.Series([True]))
    assert (gain.n, gain.mean_gain, gain.median_gain) == (1, 12.0, 12.0)
    assert math.isnan(gain.median_pct_gain)  # no pre wage to compare against


def test_share_true_leaves_unknown_out():
    share = common.share_true(pd.Series(B([True, False, None, True], dtype="boolean")))
    assert share.n == 3 and share.share == pytest.approx(2 / 3)
    assert math.isnan(common.share_true(pd.Series([], dtype="boolean")).share)


def test_before_after_is_paired():
    result = reference.before_after(pd.Series(B([True, True, None, False], dtype="boolean")),
                                  pd.Series(B([False, True, False, None], dtype="boolean")))
    assert result.n == 2 and result.before == 1.0 and result.after == 0.5
    assert result.change == -0.5


def test_turnover_change_counts_employers_left_out():
    change = employers.turnover_change(pd.Series([0.4, 0.3, None, 0.5]), pd.Series([0.3, None, 0.2, 0.3]))
    assert (change.n, change.excluded) == (2, 2)
    assert change.median_change == pytest.approx(-0.15)


@pytest.mark.parametrize(("non_state", "state", "expected"), [(300.0, 100.0, 3.0), (0.0, 50.0, 0.0)])
def test_leverage(non_state, state, expected):
    assert funding.leverage(non_state, state) == expected


def test_leverage_without_state_dollars_is_missing():
    assert math.isnan(funding.leverage(100.0, 0.0))
    assert math.isnan(funding.per_unit(100.0, 0))


@given(st.lists(st.tuples(st.floats(5, 60), st.floats(5, 60), st.booleans()), min_size=1, max_size=40),
       st.randoms())
def test_wage_gain_ignores_row_order_and_median_lies_within_range(rows, random):
    frame = pd.DataFrame(rows, columns=["pre", "post", "completed"])
    shuffled = frame.sample(frac=1, random_state=random.randint(0, 10_000))
    first = reference.wage_gain(frame["pre"], frame["post"], frame["completed"])
    second = reference.wage_gain(shuffled["pre"], shuffled["post"], shuffled["completed"])
    assert first.n == second.n
    if first.n:
        assert first.median_gain == pytest.approx(second.median_gain)
        gains = (frame["post"] - frame["pre"])[frame["completed"]]
        assert gains.min() - 1e-9 <= first.median_gain <= gains.max() + 1e-9
