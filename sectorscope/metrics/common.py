"""Shares and medians that leave missing values out and say how many values they rest on."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Share:
    """A share of people (or employers) with a yes, among those with a known answer."""

    n: int
    share: float


def as_boolean(series: pd.Series) -> pd.Series:
    """The Series as nullable booleans (NA = unknown)."""
    return series.astype("boolean")


def share_true(flags: pd.Series) -> Share:
    """Share of True among known values (missing left out): sum(flag) / count(known). NaN share when none known."""
    known = as_boolean(flags).dropna()
    if known.empty:
        return Share(0, math.nan)
    return Share(len(known), float(known.astype(bool).mean()))


def median_or_nan(values: pd.Series) -> float:
    """Median of the known values, NaN when none."""
    known = pd.to_numeric(values, errors="coerce").dropna()
    return float(np.median(known)) if len(known) else math.nan
