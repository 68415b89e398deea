"""Worker outcome metrics: wage gains and conditions before and after training."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from sectorscope.metrics.common import as_boolean


@dataclass(frozen=True)
class WageGain:
    """Hourly wage gain among completers with both wages."""

    n: int
    mean_gain: float
    median_gain: float
    median_pct_gain: float


@dataclass(frozen=True)
class BeforeAfter:
    """A yes/no condition before and after, among those with both answers known (paired)."""

    n: int
    before: float
    after: float

    @property
    def change(self) -> float:
        return self.after - self.before


def wage_gain(pre_hourly: pd.Series, post_hourly: pd.Series, completed: pd.Series) -> WageGain:
    """Post minus pre hourly wage among completers with both wages.

    gain_i = post_i - pre_i for completers with both wages present; mean and median of gain_i in dollars;
    median percent gain = median of gain_i / pre_i over those with pre_i > 0. The published reference is +$2.00
    per hour on average (Public/Private Ventures sectoral employment impact study). With no such person every
    figure is NaN and n is 0.
    """
    pre = pd.to_numeric(pre_hourly, errors="coerce")
    post = pd.to_numeric(post_hourly, errors="coerce")
    used = as_boolean(completed).fillna(False).to_numpy(dtype=bool) & pre.notna().to_numpy() & post.notna().to_numpy()
    gains = (post - pre)[used]
    if gains.empty:
        return WageGain(0, math.nan, math.nan, math.nan)
    with_base = pre[used] > 0
    pct = (gains[with_base] / pre[used][with_base]).median() if with_base.any() else math.nan
    return WageGain(len(gains), float(gains.mean()), float(gains.median()), float(pct))


def before_after(before: pd.Series, after: pd.Series) -> BeforeAfter:
    """Shares with a condition before and after among people with both answers known (a paired comparison).

    For example below poverty: the reference is 64% -> 35% (Public/Private Ventures); employer-offered health
    insurance 49% -> 73% and paid sick leave 35% -> 58% (evaluation of sector initiatives' impact on workers).
    """
    b, a = as_boolean(before), as_boolean(after)
    paired = (b.notna() & a.notna()).to_numpy(dtype=bool)
    if not paired.any():
        return BeforeAfter(0, math.nan, math.nan)
    return BeforeAfter(int(paired.sum()), float(b[paired].astype(bool).mean()), float(a[paired].astype(bool).mean()))
