"""Text alternatives for charts and maps: one or two plain sentences that say what the picture shows.

Pure functions, one per chart, so a screen reader (and anyone in a hurry) gets the same facts as the picture.
Hidden values are counted and named as hidden, never read as zero.
"""

from __future__ import annotations

import math

import pandas as pd

from sectorscope.present.formatting import format_count


def _hidden_note(hidden: int, what: str, k: int) -> str:
    if not hidden:
        return ""
    noun = what if hidden != 1 else what.rstrip("s")
    return f" {hidden} {noun} hidden for privacy (fewer than {k} people, or it would give such a number away)."


def ranked_bars_summary(frame: pd.DataFrame, label: str, value: str, measure: str, formatter, what: str,
                        basis: str | None = None, basis_noun: str = "people", k: int = 10) -> str:
    """"Median hourly wage gain was highest in Healthcare, +$2.60, and lowest in Hospitality, +$1.10; 9 sectors,
    11,929 completers."

    ``frame`` has one row per bar (``label``, ``value`` — NaN when hidden — and optionally ``basis``, the count each
    bar rests on). With one shown bar it names it; with none it says so.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"sector": ["A", "B"], "gain": [2.6, 1.1], "n": [10, 20]})
    >>> ranked_bars_summary(frame, "sector", "gain", "Median hourly wage gain", lambda v: f"+${v:.2f}", "sectors",
    ...                     "n", "completers")
    'Median hourly wage gain was highest in A, +$2.60, and lowest in B, +$1.10; 2 sectors, 30 completers.'
    """
    shown = frame[frame[value].notna()]
    hidden = len(frame) - len(shown)
    note = _hidden_note(hidden, what, k)
    if shown.empty:
        return f"No {what} can be shown.{note}"
    total = f", {format_count(shown[basis].sum())} {basis_noun}" if basis else ""
    if len(shown) == 1:
        row = shown.iloc[0]
        return f"{measure} was {formatter(row[value])} in {row[label]}; 1 of {len(frame)} {what} shown{total}.{note}"
    top = shown.loc[shown[value].idxmax()]
    bottom = shown.loc[shown[value].idxmin()]
    return (f"{measure} was highest in {top[label]}, {formatter(top[value])}, and lowest in {bottom[label]}, "
            f"{formatter(bottom[value])}; {len(shown)} {what}{total}.{note}")


def yearly_summary(frame: pd.DataFrame, year: str, value: str, measure: str, k: int = 10) -> str:
    """"People leaving training peaked in 2019 at 2,410; from 2016 to 2023, 16,442 in the years shown."

    ``frame`` has one row per year (``value`` NaN when hidden).
    """
    shown = frame[frame[value].notna()]
    note = _hidden_note(len(frame) - len(shown), "years", k)
    if shown.empty:
        return f"No year can be shown.{note}"
    peak = shown.loc[shown[value].idxmax()]
    first, last = shown[year].min(), shown[year].max()
    return (f"{measure} peaked in {peak[year]} at {format_count(peak[value])}; from {first} to {last}, "
            f"{format_count(shown[value].sum())} in the years shown.{note}")


def partnership_map_summary(by_county: pd.DataFrame, place: str) -> str:
    """"34 of 67 counties are served by at least one public partnership; the most, 5, serve Lancaster County."

    ``by_county`` has county_name and partnerships (rows of ``partnerships_by_county``).
    """
    served = by_county[by_county["partnerships"] > 0]
    if served.empty:
        return f"No public partnership serves a county in {place} yet."
    most = served.loc[served["partnerships"].idxmax()]
    count = int(most["partnerships"])
    verb = "serves" if count == 1 else "serve"
    return (f"{len(served)} of {len(by_county)} counties in {place} are served by at least one public partnership; "
            f"the most, {count}, {verb} {most['county_name']} County.")


def is_drawable(values: pd.Series) -> bool:
    """Is there anything for a chart to show (at least two finite values)? Else a short message replaces it."""
    finite = pd.to_numeric(values, errors="coerce").map(lambda v: not (v is None or math.isnan(v)))
    return int(finite.sum()) >= 2
