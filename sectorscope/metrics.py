"""Outcome metrics: small pure functions on pandas Series, each with its definition and source.

Missing values are left out of a metric and the count it rests on (``n``) says how many were used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class WageGain:
    """Hourly wage gain among completers with both wages."""

    n: int
    mean_gain: float
    median_gain: float
    median_pct_gain: float


@dataclass(frozen=True)
class Share:
    """A share of people (or employers) with a yes, among those with a known answer."""

    n: int
    share: float


@dataclass(frozen=True)
class BeforeAfter:
    """A yes/no condition before and after, among those with both answers known (paired)."""

    n: int
    before: float
    after: float

    @property
    def change(self) -> float:
        return self.after - self.before


@dataclass(frozen=True)
class TurnoverChange:
    """Paired change of employers' turnover rates, in shares (0.05 = 5 percentage points)."""

    n: int
    excluded: int
    median_before: float
    median_after: float
    median_change: float


def _bool(series: pd.Series) -> pd.Series:
    return series.astype("boolean")


def wage_gain(pre_hourly: pd.Series, post_hourly: pd.Series, completed: pd.Series) -> WageGain:
    """Post minus pre hourly wage among completers with both wages.

    gain_i = post_i - pre_i for completers with both wages present; mean and median of gain_i in dollars;
    median percent gain = median of gain_i / pre_i over those with pre_i > 0. The published reference is +$2.00
    per hour on average (Public/Private Ventures sectoral employment impact study). With no such person every
    figure is NaN and n is 0.
    """
    pre = pd.to_numeric(pre_hourly, errors="coerce")
    post = pd.to_numeric(post_hourly, errors="coerce")
    used = _bool(completed).fillna(False).to_numpy(dtype=bool) & pre.notna().to_numpy() & post.notna().to_numpy()
    gains = (post - pre)[used]
    if gains.empty:
        return WageGain(0, math.nan, math.nan, math.nan)
    with_base = pre[used] > 0
    pct = (gains[with_base] / pre[used][with_base]).median() if with_base.any() else math.nan
    return WageGain(len(gains), float(gains.mean()), float(gains.median()), float(pct))


def share_true(flags: pd.Series) -> Share:
    """Share of True among known values (missing left out): sum(flag) / count(known). NaN share when none known."""
    known = _bool(flags).dropna()
    if known.empty:
        return Share(0, math.nan)
    return Share(len(known), float(known.astype(bool).mean()))


def before_after(before: pd.Series, after: pd.Series) -> BeforeAfter:
    """Shares with a condition before and after among people with both answers known (a paired comparison).

    For example below poverty: the reference is 64% -> 35% (Public/Private Ventures); employer-offered health
    insurance 49% -> 73% and paid sick leave 35% -> 58% (evaluation of sector initiatives' impact on workers).
    """
    b, a = _bool(before), _bool(after)
    paired = (b.notna() & a.notna()).to_numpy(dtype=bool)
    if not paired.any():
        return BeforeAfter(0, math.nan, math.nan)
    return BeforeAfter(int(paired.sum()), float(b[paired].astype(bool).mean()), float(a[paired].astype(bool).mean()))


def turnover_change(before: pd.Series, after: pd.Series) -> TurnoverChange:
    """Median paired change in turnover rate (after - before) among employers with both rates.

    Rates are shares 0-1; an employer missing either rate is left out and counted in ``excluded``.
    """
    b = pd.to_numeric(before, errors="coerce")
    a = pd.to_numeric(after, errors="coerce")
    paired = b.notna() & a.notna()
    excluded = int((~paired).sum())
    if not paired.any():
        return TurnoverChange(0, excluded, math.nan, math.nan, math.nan)
    return TurnoverChange(int(paired.sum()), excluded, float(b[paired].median()), float(a[paired].median()),
                          float((a[paired] - b[paired]).median()))


def leverage(non_state_dollars: float, state_dollars: float) -> float:
    """Non-state dollars per state dollar: non_state / state. NaN when there are no state dollars."""
    return non_state_dollars / state_dollars if state_dollars > 0 else math.nan


def per_unit(amount: float, units: int | float) -> float:
    """Amount per unit (e.g. grant dollars per participant); NaN when there are no units."""
    return amount / units if units and units > 0 else math.nan


def median_or_nan(values: pd.Series) -> float:
    """Median of the known values, NaN when none."""
    known = pd.to_numeric(values, errors="coerce").dropna()
    return float(np.median(known)) if len(known) else math.nan
