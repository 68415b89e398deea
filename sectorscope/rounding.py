"""Rounding as every surface rounds a number it shows: a half away from zero, on the number the float holds
exactly. Python's round() and f-strings round a half to even, Plotly's d3-format (JavaScript's toFixed) and
PowerPoint away from zero: $768,500 read "$768K" on a card beside "$769K" on a bar, and 12.5% "12%" beside "13%".
In the shared base, so that metrics comparing a figure as shown with a threshold round as the pages do."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import numpy as np


def half_up(value: float, digits: int = 0) -> float:
    """``value`` rounded to ``digits`` decimals, a half away from zero, on the number the float holds exactly: as the
    charts' d3-format (JavaScript's toFixed) rounds, so a card and a chart's label agree. Python's round() and
    f-strings round a half to even: $768,500 read "$768K" on a card beside "$769K" on a chart, 12.5% "12%"."""
    value = float(value)
    scaled = abs(value) * 10.0 ** digits
    # Most numbers are nowhere near a half: Python's round() is exact for them and ten times faster (a printed WIOA
    # table formats 17,000 cells). Only a near-half (within the product's rounding error) is decided exactly.
    if scaled < 1e9 and abs(scaled % 1.0 - 0.5) > 1e-6:
        return round(value, digits)
    try:
        return float(Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))
    except InvalidOperation:  # infinite, or more digits than a decimal context holds (beyond 1e25): as Python does
        return round(value, digits)


def half_up_array(values: np.ndarray, digits: int = 0) -> np.ndarray:
    """``half_up`` of each value (NaN stays NaN): numpy's rounding where a value is nowhere near a half, as exact there
    as ``half_up``'s round(), and ``half_up`` itself for the few near one (a grid of 17,000 cells took 50 ms one by
    one)."""
    values = np.asarray(values, dtype="float64")
    rounded = np.round(values, digits)
    with np.errstate(invalid="ignore"):
        scaled = np.abs(values) * 10.0 ** digits
        near = ~((scaled < 1e9) & (np.abs(scaled % 1.0 - 0.5) > 1e-6)) & ~np.isnan(values)
    if near.any():
        rounded[near] = [half_up(value, digits) for value in values[near]]
    return rounded


# Significant digits a file keeps of a number (at least its cents): sums and differences carry binary noise from the
# 15th on ("0.910000000000002" for 91% as a fraction), far below any figure's precision. Used by the CSV downloads
# and the data behind a deck's charts (PowerPoint's "Edit Data" showed 2.6799999999999997).
KEPT_SIGNIFICANT_DIGITS = 12


def without_binary_noise(value: float) -> float:
    """``value`` rounded to ``KEPT_SIGNIFICANT_DIGITS`` significant digits, or to cents where it has more whole
    ones (a billion-dollar sum keeps its cents)."""
    if not math.isfinite(value) or value == 0:
        return value
    whole_digits = math.floor(math.log10(abs(value))) + 1
    return round(value, max(2, KEPT_SIGNIFICANT_DIGITS - whole_digits))
