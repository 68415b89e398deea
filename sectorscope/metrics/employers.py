"""Employer outcome metrics: turnover before and after joining a partnership."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class TurnoverChange:
    """Paired change of employers' turnover rates, in shares (0.05 = 5 percentage points)."""

    n: int
    excluded: int
    median_before: float
    median_after: float
    median_change: float


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
